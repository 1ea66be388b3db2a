#include "datasets/idx_reader.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"
#include "datasets/huge_pages.hpp"

namespace rwwce::datasets {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
const char* const kFetchHint = "run `rwwce data fetch` to download verified MNIST files";

// The whole file in memory: MNIST's largest file is 47 MB, and reading it at once lets every
// check compare against the true size. Before anything is allocated the size is checked
// against kMaxIdxBytes and against what the header promises, so a huge or sparse file is
// refused at once instead of read whole.
std::vector<std::uint8_t> read_whole_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec == std::errc::too_many_symbolic_link_levels)
    throw InputError(fmt::format("cannot open IDX file '{}': a loop of symbolic links", path));
  if (!std::filesystem::exists(status)) {
    throw InputError(fmt::format("cannot open IDX file '{}': no such file; {}", path, kFetchHint));
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError(
        fmt::format("cannot read IDX file '{}': expected a regular file, found a directory or "
                    "special file; {}",
                    path, kFetchHint));
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    throw InputError(fmt::format("cannot open IDX file '{}': {}; {}", path,
                                 ec ? ec.message() : std::strerror(errno), kFetchHint));
  }
  if (size > kMaxIdxBytes)
    throw InputError(
        fmt::format("IDX file '{}' holds {} bytes, more than the {} an IDX file may "
                    "have here",
                    path, size, kMaxIdxBytes));
  // The header first: an unsigned-byte IDX file of d dimensions has exactly 4 + 4d + prod(dims)
  // bytes.
  std::uint8_t head[16] = {};
  const std::size_t head_n = static_cast<std::size_t>(std::min<std::uintmax_t>(size, 16));
  if (head_n > 0 && !in.read(reinterpret_cast<char*>(head), static_cast<std::streamsize>(head_n)))
    throw InputError(fmt::format("cannot read IDX file '{}': I/O error", path));
  const auto u32 = [&](std::size_t at) {
    return (std::uint64_t{head[at]} << 24) | (std::uint64_t{head[at + 1]} << 16) |
           (std::uint64_t{head[at + 2]} << 8) | std::uint64_t{head[at + 3]};
  };
  if (head_n >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08 &&
      (head[3] == 1 || head[3] == 3)) {
    const std::size_t ndims = head[3], header = 4 + 4 * ndims;
    if (head_n >= header) {
      std::uint64_t expected = header;
      std::uint64_t elements = 1;
      for (std::size_t d = 0; d < ndims; ++d) {
        const std::uint64_t dim = u32(4 + 4 * d);
        elements = dim == 0 || elements > kMaxIdxBytes / dim ? (dim == 0 ? 0 : kMaxIdxBytes + 1)
                                                             : elements * dim;
      }
      expected += elements;
      // A file much larger than its header promises (a sparse multi-gigabyte file, say) is
      // refused here, before it is read; smaller mismatches get their detailed message below.
      if (size > expected && size - expected > (std::uint64_t{1} << 20))
        throw InputError(fmt::format(
            "IDX file '{}' has {} bytes, but its header promises {}{} ({}-byte header + the "
            "elements of its dimensions); it is truncated, padded or not an IDX file; {}",
            path, size, elements > kMaxIdxBytes ? "more than " : "",
            elements > kMaxIdxBytes ? kMaxIdxBytes : expected, header, kFetchHint));
    }
  }
  std::vector<std::uint8_t> bytes;
  resize_in_huge_pages(bytes, static_cast<std::size_t>(size));
  std::copy(head, head + head_n, bytes.begin());
  if (size > head_n && !in.read(reinterpret_cast<char*>(bytes.data() + head_n),
                                static_cast<std::streamsize>(size - head_n))) {
    throw InputError(fmt::format("cannot read IDX file '{}': expected {} bytes, read {}", path,
                                 size, head_n + static_cast<std::size_t>(in.gcount())));
  }
  return bytes;
}

std::uint32_t big_endian_u32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

