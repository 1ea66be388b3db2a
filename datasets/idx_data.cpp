#include "datasets/idx_data.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/input_error.hpp"
#include "datasets/huge_pages.hpp"
#include "datasets/idx_reader.hpp"
#include "datasets/sha256.hpp"

namespace rwwce::datasets {

LabelledData read_idx_data(const std::vector<std::string>& images,
                           const std::vector<std::string>& labels, double scale,
                           double max_sparse_density) {
  if (images.empty() || images.size() != labels.size())
    throw InputError(fmt::format(
        "IDX data: expected as many label files as image files (at least one of each), found {} "
        "image and {} label files",
        images.size(), labels.size()));
  if (!(scale > 0) || !std::isfinite(scale))
    throw InputError(fmt::format("IDX data: scale must be a finite number > 0, found {}", scale));
  std::vector<IdxImages> parts;
  std::vector<std::vector<std::uint8_t>> part_labels;
  std::size_t n = 0;
  std::vector<std::pair<std::string, std::string>> hashes;
  for (std::size_t i = 0; i < images.size(); ++i) {
    // Each file read once: parsed and hashed from the same bytes.
    const std::vector<std::uint8_t> image_bytes = read_idx_bytes(images[i]);
    const std::vector<std::uint8_t> label_bytes = read_idx_bytes(labels[i]);
    parts.push_back(parse_idx_images(image_bytes, images[i]));
    part_labels.push_back(parse_idx_labels(label_bytes, labels[i], 256));
    hashes.emplace_back(images[i], sha256_bytes(image_bytes.data(), image_bytes.size()));
    hashes.emplace_back(labels[i], sha256_bytes(label_bytes.data(), label_bytes.size()));
    const IdxImages& p = parts.back();
    if (p.count != part_labels.back().size())
      throw InputError(fmt::format("IDX data: '{}' holds {} images but '{}' holds {} labels",
                                   images[i], p.count, labels[i], part_labels.back().size()));
    if (p.rows != parts.front().rows || p.cols != parts.front().cols)
      throw InputError(fmt::format("IDX data: '{}' holds {}x{} images but '{}' holds {}x{}",
                                   images[i], p.rows, p.cols, images.front(), parts.front().rows,
                                   parts.front().cols));
    n += p.count;
  }
  const std::size_t dim = parts.front().rows * parts.front().cols;
  LabelledData data;
  data.name = "idx";
  data.x = xt::xtensor<float, 2>::from_shape({n, dim});
  float* out = data.x.data();
  advise_huge_pages(out, n * dim * sizeof(float));
  const auto s = static_cast<float>(scale);
  int max_label = -1;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (std::uint8_t v : parts[i].pixels) *out++ = static_cast<float>(v) / s;
    for (std::uint8_t y : part_labels[i]) max_label = std::max(max_label, int{y});
    data.y.insert(data.y.end(), part_labels[i].begin(), part_labels[i].end());
  }
  data.num_classes = max_label + 1;
  data.files = std::move(hashes);
  attach_sparse_copy(data, max_sparse_density);
  return data;
}

}  // namespace rwwce::datasets
