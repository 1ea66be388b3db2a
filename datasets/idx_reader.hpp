#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rwwce::datasets {

// The IDX format (LeCun's MNIST files): a big-endian 32-bit magic number 0x00000803 (unsigned
// bytes, 3 dimensions) or 0x00000801 (unsigned bytes, 1 dimension), the dimensions as big-endian
// 32-bit counts, then the elements. The readers check everything against the file size and
// throw InputError naming the file, what was expected and what was found.
struct IdxImages {
  std::size_t count = 0;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<std::uint8_t> pixels;  // (count, rows*cols) row-major
};

// The largest IDX file read: 4 GiB (MNIST's largest is 47 MB). Larger files, and files whose
// size differs from what their header promises, are refused before anything is allocated.
inline constexpr std::uint64_t kMaxIdxBytes = std::uint64_t{4} << 30;

// A whole IDX file's bytes, after those checks; InputError naming the file otherwise.
std::vector<std::uint8_t> read_idx_bytes(const std::string& path);

// Reads an IDX3 unsigned-byte image file.
IdxImages read_idx_images(const std::string& path);

// Reads an IDX1 unsigned-byte label file; every label must be < num_classes.
std::vector<std::uint8_t> read_idx_labels(const std::string& path, int num_classes = 10);

// The same readers on a whole file's bytes already in memory; `source_name` (a path) names it
// in the errors.
IdxImages parse_idx_images(const std::vector<std::uint8_t>& bytes, const std::string& source_name);
// The same, taking over the bytes' storage for the pixels instead of copying them.
IdxImages parse_idx_images(std::vector<std::uint8_t>&& bytes, const std::string& source_name);
std::vector<std::uint8_t> parse_idx_labels(const std::vector<std::uint8_t>& bytes,
                                           const std::string& source_name, int num_classes = 10);
// An images file's checked header only: count, rows and cols, pixels left empty (they are
// bytes[16 ..), which read_idx_bytes has checked hold count * rows * cols of them).
IdxImages idx_images_header(const std::vector<std::uint8_t>& bytes, const std::string& source_name);

}  // namespace rwwce::datasets
