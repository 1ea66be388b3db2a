#include "datasets/mnist.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>

#include "core/input_error.hpp"
#include "datasets/idx_reader.hpp"

namespace rwwce::datasets {
namespace {

struct Part {
  IdxImages images;
  std::vector<std::uint8_t> labels;
};

Part load_part(const std::string& dir, const char* images_name, const char* labels_name) {
  const std::string images_path = dir + "/" + images_name;
  const std::string labels_path = dir + "/" + labels_name;
  Part part{read_idx_images(images_path), read_idx_labels(labels_path, 10)};
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

}  // namespace

Mnist load_mnist(const std::string& dir) {
  const Part train = load_part(dir, kMnistFiles[0], kMnistFiles[1]);
  const Part test = load_part(dir, kMnistFiles[2], kMnistFiles[3]);
  const std::size_t n_train = train.images.count;
  const std::size_t n = n_train + test.images.count;
  constexpr std::size_t dim = 28 * 28;
  Mnist mnist;
  mnist.x = xt::xtensor<float, 2>::from_shape({n, dim});
  float* out = mnist.x.data();
  // Match NumPy's float32(uint8) / 255: a float32 division, correctly rounded.
  std::transform(train.images.pixels.begin(), train.images.pixels.end(), out,
                 [](std::uint8_t v) { return static_cast<float>(v) / 255.0f; });
  std::transform(test.images.pixels.begin(), test.images.pixels.end(), out + n_train * dim,
                 [](std::uint8_t v) { return static_cast<float>(v) / 255.0f; });
  mnist.y.reserve(n);
  mnist.y.insert(mnist.y.end(), train.labels.begin(), train.labels.end());
  mnist.y.insert(mnist.y.end(), test.labels.begin(), test.labels.end());
  mnist.csr = to_csr(out, n, dim);
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
