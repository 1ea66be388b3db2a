#include "harness/run/run_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "core/input_error.hpp"
#include "core/plain_name.hpp"
#include "core/text_file.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/task_runner.hpp"

namespace rwwce::harness {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPlanHeader = "rwwce-plan 1";

// "K/N" with 0 <= K < N, both plain decimal numbers.
bool is_shard_text(const std::string& s) {
  const auto slash = s.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == s.size() || s.size() > 41)
    return false;
  const auto digits = [](const std::string& t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const std::string k = s.substr(0, slash), n = s.substr(slash + 1);
  if (!digits(k) || !digits(n) || k.size() > 19 || n.size() > 19) return false;
  return std::stoull(k) < std::stoull(n);
}

}  // namespace

fs::path run_plan_path(const fs::path& checkpoint_dir) {
  return checkpoint_dir / "plan";
}

void write_run_plan(const fs::path& checkpoint_dir, const RunPlan& plan) {
  std::string text = fmt::format("{}\nshard {}\n", kPlanHeader, plan.shard);
  std::size_t next = 0;  // tasks is a subsequence of run_tasks
  for (const std::string& label : plan.run_tasks) {
    const bool here = next < plan.tasks.size() && plan.tasks[next] == label;
    if (here) ++next;
    text += fmt::format("{} {}\n", label, here ? "here" : "elsewhere");
  }
  if (next != plan.tasks.size())
    throw std::logic_error("write_run_plan: the directory's tasks are not in the run's order");
  write_file_atomically(run_plan_path(checkpoint_dir), text);
}

std::optional<RunPlan> read_run_plan(const fs::path& checkpoint_dir) {
  const fs::path file = run_plan_path(checkpoint_dir);
  if (!fs::exists(file)) return std::nullopt;
  std::istringstream lines(rwwce::read_text_file(file, kMaxRunFileBytes, "run plan"));
  const auto malformed = [&](std::size_t line_no, const std::string& line,
                             const std::string& expected) {
    return InputError(fmt::format("{}:{}: reads '{}', expected {} (a plan written by rwwce run)",
                                  file.string(), line_no, line.substr(0, 80), expected));
  };
  std::string line;
  if (!std::getline(lines, line) || line != kPlanHeader)
    throw malformed(1, line, fmt::format("\"{}\"", kPlanHeader));
  RunPlan plan;
  if (!std::getline(lines, line) || line.rfind("shard ", 0) != 0 || !is_shard_text(line.substr(6)))
    throw malformed(2, line, "\"shard K/N\" with 0 <= K < N");
  plan.shard = line.substr(6);
  for (std::size_t line_no = 3; std::getline(lines, line); ++line_no) {
    const auto space = line.find(' ');
    const std::string label = line.substr(0, space);
    const std::string where = space == std::string::npos ? "" : line.substr(space + 1);
    if (!is_plain_name(label) || (where != "here" && where != "elsewhere"))
      throw malformed(line_no, line, "\"<task> here\" or \"<task> elsewhere\"");
    plan.run_tasks.push_back(label);
    if (where == "here") plan.tasks.push_back(label);
  }
  return plan;
}

}  // namespace rwwce::harness
