#include "datasets/examples.hpp"

#include <algorithm>
#include <cstring>

namespace rwwce::datasets {

void Examples::copy_row(std::size_t i, float* out) const {
  if (dim == 0) return;
  if (source != nullptr) {
    std::memcpy(out, row(i), dim * sizeof(float));
    return;
  }
  std::fill(out, out + dim, 0.0f);
  const std::size_t r = rows[i];
  for (std::uint64_t k = sparse->row_ptr[r]; k < sparse->row_ptr[r + 1]; ++k)
    out[sparse->col[k]] = sparse->val[k];
}

}  // namespace rwwce::datasets
