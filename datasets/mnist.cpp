#include "datasets/mnist.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>

#include "core/input_error.hpp"
#include "datasets/data_files.hpp"
#include "datasets/huge_pages.hpp"
#include "datasets/idx_reader.hpp"
#include "datasets/sha256.hpp"

namespace rwwce::datasets {
namespace {

struct Part {
  IdxImages images;
  std::vector<std::uint8_t> labels;
};

// One IDX file's bytes, checked against its published SHA-256 unless `trust`; records the
// file and its hash (the one computed, or "(trusted)" unchecked).
std::vector<std::uint8_t> read_checked(const std::string& dir, std::size_t index, bool trust,
                                       Mnist& mnist) {
  const std::string path = dir + "/" + kMnistFiles[index];
  std::vector<std::uint8_t> bytes = read_idx_bytes(path);
  if (trust) {  // not hashed: its size and modification time stand for its contents
    std::error_code ec;
    const auto mtime = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
    mnist.files.emplace_back(
        path, fmt::format("(trusted, not checked: {} bytes, mtime {})", bytes.size(), mtime));
    return bytes;
  }
  const std::string hash = sha256_bytes(bytes.data(), bytes.size());
  if (hash != kMnistSha256[index])
    throw InputError(fmt::format(
        "MNIST file '{}' has SHA-256 {}, expected {}: it is not the published file (corrupt or "
        "replaced); run `rwwce data fetch --dir {}` to restore it, or --trust-data to run on it "
        "anyway",
        path, hash, kMnistSha256[index], dir));
  mnist.files.emplace_back(path, hash);
  return bytes;
}

Part load_part(const std::string& dir, std::size_t images_index, bool trust, Mnist& mnist) {
  const std::string images_path = dir + "/" + kMnistFiles[images_index];
  const std::string labels_path = dir + "/" + kMnistFiles[images_index + 1];
  Part part{parse_idx_images(read_checked(dir, images_index, trust, mnist), images_path),
            parse_idx_labels(read_checked(dir, images_index + 1, trust, mnist), labels_path, 10)};
  if (part.images.rows != 28 || part.images.cols != 28) {
    throw InputError(fmt::format("MNIST images file '{}': expected 28x28 images, found {}x{}",
                                 images_path, part.images.rows, part.images.cols));
  }
  if (part.images.count != part.labels.size()) {
    throw InputError(fmt::format(
        "MNIST image/label count mismatch: '{}' holds {} images but '{}' holds {} labels; "
        "run `rwwce data verify` and `rwwce data fetch`",
        images_path, part.images.count, labels_path, part.labels.size()));
  }
  return part;
}

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

}  // namespace

Mnist load_mnist(const std::string& dir, bool trust) {
  Mnist mnist;
  const Part train = load_part(dir, 0, trust, mnist);
  const Part test = load_part(dir, 2, trust, mnist);
  if (!trust) {
    check_counts(train.labels, kTrainCounts, dir + "/" + kMnistFiles[1]);
    check_counts(test.labels, kTestCounts, dir + "/" + kMnistFiles[3]);
  }
  const std::size_t n_train = train.images.count;
  const std::size_t n = n_train + test.images.count;
  constexpr std::size_t dim = 28 * 28;
  // Match NumPy's float32(uint8) / 255: a float32 division, correctly rounded.
  std::array<float, 256> value;
  for (std::size_t v = 0; v < 256; ++v) value[v] = static_cast<float>(v) / 255.0f;
  mnist.x = xt::xtensor<float, 2>::from_shape({n, dim});
  float* out = mnist.x.data();
  advise_huge_pages(out, n * dim * sizeof(float));
  const auto convert = [&](std::uint8_t v) { return value[v]; };
  std::transform(train.images.pixels.begin(), train.images.pixels.end(), out, convert);
  std::transform(test.images.pixels.begin(), test.images.pixels.end(), out + n_train * dim,
                 convert);
  mnist.y.reserve(n);
  mnist.y.insert(mnist.y.end(), train.labels.begin(), train.labels.end());
  mnist.y.insert(mnist.y.end(), test.labels.begin(), test.labels.end());
  // From the bytes, not from x: the same matrix as to_csr(x) (datasets/csr_matrix.hpp).
  mnist.csr = to_csr(
      {{train.images.pixels.data(), n_train}, {test.images.pixels.data(), test.images.count}}, dim,
      value);
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
