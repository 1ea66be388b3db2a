#pragma once
// A study's examples: read once per run from the source its [data] names, and checked against
// what its tasks and costs need.
#include "datasets/labelled_data.hpp"
#include "experiments/study.hpp"

namespace rwwce::experiments {

// mnist: the four IDX files of data.dir (or $RWWCE_DATA / <repo>/data), each checked against
// its published SHA-256 and label counts while it is read, with the sparse copy; idx: the given
// files; csv: the file (datasets/csv_data.hpp); wdbc: the vendored file (checksum checked). Then: a
// binary task needs labels 0/1, a one-vs-rest task at least two classes, a multiclass task at least
// two classes and as many as its K x K costs. InputError naming the file and what differs. `trust`
// skips the checksum check of the MNIST files (their hashes are then not computed); every other
// check stays. data.files records each file read and its SHA-256.
datasets::LabelledData load_study_data(const Study& study, bool trust = false);

}  // namespace rwwce::experiments
