// `rwwce run table1 --plots` through the binary: one dataset, one epoch, the blog's figures.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/datasets/test_support.hpp"

namespace rwwce::experiments {
namespace {

namespace fs = std::filesystem;
using datasets::testing::TempDir;

TEST(Table1Cli, PlotsWritesTheBlogFiguresPerDataset) {
  TempDir dir;
  const std::string data = datasets::testing::mnist_dir_or_fail();
  const fs::path out = fs::path(dir.str()) / "out";
  const std::string cmd = "'" + std::string(RWWCE_BINARY) +
                          "' run table1 --datasets d0b0 --epochs 1 --plots --quiet --data-dir '" +
                          data + "' --out '" + out.string() + "' >/dev/null 2>'" +
                          dir.file("stderr") + "'";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  for (const char* f :
       {"scores_control", "scores_rwwce", "scores_control1_elkan", "roc", "expected_value"}) {
    EXPECT_TRUE(fs::is_regular_file(out / "plots/d0b0" / (std::string(f) + ".dat"))) << f;
    EXPECT_TRUE(fs::is_regular_file(out / "plots/d0b0" / (std::string(f) + ".gp"))) << f;
  }
}

}  // namespace
}  // namespace rwwce::experiments
