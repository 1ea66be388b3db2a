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
  std::string name;             // "mnist", "wdbc", a CSV's file stem
  xt::xtensor<float, 2> x;      // (n, dim) features
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
};

// Fills data.csr with to_csr(data.x) when the density of nonzeros is below `max_density`.
void attach_sparse_copy(LabelledData& data, double max_density);

// Per-class counts of data.y, one per class 0 .. num_classes - 1.
std::vector<std::size_t> label_counts(const LabelledData& data);

}  // namespace rwwce::datasets
