// `rwwce run table1 --plots` through the binary: one dataset, one epoch, the blog's figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli_support.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::ScratchDir;

TEST(Table1Cli, PlotsWritesTheBlogFiguresPerDataset) {
  ScratchDir dir("table1-plots");
  const std::string data = datasets::testing::mnist_dir_or_fail();
  const fs::path out = dir.path() / "out";
  const auto run = run_rwwce("run table1 --datasets d0b0 --epochs 1 --plots --quiet --data-dir '" +
                             data + "' --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* f :
       {"scores_control", "scores_rwwce", "scores_control1_elkan", "roc", "expected_value"}) {
    EXPECT_TRUE(fs::is_regular_file(out / "plots/d0b0" / (std::string(f) + ".dat"))) << f;
    EXPECT_TRUE(fs::is_regular_file(out / "plots/d0b0" / (std::string(f) + ".gp"))) << f;
  }
}

}  // namespace
}  // namespace rwwce
