#include "datasets/labelled_data.hpp"

namespace rwwce::datasets {

void attach_sparse_copy(LabelledData& data, double max_density) {
  const std::size_t n = data.size(), d = data.dim();
  if (n == 0 || d == 0) return;
  std::size_t nnz = 0;
  const float* x = data.x.data();
  for (std::size_t i = 0; i < n * d; ++i) nnz += x[i] != 0.0f;
  if (static_cast<double>(nnz) / static_cast<double>(n * d) < max_density)
    data.csr = to_csr(x, n, d);
}

void fill_dense(LabelledData& data) {
  if (data.dense_source() != nullptr || data.sparse() == nullptr) return;
  data.x = xt::xtensor<float, 2>::from_shape({data.csr.rows, data.csr.cols});
  to_dense(data.csr, data.x.data());
}

std::vector<std::size_t> label_counts(const LabelledData& data) {
  std::vector<std::size_t> counts(static_cast<std::size_t>(std::max(data.num_classes, 0)), 0);
  for (std::uint8_t label : data.y)
    if (label < counts.size()) ++counts[label];
  return counts;
}

}  // namespace rwwce::datasets
