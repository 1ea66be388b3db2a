#include "datasets/mnist.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <filesystem>

#include "core/input_error.hpp"
#include "core/parallel.hpp"
#include "core/tsan_handoff.hpp"
#include "datasets/data_files.hpp"
#include "datasets/idx_reader.hpp"
#include "datasets/sha256.hpp"

namespace rwwce::datasets {
namespace {

// The published label counts (docs/protocol.md, section 'Data').
constexpr std::array<std::size_t, 10> kTrainCounts = {5923, 6742, 5958, 6131, 5842,
                                                      5421, 5918, 6265, 5851, 5949};
constexpr std::array<std::size_t, 10> kTestCounts = {980, 1135, 1032, 1010, 982,
                                                     892, 958,  1028, 974,  1009};

void check_counts(const std::vector<std::uint8_t>& labels,
                  const std::array<std::size_t, 10>& expected, const std::string& path) {
  std::array<std::size_t, 10> counts{};
  for (std::uint8_t y : labels) ++counts[y];
  if (counts != expected)
    throw InputError(fmt::format("MNIST labels '{}': label counts {} differ from the published {}",
                                 path, fmt::join(counts, " "), fmt::join(expected, " ")));
}

// Each file's SHA-256 against the published one, in load order; the first mismatch throws.
void check_hashes(const std::string& dir, const std::array<std::string, 4>& paths,
                  const std::array<std::vector<std::uint8_t>, 4>& bytes,
                  std::array<std::string, 4>& hashes) {
  for (std::size_t i = 0; i < 4; ++i) {
    hashes[i] = sha256_bytes(bytes[i].data(), bytes[i].size());
    if (hashes[i] != kMnistSha256[i])
      throw InputError(fmt::format(
          "MNIST file '{}' has SHA-256 {}, expected {}: it is not the published file (corrupt or "
          "replaced); run `rwwce data fetch --dir {}` to restore it, or --trust-data to run on "
          "it anyway",
          paths[i], hashes[i], kMnistSha256[i], dir));
  }
}

}  // namespace

Mnist load_mnist(const std::string& dir, bool trust) {
  // Each part (training, then test) read and its headers checked before the next is read.
  std::array<std::string, 4> paths;
  std::array<std::vector<std::uint8_t>, 4> bytes;
  std::array<IdxImages, 2> images;
  std::array<std::vector<std::uint8_t>, 2> labels;
  for (std::size_t part = 0; part < 2; ++part) {
    const std::size_t i = 2 * part;
    for (const std::size_t f : {i, i + 1}) {
      paths[f] = dir + "/" + kMnistFiles[f];
      bytes[f] = read_idx_bytes(paths[f]);
    }
    images[part] = idx_images_header(bytes[i], paths[i]);
    labels[part] = parse_idx_labels(bytes[i + 1], paths[i + 1], 10);
    if (images[part].rows != 28 || images[part].cols != 28)
      throw InputError(fmt::format("MNIST images file '{}': expected 28x28 images, found {}x{}",
                                   paths[i], images[part].rows, images[part].cols));
    if (images[part].count != labels[part].size())
      throw InputError(fmt::format(
          "MNIST image/label count mismatch: '{}' holds {} images but '{}' holds {} labels; "
          "run `rwwce data verify` and `rwwce data fetch`",
          paths[i], images[part].count, paths[i + 1], labels[part].size()));
  }
  // The SHA-256 check (~55 MB) runs beside the label counts and the sparse copy, which read the
  // same bytes; a mismatch is reported before a label count error, as if checked first.
  std::array<std::string, 4> hashes;
  std::exception_ptr hash_error, parse_error;
  TaskGroup hashing;
  int before = 0, after = 0;  // TSan's tokens for TBB's hand-offs (core/tsan_handoff.hpp)
  tsan_release(&before);
  if (!trust)
    hashing.run([&] {
      tsan_acquire(&before);
      try {
        check_hashes(dir, paths, bytes, hashes);
      } catch (...) {
        hash_error = std::current_exception();
      }
      tsan_release(&after);
    });
  Mnist mnist;
  try {
    if (!trust) {
      check_counts(labels[0], kTrainCounts, paths[1]);
      check_counts(labels[1], kTestCounts, paths[3]);
    }
    constexpr std::size_t dim = 28 * 28;
    // Match NumPy's float32(uint8) / 255: a float32 division, correctly rounded.
    std::array<float, 256> value;
    for (std::size_t v = 0; v < 256; ++v) value[v] = static_cast<float>(v) / 255.0f;
    mnist.x = xt::xtensor<float, 2>::from_shape({0, dim});
    mnist.y.reserve(labels[0].size() + labels[1].size());
    mnist.y.insert(mnist.y.end(), labels[0].begin(), labels[0].end());
    mnist.y.insert(mnist.y.end(), labels[1].begin(), labels[1].end());
    // From the bytes: the same matrix as to_csr of the dense pixels / 255 (csr_matrix.hpp).
    mnist.csr =
        to_csr({{bytes[0].data() + 16, images[0].count}, {bytes[2].data() + 16, images[1].count}},
               dim, value);
  } catch (...) {
    parse_error = std::current_exception();
  }
  hashing.wait();
  tsan_acquire(&after);
  if (hash_error) std::rethrow_exception(hash_error);
  if (parse_error) std::rethrow_exception(parse_error);
  for (std::size_t i = 0; i < 4; ++i) {
    if (trust) {  // not hashed: its size and modification time stand for its contents
      std::error_code ec;
      const auto mtime = std::filesystem::last_write_time(paths[i], ec).time_since_epoch().count();
      mnist.files.emplace_back(paths[i], fmt::format("(trusted, not checked: {} bytes, mtime {})",
                                                     bytes[i].size(), mtime));
    } else {
      mnist.files.emplace_back(paths[i], hashes[i]);
    }
  }
  mnist.name = "mnist";
  mnist.num_classes = 10;
  return mnist;
}

std::string default_data_dir() {
  const char* env = std::getenv("RWWCE_DATA");
  if (env != nullptr && env[0] != '\0') return env;
  return RWWCE_SOURCE_DIR "/data";
}

}  // namespace rwwce::datasets
