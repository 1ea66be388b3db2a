#pragma once
// Helpers shared by the datasets tests: a self-deleting temporary directory, byte-exact file
// writing and the MNIST data directory (which must exist: the tests fail, never skip).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "datasets/mnist.hpp"
#include "tests/cli_support.hpp"

namespace rwwce::datasets::testing {

// A self-deleting temporary directory (the shared ScratchDir) with the accessors these tests use.
class TempDir : public rwwce::testing::ScratchDir {
 public:
  TempDir() : ScratchDir("test") {}
  std::string str() const { return path().string(); }
  std::string file(const std::string& name) const { return (path() / name).string(); }
};

inline void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

inline void append_be32(std::vector<std::uint8_t>& bytes, std::uint32_t v) {
  bytes.push_back(static_cast<std::uint8_t>(v >> 24));
  bytes.push_back(static_cast<std::uint8_t>(v >> 16));
  bytes.push_back(static_cast<std::uint8_t>(v >> 8));
  bytes.push_back(static_cast<std::uint8_t>(v));
}

// The 70,000 MNIST images as float32 pixel / 255 (70000 * 784, row-major), straight from the two
// IDX image files' bytes (NumPy's np.fromfile(..., offset=16).astype(np.float32) / 255): an
// independent path to what load_mnist's sparse copy must hold.
std::vector<float> mnist_dense_from_idx_bytes(const std::string& dir);

// The MNIST directory the data tests use; fails the calling test if a file is missing.
inline std::string mnist_dir_or_fail() {
  const std::string dir = default_data_dir();
  for (const char* name : kMnistFiles) {
    const std::string path = dir + "/" + name;
    if (!std::filesystem::exists(path)) {
      ADD_FAILURE() << "MNIST file missing: " << path
                    << "; run `rwwce data fetch` (or set RWWCE_DATA to a directory holding the "
                       "four IDX files)";
    }
  }
  return dir;
}

inline std::vector<float> mnist_dense_from_idx_bytes(const std::string& dir) {
  std::vector<float> out;
  out.reserve(70000u * 784u);
  for (const char* name : {"train-images-idx3-ubyte", "t10k-images-idx3-ubyte"}) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    in.seekg(16);  // magic, count, rows, cols: four big-endian uint32
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    for (const char b : bytes)
      out.push_back(static_cast<float>(static_cast<std::uint8_t>(b)) / 255.0f);
  }
  return out;
}

}  // namespace rwwce::datasets::testing
