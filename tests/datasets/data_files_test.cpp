#include "datasets/data_files.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <algorithm>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/input_error.hpp"
#include "datasets/mnist.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce::datasets {
namespace {

namespace fs = std::filesystem;

// The four MNIST files copied into a fresh temporary directory.
struct MnistCopy {
  testing::TempDir tmp;
  MnistCopy() {
    const std::string from = testing::mnist_dir_or_fail();
    for (const char* name : kMnistFiles) fs::copy_file(fs::path(from) / name, tmp.file(name));
  }
  void flip_byte(const char* name, std::streamoff at) {
    std::fstream f(tmp.file(name), std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(at);
    const char c = static_cast<char>(f.get() ^ 0x01);
    f.seekp(at);
    f.put(c);
  }
};

std::string rwwce_binary() {
  const char* env = std::getenv("RWWCE_BINARY");
  return env != nullptr && env[0] != '\0' ? env : RWWCE_BINARY;
}

struct ProcessResult {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Runs the rwwce binary with `args` (already safe to paste: temp paths only), capturing
// stdout and stderr in files under `tmp`.
ProcessResult run_rwwce(const std::string& args, const testing::TempDir& tmp) {
  const std::string out = tmp.file("stdout.txt"), err = tmp.file("stderr.txt");
  const std::string cmd = "'" + rwwce_binary() + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(cmd.c_str());
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

TEST(DataFiles, VerifyAcceptsTheRealFiles) {
  const MnistVerification v = verify_mnist(testing::mnist_dir_or_fail());
  ASSERT_EQ(v.files.size(), 4u);
  EXPECT_EQ(v.files[0].bytes, 47040016u);  // 16 + 60000 * 784
  EXPECT_EQ(v.files[3].sha256, kMnistSha256[3]);
  // docs/protocol.md, section 'Data'
  EXPECT_EQ(v.train_counts[1], 6742u);
  EXPECT_EQ(v.test_counts[9], 1009u);
}

TEST(DataFiles, VerifyNamesTheCorruptFileAndBothHashes) {
  MnistCopy copy;
  copy.flip_byte("t10k-images-idx3-ubyte", 5000);
  try {
    verify_mnist(copy.tmp.str());
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("t10k-images-idx3-ubyte"), std::string::npos) << msg;
    EXPECT_NE(msg.find(kMnistSha256[2]), std::string::npos) << msg;
    EXPECT_NE(msg.find("found"), std::string::npos) << msg;
  }
}

TEST(DataFiles, VerifyNamesAMissingFile) {
  MnistCopy copy;
  fs::remove(copy.tmp.file("train-labels-idx1-ubyte"));
  try {
    verify_mnist(copy.tmp.str());
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("train-labels-idx1-ubyte is missing"), std::string::npos) << msg;
    EXPECT_NE(msg.find("rwwce data fetch"), std::string::npos) << msg;
  }
}

TEST(DataFiles, FetchKeepsValidFilesWithoutDownloading) {
  MnistCopy copy;
  const FetchReport report = fetch_mnist(copy.tmp.str());
  EXPECT_EQ(report.kept.size(), 4u);
  EXPECT_TRUE(report.fetched.empty());
  EXPECT_TRUE(report.source.empty());
}

TEST(DataCli, VerifyExitsTwoAndNamesTheFlippedFile) {
  MnistCopy copy;
  copy.flip_byte("train-labels-idx1-ubyte", 1234);
  const ProcessResult r = run_rwwce("data verify --dir '" + copy.tmp.str() + "'", copy.tmp);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("train-labels-idx1-ubyte"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(kMnistSha256[1]), std::string::npos) << r.err;
}

TEST(DataCli, VerifyExitsZeroOnGoodFiles) {
  MnistCopy copy;
  const ProcessResult r = run_rwwce("data verify --dir '" + copy.tmp.str() + "'", copy.tmp);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("OK  train-images-idx3-ubyte"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK  t10k-labels-idx1-ubyte"), std::string::npos) << r.out;
}

TEST(DatasetsCli, Table2AndWdbcCsv) {
  testing::TempDir tmp;
  const ProcessResult t2 =
      run_rwwce("datasets table2 --data-dir '" + testing::mnist_dir_or_fail() + "'", tmp);
  EXPECT_EQ(t2.exit_code, 0) << t2.err;
  // docs/protocol.md, section 'Table II': one split of all 70,000 images, 47,250 fit, 17,500 test
  // (and 52,500 - 47,250 = 5,250 validation), for each of the 90 (true, predicted) pairs.
  const std::string header = "dataset,pair_true,pair_pred,n,n_fit,n_val,n_test\n";
  EXPECT_EQ(t2.out.rfind(header + "0-1,0,1,70000,47250,5250,17500\n", 0), 0u) << t2.out;
  EXPECT_EQ(std::count(t2.out.begin(), t2.out.end(), '\n'), 1 + 90);
  const ProcessResult w = run_rwwce("datasets wdbc", tmp);
  EXPECT_EQ(w.exit_code, 0) << w.err;
  // docs/protocol.md, section 'The AWS study': 143 test rows, 55 malignant, 88 benign; 426 fit, no
  // validation.
  EXPECT_EQ(w.out,
            "dataset,n,n_fit,n_val,n_test,positives_test,negatives_test\n"
            "wdbc,569,426,0,143,55,88\n");
  const ProcessResult bad = run_rwwce("datasets wdbc --data-dir /nonexistent", tmp);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("does not read MNIST"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace rwwce::datasets
