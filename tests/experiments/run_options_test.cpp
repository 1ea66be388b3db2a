#include "experiments/run_options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::experiments {
namespace {

const std::vector<std::string> kNames = {"a", "b", "c"};

TEST(SelectNames, AllACountOrAList) {
  EXPECT_EQ(select_names("all", kNames, "--datasets"), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(select_names("2", kNames, "--datasets"), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(select_names("c,a", kNames, "--datasets"), (std::vector<std::size_t>{0, 2}));
  EXPECT_THROW(select_names("0", kNames, "--datasets"), InputError);
  EXPECT_THROW(select_names("4", kNames, "--datasets"), InputError);
  EXPECT_THROW(select_names("a,a", kNames, "--datasets"), InputError);
  EXPECT_THROW(select_names("d", kNames, "--datasets"), InputError);
}

// Found by tests/fuzz/toml_config_fuzzer.cpp (datasets = "99999999999999999999" in a --config
// file): std::stoul threw std::out_of_range, which `rwwce` reported as an internal error
// (exit 3) instead of bad input (exit 2).
TEST(SelectNames, ACountBeyondAnyIntegerIsBadInput) {
  try {
    select_names("99999999999999999999", kNames, "--datasets");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a count from 1 to 3"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace rwwce::experiments
