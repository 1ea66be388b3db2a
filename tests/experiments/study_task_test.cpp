// Choosing a study's tasks (experiments/study_task.hpp select_tasks, --datasets / --pairs).
#include "experiments/study_task.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::experiments {
namespace {

std::vector<TaskSpec> tasks(const std::vector<std::string>& names) {
  std::vector<TaskSpec> out;
  for (const auto& n : names) out.push_back(TaskSpec{n});
  return out;
}

TEST(SelectTasks, AllACountOrAList) {
  const auto t = tasks({"a", "b", "c"});
  EXPECT_EQ(select_tasks("all", t, "--datasets"), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(select_tasks("2", t, "--datasets"), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(select_tasks("c,a", t, "--datasets"), (std::vector<std::size_t>{0, 2}));
  for (const char* bad : {"0", "4", "a,a", "d", "", ",", "a,"})
    EXPECT_THROW(select_tasks(bad, t, "--datasets"), InputError) << bad;
}

// Found by tests/fuzz/toml_config_fuzzer.cpp (datasets = "99999999999999999999" in a --config
// file): a count beyond any integer must be bad input (exit 2), not std::out_of_range (exit 3).
TEST(SelectTasks, ACountBeyondAnyIntegerIsBadInput) {
  try {
    select_tasks("99999999999999999999", tasks({"a", "b", "c"}), "--datasets");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a count from 1 to 3"), std::string::npos)
        << e.what();
  }
}

TEST(SelectTasks, LabelsNameTheTaskAndTheRootSeed) {
  EXPECT_EQ(task_label(TaskSpec{"d0b0"}, 1), "d0b0@s1");
  EXPECT_EQ(task_label(TaskSpec{"3-5"}, 18446744073709551615ULL), "3-5@s18446744073709551615");
}

}  // namespace
}  // namespace rwwce::experiments