// Checks the header (magic and `ndims` dimensions) and the exact file size; returns the
// dimensions.
template <std::size_t ndims>
std::array<std::size_t, ndims> read_header(const std::vector<std::uint8_t>& bytes,
                                           const std::string& path, std::uint32_t magic,
                                           const char* kind) {
  const std::size_t header = 4 * (1 + ndims);
  if (bytes.empty()) {
    throw InputError(
        fmt::format("IDX {} file '{}' is empty: expected at least a {}-byte header; {}", kind, path,
                    header, kFetchHint));
  }
  if (bytes.size() < 4) {
    throw InputError(fmt::format(
        "IDX {} file '{}' is truncated: expected a {}-byte header, found only {} bytes; {}", kind,
        path, header, bytes.size(), kFetchHint));
  }
  const std::uint32_t found = big_endian_u32(bytes, 0);
  if (found != magic) {
    throw InputError(fmt::format(
        "IDX {} file '{}' has the wrong magic number: expected 0x{:08x} (unsigned bytes, {} "
        "dimension{}), found 0x{:08x}; is it the right file, and uncompressed (not .gz)?",
        kind, path, magic, ndims, ndims == 1 ? "" : "s", found));
  }
  if (bytes.size() < header) {
    throw InputError(fmt::format(
        "IDX {} file '{}' is truncated: expected a {}-byte header, found only {} bytes; {}", kind,
        path, header, bytes.size(), kFetchHint));
  }
  std::array<std::size_t, ndims> dims{};
  // The product of the dimensions saturates at file size + 1: a corrupt header with huge
  // dimensions must not overflow into a small, plausible count.
  const std::size_t saturated = bytes.size() + 1;
  std::size_t elements = 1;
  bool any_zero = false;
  for (std::size_t d = 0; d < ndims; ++d) {
    dims[d] = big_endian_u32(bytes, 4 * (1 + d));
    if (dims[d] == 0) {
      any_zero = true;
    } else if (elements > saturated / dims[d]) {
      elements = saturated;
    } else {
      elements *= dims[d];
    }
  }
  if (any_zero) elements = 0;
  const std::size_t expected = header + elements;
  if (bytes.size() < expected) {
    throw InputError(fmt::format(
        "IDX {} file '{}' is truncated: its header promises {} data bytes after the {}-byte "
        "header, found only {}; {}",
        kind, path,
        elements > bytes.size() ? "more than the file's " + std::to_string(bytes.size())
                                : std::to_string(elements),
        header, bytes.size() - header, kFetchHint));
  }
  if (bytes.size() > expected) {
    throw InputError(fmt::format(
        "IDX {} file '{}' has {} trailing bytes: expected exactly {} bytes ({}-byte header + {} "
        "data bytes), found {}; {}",
        kind, path, bytes.size() - expected, expected, header, elements, bytes.size(), kFetchHint));
  }
  return dims;
}

void check_num_classes(int num_classes) {
  if (num_classes < 1 || num_classes > 256) {
    throw InputError(
        fmt::format("read_idx_labels: num_classes must be in 1..256, found {}", num_classes));
  }
}

}  // namespace

std::vector<std::uint8_t> read_idx_bytes(const std::string& path) {
  return read_whole_file(path);
}

IdxImages read_idx_images(const std::string& path) {
  return parse_idx_images(read_whole_file(path), path);  // the rvalue overload: no copy
}

std::vector<std::uint8_t> read_idx_labels(const std::string& path, int num_classes) {
  check_num_classes(num_classes);
  return parse_idx_labels(read_whole_file(path), path, num_classes);
}

IdxImages idx_images_header(const std::vector<std::uint8_t>& bytes, const std::string& path) {
  const auto dims = read_header<3>(bytes, path, kImagesMagic, "images");
  if (dims[1] == 0 || dims[2] == 0) {
    throw InputError(fmt::format(
        "IDX images file '{}' has an empty image size {}x{}: expected positive rows and columns",
        path, dims[1], dims[2]));
  }
  IdxImages images;
  images.count = dims[0];
  images.rows = dims[1];
  images.cols = dims[2];
  return images;
}

IdxImages parse_idx_images(const std::vector<std::uint8_t>& bytes, const std::string& path) {
  IdxImages images = idx_images_header(bytes, path);
  images.pixels.assign(bytes.begin() + 16, bytes.end());
  return images;
}

IdxImages parse_idx_images(std::vector<std::uint8_t>&& bytes, const std::string& path) {
  IdxImages images = idx_images_header(bytes, path);
  bytes.erase(bytes.begin(), bytes.begin() + 16);
  images.pixels = std::move(bytes);
  return images;
}

std::vector<std::uint8_t> parse_idx_labels(const std::vector<std::uint8_t>& bytes,
                                           const std::string& path, int num_classes) {
  check_num_classes(num_classes);
  read_header<1>(bytes, path, kLabelsMagic, "labels");
  std::vector<std::uint8_t> labels(bytes.begin() + 8, bytes.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= num_classes) {
      throw InputError(fmt::format(
          "IDX labels file '{}': label {} at index {} is out of range: expected 0..{}; {}", path,
          labels[i], i, num_classes - 1, kFetchHint));
    }
  }
  return labels;
}

}  // namespace rwwce::datasets
