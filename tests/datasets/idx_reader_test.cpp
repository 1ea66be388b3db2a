#include "datasets/idx_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "datasets/data_files.hpp"
#include "datasets/mnist.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce::datasets {
namespace {

using testing::append_be32;
using testing::TempDir;
using testing::write_bytes;

std::vector<std::uint8_t> images_file(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                                      std::size_t data_bytes) {
  std::vector<std::uint8_t> b;
  append_be32(b, 0x00000803);
  append_be32(b, count);
  append_be32(b, rows);
  append_be32(b, cols);
  for (std::size_t i = 0; i < data_bytes; ++i) b.push_back(static_cast<std::uint8_t>(i * 7));
  return b;
}

std::vector<std::uint8_t> labels_file(const std::vector<std::uint8_t>& labels) {
  std::vector<std::uint8_t> b;
  append_be32(b, 0x00000801);
  append_be32(b, static_cast<std::uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

// Runs `f`, expects an InputError whose message contains every one of `needles`.
template <class F>
void expect_input_error(F f, const std::vector<std::string>& needles) {
  try {
    f();
    ADD_FAILURE() << "expected InputError, nothing was thrown";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    for (const auto& needle : needles) {
      EXPECT_NE(msg.find(needle), std::string::npos) << "message lacks '" << needle << "': " << msg;
    }
  }
}

TEST(IdxReader, ReadsGoodImagesFile) {
  TempDir tmp;
  write_bytes(tmp.file("img"), images_file(3, 2, 4, 24));
  const IdxImages images = read_idx_images(tmp.file("img"));
  EXPECT_EQ(images.count, 3u);
  EXPECT_EQ(images.rows, 2u);
  EXPECT_EQ(images.cols, 4u);
  ASSERT_EQ(images.pixels.size(), 24u);
  EXPECT_EQ(images.pixels[0], 0);
  EXPECT_EQ(images.pixels[5], 35);
  EXPECT_EQ(images.pixels[23], static_cast<std::uint8_t>(23 * 7));
}

TEST(IdxReader, ReadsGoodLabelsFile) {
  TempDir tmp;
  write_bytes(tmp.file("lab"), labels_file({0, 9, 3, 3, 1}));
  EXPECT_EQ(read_idx_labels(tmp.file("lab")), (std::vector<std::uint8_t>{0, 9, 3, 3, 1}));
  write_bytes(tmp.file("bin"), labels_file({0, 1, 1}));
  EXPECT_EQ(read_idx_labels(tmp.file("bin"), 2), (std::vector<std::uint8_t>{0, 1, 1}));
}

TEST(IdxReader, ZeroImagesIsValid) {
  TempDir tmp;
  write_bytes(tmp.file("img"), images_file(0, 28, 28, 0));
  EXPECT_EQ(read_idx_images(tmp.file("img")).count, 0u);
}

TEST(IdxReader, WrongMagic) {
  TempDir tmp;
  // An images file given as labels, and a gzip header given as images.
  write_bytes(tmp.file("img"), images_file(1, 2, 2, 4));
  expect_input_error([&] { read_idx_labels(tmp.file("img")); },
                     {tmp.file("img"), "wrong magic", "0x00000801", "0x00000803"});
  write_bytes(tmp.file("gz"), {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_input_error([&] { read_idx_images(tmp.file("gz")); },
                     {tmp.file("gz"), "wrong magic", "0x00000803", "0x1f8b0800"});
}

TEST(IdxReader, TruncatedHeader) {
  TempDir tmp;
  auto bytes = images_file(1, 2, 2, 4);
  bytes.resize(10);
  write_bytes(tmp.file("img"), bytes);
  expect_input_error([&] { read_idx_images(tmp.file("img")); },
                     {tmp.file("img"), "truncated", "16-byte header", "10 bytes"});
  write_bytes(tmp.file("tiny"), {0x00, 0x00});
  expect_input_error([&] { read_idx_labels(tmp.file("tiny")); },
                     {tmp.file("tiny"), "truncated", "8-byte header", "2 bytes"});
}

TEST(IdxReader, TruncatedData) {
  TempDir tmp;
  write_bytes(tmp.file("img"), images_file(3, 2, 4, 23));
  expect_input_error([&] { read_idx_images(tmp.file("img")); },
                     {tmp.file("img"), "truncated", "24 data bytes", "found only 23"});
}

TEST(IdxReader, HugeDimensionsDoNotOverflow) {
  TempDir tmp;
  // 2^16 * 2^16 * 2^32-1 would wrap a 64-bit product; the reader must still say truncated.
  write_bytes(tmp.file("img"), images_file(65536, 65536, 0xffffffffu, 8));
  expect_input_error([&] { read_idx_images(tmp.file("img")); },
                     {tmp.file("img"), "truncated", "more than the file's 24"});
}

TEST(IdxReader, DimensionMismatch) {
  TempDir tmp;
  // A well-formed IDX file of 4x7 images is not MNIST: load_mnist must reject the size (even
  // with its checksum check skipped, which would otherwise refuse it first).
  write_bytes(tmp.file("train-images-idx3-ubyte"), images_file(2, 4, 7, 56));
  write_bytes(tmp.file("train-labels-idx1-ubyte"), labels_file({1, 2}));
  expect_input_error([&] { load_mnist(tmp.str(), /*trust=*/true); },
                     {tmp.file("train-images-idx3-ubyte"), "28x28", "4x7"});
  // Zero-sized images are rejected by the reader itself.
  write_bytes(tmp.file("zero"), images_file(2, 0, 7, 0));
  expect_input_error([&] { read_idx_images(tmp.file("zero")); }, {tmp.file("zero"), "0x7"});
}

TEST(IdxReader, ImageLabelCountMismatch) {
  TempDir tmp;
  write_bytes(tmp.file("train-images-idx3-ubyte"), images_file(2, 28, 28, 2 * 784));
  write_bytes(tmp.file("train-labels-idx1-ubyte"), labels_file({1, 2, 3}));
  expect_input_error([&] { load_mnist(tmp.str(), /*trust=*/true); },
                     {"count mismatch", tmp.file("train-images-idx3-ubyte"), "2 images",
                      tmp.file("train-labels-idx1-ubyte"), "3 labels"});
}

TEST(IdxReader, EmptyFile) {
  TempDir tmp;
  write_bytes(tmp.file("empty"), {});
  expect_input_error([&] { read_idx_images(tmp.file("empty")); }, {tmp.file("empty"), "empty"});
  expect_input_error([&] { read_idx_labels(tmp.file("empty")); }, {tmp.file("empty"), "empty"});
}

TEST(IdxReader, LabelOutOfRange) {
  TempDir tmp;
  write_bytes(tmp.file("lab"), labels_file({0, 1, 10, 2}));
  expect_input_error([&] { read_idx_labels(tmp.file("lab")); },
                     {tmp.file("lab"), "label 10 at index 2", "out of range", "0..9"});
  write_bytes(tmp.file("bin"), labels_file({0, 1, 2}));
  expect_input_error([&] { read_idx_labels(tmp.file("bin"), 2); },
                     {tmp.file("bin"), "label 2 at index 2", "0..1"});
}

TEST(IdxReader, TrailingBytes) {
  TempDir tmp;
  write_bytes(tmp.file("img"), images_file(3, 2, 4, 26));
  expect_input_error([&] { read_idx_images(tmp.file("img")); },
                     {tmp.file("img"), "2 trailing bytes", "exactly 40 bytes", "found 42"});
  auto labels = labels_file({1, 2});
  labels.push_back(0);
  write_bytes(tmp.file("lab"), labels);
  expect_input_error([&] { read_idx_labels(tmp.file("lab")); },
                     {tmp.file("lab"), "1 trailing bytes"});
}

TEST(IdxReader, MissingFile) {
  TempDir tmp;
  expect_input_error([&] { read_idx_images(tmp.file("nope")); },
                     {tmp.file("nope"), "cannot open", "no such file", "rwwce data fetch"});
  expect_input_error([&] { load_mnist(tmp.str()); },
                     {tmp.file("train-images-idx3-ubyte"), "cannot open"});
}

// A sparse 4 GiB file whose header promises two 28x28 images: refused from its size and header
// before anything is allocated or read (it used to be read whole: 62 s and 4.2 GB of memory).
TEST(IdxReader, HugeFileIsRefusedBeforeItIsRead) {
  TempDir tmp;
  write_bytes(tmp.file("huge"), images_file(2, 28, 28, 2 * 784));
  std::filesystem::resize_file(tmp.file("huge"), std::uintmax_t{4} << 30);
  const auto t0 = std::chrono::steady_clock::now();
  expect_input_error([&] { read_idx_images(tmp.file("huge")); },
                     {tmp.file("huge"), "4294967296 bytes", "header promises 1584"});
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  std::filesystem::resize_file(tmp.file("huge"), (std::uintmax_t{4} << 30) + 1);
  expect_input_error([&] { read_idx_images(tmp.file("huge")); }, {"more than the 4294967296"});
}

// The MNIST files are checked against their published SHA-256 while they are read: one flipped
// byte is refused, naming the file and both hashes; trusted, the same file loads.
TEST(IdxReader, MnistChecksumIsCheckedWhileLoading) {
  TempDir tmp;
  const std::string src = testing::mnist_dir_or_fail();
  for (const char* f : kMnistFiles) std::filesystem::copy_file(src + "/" + f, tmp.file(f));
  {
    std::fstream io(tmp.file("t10k-images-idx3-ubyte"),
                    std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(5000);
    io.put(static_cast<char>(0x7f));
  }
  expect_input_error([&] { load_mnist(tmp.str()); },
                     {tmp.file("t10k-images-idx3-ubyte"), kMnistSha256[2], "--trust-data"});
  EXPECT_EQ(load_mnist(tmp.str(), /*trust=*/true).size(), 70000u);
}

TEST(IdxReader, DirectoryIsNotAFile) {
  TempDir tmp;
  expect_input_error([&] { read_idx_images(tmp.str()); }, {tmp.str(), "regular file"});
}

}  // namespace
}  // namespace rwwce::datasets
