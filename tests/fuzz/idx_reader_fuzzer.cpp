// The IDX reader (datasets/idx_reader.hpp) on arbitrary bytes, as an images file and as a
// labels file; what it accepts must be self-consistent.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "datasets/idx_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  const std::vector<std::uint8_t> bytes(data, data + size);
  fuzz::expect_only_input_errors([&] {
    const datasets::IdxImages images = datasets::parse_idx_images(bytes, "fuzz-images.idx");
    fuzz::check(images.rows > 0 && images.cols > 0, "images have a positive size");
    fuzz::check(images.pixels.size() == images.count * images.rows * images.cols,
                "pixels hold count x rows x cols bytes");
    fuzz::check(images.pixels.size() + 16 == size, "header + pixels is the whole file");
  });
  fuzz::expect_only_input_errors([&] {
    const auto labels = datasets::parse_idx_labels(bytes, "fuzz-labels.idx", 10);
    fuzz::check(labels.size() + 8 == size, "header + labels is the whole file");
    for (const auto label : labels) fuzz::check(label < 10, "every label is below num_classes");
  });
  return 0;
}
