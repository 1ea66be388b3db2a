#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "datasets/csr_matrix.hpp"

namespace rwwce::datasets {

// Labelled examples held in memory once per run: every task of a study (each Table I dataset,
// each split) is an index view into them (datasets/dataset.hpp).
struct LabelledData {
  std::string name;  // "mnist", "wdbc", a CSV's file stem
  // (n, dim) features, or (0, dim) when csr holds them all (MNIST: only the sparse copy is kept,
  // the dense one would be 220 MB written at every start-up; fill_dense makes it on demand).
  xt::xtensor<float, 2> x;
  std::vector<std::uint8_t> y;  // (n) class labels 0 .. num_classes - 1
  int num_classes = 0;
  // (n, dim) the same features, nonzeros only, when they are sparse enough for the sparse first
  // layer to pay (density below models::kSparseDensityThreshold); otherwise rows == 0.
  CsrMatrix csr;
  std::vector<std::string> feature_names;  // (dim) a CSV's header; empty for images
  // Where the data came from: each input file and its SHA-256, in load order.
  std::vector<std::pair<std::string, std::string>> files;

  std::size_t size() const { return y.size(); }
  std::size_t dim() const { return x.shape()[1]; }
  const CsrMatrix* sparse() const { return csr.rows == size() && csr.rows > 0 ? &csr : nullptr; }
  // The dense features for Examples::source: x's data, or null when only csr holds them.
  const float* dense_source() const {
    return x.shape()[0] == size() && size() > 0 ? x.data() : nullptr;
  }
};

// Makes data.x the dense features from data.csr when it holds none (a no-op otherwise).
void fill_dense(LabelledData& data);

// Fills data.csr with to_csr(data.x) when the density of nonzeros is below `max_density`.
void attach_sparse_copy(LabelledData& data, double max_density);

// Per-class counts of data.y, one per class 0 .. num_classes - 1.
std::vector<std::size_t> label_counts(const LabelledData& data);

}  // namespace rwwce::datasets
