// The acceptance tests, through the CLI: kill -9 mid-run then resume; shards merged;
// compare's exit codes; re-rendered tables. Each runs the real binary (RWWCE_BINARY) on a few
// Table I datasets for one epoch, byte-comparing with one uninterrupted run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "datasets/mnist.hpp"
#include "harness/report/csv_reporter.hpp"
#include "tests/cli_support.hpp"

namespace {
namespace fs = std::filesystem;

using rwwce::testing::slurp;

void write_file(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
  ASSERT_TRUE(out.good()) << "cannot write " << p;
}

// The common arguments of every run here: six datasets, one epoch, one thread.
std::vector<std::string> run_args(const fs::path& out, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> a = {"run",
                                "table1",
                                "--datasets",
                                "6",
                                "--epochs",
                                "1",
                                "--threads",
                                "1",
                                "--quiet",
                                "--data-dir",
                                rwwce::datasets::default_data_dir(),
                                "--out",
                                out.string()};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

// Runs `rwwce <args>` (tests/cli_support.hpp); its stdout goes to `stdout_file` when given.
int run_cli(const std::vector<std::string>& args, const fs::path& stdout_file = {}) {
  std::string joined;
  for (const auto& a : args) joined += " '" + a + "'";
  const rwwce::testing::CliResult r = rwwce::testing::run_rwwce(joined);
  if (!stdout_file.empty()) write_file(stdout_file, r.out);
  return r.exit_code;
}

class OpsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::unsetenv("SLURM_ARRAY_TASK_ID");  // the tests choose their shards themselves
    ::unsetenv("SLURM_ARRAY_TASK_COUNT");
    root_ =
        new fs::path(fs::temp_directory_path() / ("rwwce-ops-cli-" + std::to_string(::getpid())));
    fs::remove_all(*root_);
    fs::create_directories(*root_);
    reference_status_ = run_cli(run_args(reference()));
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(*root_, ignored);
    delete root_;
  }
  void SetUp() override {
    ASSERT_EQ(reference_status_, 0) << "the uninterrupted reference run failed";
  }
  static fs::path reference() { return *root_ / "reference"; }
  static fs::path dir(const std::string& name) { return *root_ / name; }

  static fs::path* root_;
  static int reference_status_;
};
fs::path* OpsCli::root_ = nullptr;
int OpsCli::reference_status_ = -1;

std::size_t count_done(const fs::path& parts) {
  std::size_t n = 0;
  if (!fs::exists(parts)) return 0;
  for (const auto& e : fs::directory_iterator(parts))
    if (e.is_directory() && fs::exists(e.path() / "done")) ++n;
  return n;
}

TEST_F(OpsCli, KilledWithSigkillThenResumedEqualsUninterruptedRun) {
  const fs::path out = dir("killed");
  const std::vector<std::string> args = run_args(out);
  std::vector<char*> argv;
  std::string binary = rwwce::testing::rwwce_binary();
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (count_done(out / "parts") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  const std::size_t finished = count_done(out / "parts");
  ASSERT_GE(finished, 1u);
  ASSERT_LT(finished, 6u) << "killed after every task had finished: not a mid-run kill";
  EXPECT_FALSE(fs::exists(out / "runs.csv"));

  ASSERT_EQ(run_cli(args), 0);  // the same command resumes
  EXPECT_EQ(slurp(out / "runs.csv"), slurp(reference() / "runs.csv"));
  EXPECT_EQ(slurp(out / "summary.csv"), slurp(reference() / "summary.csv"));
}

TEST_F(OpsCli, ThreeShardsMergedEqualOneRun) {
  std::vector<std::string> merge = {"merge"};
  for (int k = 0; k < 3; ++k) {
    const fs::path shard = dir("shard" + std::to_string(k));
    ASSERT_EQ(run_cli(run_args(shard, {"--shard", std::to_string(k) + "/3"})), 0);
    // A shard's own runs.csv holds only its tasks (6 datasets x 5 arms / 3 shards).
    EXPECT_EQ(rwwce::harness::parse_csv(slurp(shard / "runs.csv"), "runs.csv").size(), 10u);
    merge.push_back(shard.string());
  }
  merge.insert(merge.end(), {"--out", dir("merged").string()});
  ASSERT_EQ(run_cli(merge), 0);
  for (const char* f : {"runs.csv", "summary.csv", "table1.md", "table1.tex"})
    EXPECT_EQ(slurp(dir("merged") / f), slurp(reference() / f)) << f;
  EXPECT_NE(slurp(dir("merged") / "results.json").find("\"merged_from\""), std::string::npos);

  // A missing shard is bad input, not a silently smaller table.
  EXPECT_EQ(run_cli({"merge", dir("shard0").string(), dir("shard2").string(), "--out",
                     dir("incomplete").string()}),
            2);
}

TEST_F(OpsCli, SlurmArrayVariablesChooseTheShard) {
  ::setenv("SLURM_ARRAY_TASK_ID", "2", 1);
  ::setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
  const int status = run_cli(run_args(dir("slurm")));
  ::unsetenv("SLURM_ARRAY_TASK_ID");
  ::unsetenv("SLURM_ARRAY_TASK_COUNT");
  ASSERT_EQ(status, 0);
  ASSERT_EQ(run_cli(run_args(dir("explicit"), {"--shard", "2/3"})), 0);
  EXPECT_EQ(slurp(dir("slurm") / "runs.csv"), slurp(dir("explicit") / "runs.csv"));
  EXPECT_NE(slurp(dir("slurm") / "results.json").find("\"shard\": \"2/3\""), std::string::npos);
}

TEST_F(OpsCli, CompareExitsZeroOnARunAgainstItself) {
  const fs::path out = dir("compare-self");
  fs::create_directories(out);
  ASSERT_EQ(run_cli({"compare", reference().string(), reference().string(), "--out", out.string()},
                    out / "stdout.txt"),
            0);
  EXPECT_EQ(slurp(out / "stdout.txt").rfind("compare: OK", 0), 0u);
  EXPECT_TRUE(fs::exists(out / "compare.csv"));
  EXPECT_TRUE(fs::exists(out / "compare.md"));
}

TEST_F(OpsCli, CompareExitsOneWhenTheRwwceArmGotWorse) {
  const fs::path cand = dir("worse");
  fs::copy(reference(), cand, fs::copy_options::recursive);
  auto runs = rwwce::harness::parse_csv(slurp(cand / "runs.csv"), "runs.csv");
  int i = 0;
  for (auto& r : runs)
    if (r.text("arm") == "rwwce") r.set("rwc", *r.number("rwc") + 1.0 + 0.001 * i++);
  write_file(cand / "runs.csv", rwwce::harness::to_csv(runs));

  ASSERT_EQ(run_cli({"compare", reference().string(), cand.string()}, cand / "stdout.txt"), 1);
  const std::string out = slurp(cand / "stdout.txt");
  EXPECT_EQ(out.rfind("compare: REGRESSION", 0), 0u) << out;
  EXPECT_NE(out.find("rwwce rwc"), std::string::npos) << out;
  EXPECT_NE(slurp(cand / "compare.md").find("**worse**"), std::string::npos);
  // Within a tolerance of 2 dollars the same change passes the gate.
  EXPECT_EQ(run_cli({"compare", reference().string(), cand.string(), "--tolerance", "rwc=2"}), 0);
}

// A copy of the reference run whose runs.csv `edit` changed: the candidate of a compare test.
fs::path edited_copy(const fs::path& reference, const fs::path& to,
                     const std::function<void(std::vector<rwwce::harness::Record>&)>& edit) {
  fs::copy(reference, to, fs::copy_options::recursive);
  auto runs = rwwce::harness::parse_csv(slurp(to / "runs.csv"), "runs.csv");
  edit(runs);
  write_file(to / "runs.csv", rwwce::harness::to_csv(runs));
  return to;
}

// The first rwwce run's rwc set to `value`; returns that run's dataset.
std::string set_first_rwwce_rwc(std::vector<rwwce::harness::Record>& runs,
                                const rwwce::harness::Value& value) {
  for (auto& r : runs)
    if (r.text("arm") == "rwwce") {
      r.set("rwc", value);
      return r.text("dataset");
    }
  return {};
}

TEST_F(OpsCli, CompareFailsWhenTheCandidateLostValues) {
  // runs.csv holds what to_csv writes: "nan", "inf", an empty cell, or no rwc column at all;
  // parse_csv reads the first two back as doubles, the empty cell as Undefined.
  struct Case {
    std::string name;
    rwwce::harness::Value value;
    std::string why;
  };
  const std::vector<Case> cases = {{"nan", std::nan(""), "NaN"},
                                   {"inf", std::numeric_limits<double>::infinity(), "inf"},
                                   {"blank", rwwce::harness::Undefined{}, "blank"},
                                   {"text", std::string("n/a"), "text 'n/a'"}};
  for (const Case& c : cases) {
    std::string dataset;
    const fs::path cand = edited_copy(reference(), dir("lost-" + c.name), [&](auto& runs) {
      dataset = set_first_rwwce_rwc(runs, c.value);
    });
    ASSERT_EQ(run_cli({"compare", reference().string(), cand.string()}, cand / "stdout.txt"), 1)
        << c.name;
    const std::string out = slurp(cand / "stdout.txt");
    EXPECT_EQ(out.rfind("compare: BROKEN: table1: 1 of 20 rows broken", 0), 0u) << out;
    EXPECT_NE(out.find("rwwce rwc: no finite candidate value in (table1, " + dataset +
                       ", rwwce, 1): " + c.why),
              std::string::npos)
        << out;
    // No tolerance or margin accepts a missing value.
    EXPECT_EQ(run_cli({"compare", reference().string(), cand.string(), "--tolerance", "rwc=1000"}),
              1)
        << c.name;
  }
  // The rwc column gone: every run of every arm is broken.
  const fs::path cand = edited_copy(reference(), dir("lost-column"), [](auto& runs) {
    for (auto& r : runs) {
      rwwce::harness::Record copy;
      for (const auto& [k, v] : r.fields)
        if (k != "rwc") copy.set(k, v);
      r = copy;
    }
  });
  ASSERT_EQ(run_cli({"compare", reference().string(), cand.string()}, cand / "stdout.txt"), 1);
  const std::string out = slurp(cand / "stdout.txt");
  EXPECT_EQ(out.rfind("compare: BROKEN: table1: 5 of 20 rows broken", 0), 0u) << out;
  EXPECT_NE(out.find("column absent"), std::string::npos) << out;
  EXPECT_NE(slurp(cand / "compare.md").find("**broken**"), std::string::npos);
}

TEST_F(OpsCli, CompareWithAMarginFailsOnlyBeyondIt) {
  // rwwce's rwc worse by ~1 dollar on every dataset.
  const fs::path cand = edited_copy(reference(), dir("worse-margin"), [](auto& runs) {
    int i = 0;
    for (auto& r : runs)
      if (r.text("arm") == "rwwce") r.set("rwc", *r.number("rwc") + 1.0 + 0.001 * i++);
  });
  ASSERT_EQ(run_cli({"compare", reference().string(), cand.string(), "--margin", "rwc=0.5"},
                    cand / "stdout.txt"),
            1);
  const std::string out = slurp(cand / "stdout.txt");
  EXPECT_EQ(out.rfind("compare: REGRESSION", 0), 0u) << out;
  EXPECT_NE(out.find("rwwce rwc"), std::string::npos) << out;
  EXPECT_NE(out.find("margin 0.5"), std::string::npos) << out;
  // compare.csv reports every row's margin test and detectable change.
  const auto rows = rwwce::harness::parse_csv(slurp(cand / "compare.csv"), "compare.csv");
  ASSERT_EQ(rows.size(), 20u);
  for (const auto& r : rows) {
    EXPECT_TRUE(r.number("min_detectable_change").has_value()) << r.text("metric");
    if (r.text("metric") == "rwc") {
      EXPECT_EQ(*r.number("margin"), 0.5);
    }
  }
  // Worse by about 1, not by more than 2: within the margin.
  EXPECT_EQ(run_cli({"compare", reference().string(), cand.string(), "--margin", "rwc=2"}), 0);
  // A margin and a tolerance for one metric is bad input.
  EXPECT_EQ(run_cli({"compare", reference().string(), cand.string(), "--margin", "rwc=2",
                     "--tolerance", "rwc=2"}),
            2);
}

TEST_F(OpsCli, CompareOfAnotherSeedPassesWithAReasonableMargin) {
  // The same code with another root seed: different numbers, no regression. A margin of 0.5
  // dollars of rwc (the margin that fails the +1 dollar candidate above) accepts it.
  const fs::path seed2 = dir("seed2");
  ASSERT_EQ(run_cli(run_args(seed2, {"--seed", "2"})), 0);
  ASSERT_EQ(run_cli({"compare", reference().string(), seed2.string(), "--margin", "rwc=0.5"},
                    seed2 / "stdout.txt"),
            0);
  EXPECT_EQ(slurp(seed2 / "stdout.txt").rfind("compare: OK", 0), 0u) << slurp(seed2 / "stdout.txt");
}

TEST_F(OpsCli, CompareExitsTwoOnBadInput) {
  const fs::path missing = dir("missing-runs");
  fs::copy(reference(), missing, fs::copy_options::recursive);
  fs::remove(missing / "runs.csv");
  EXPECT_EQ(run_cli({"compare", reference().string(), missing.string()}), 2);
  EXPECT_EQ(run_cli({"compare", reference().string(), dir("no-such-dir").string()}), 2);

  const fs::path other = dir("other-experiment");
  fs::copy(reference(), other, fs::copy_options::recursive);
  std::string json = slurp(other / "results.json");
  json.replace(json.find("\"experiment\": \"table1\""), 22, "\"experiment\": \"table2\"");
  write_file(other / "results.json", json);
  EXPECT_EQ(run_cli({"compare", reference().string(), other.string()}), 2);

  const fs::path fewer = dir("fewer");  // one dataset short: unpaired runs
  ASSERT_EQ(
      run_cli({"run", "table1", "--datasets", "5", "--epochs", "1", "--threads", "1", "--quiet",
               "--data-dir", rwwce::datasets::default_data_dir(), "--out", fewer.string()}),
      0);
  EXPECT_EQ(run_cli({"compare", reference().string(), fewer.string()}), 2);
}

TEST_F(OpsCli, ReportReRendersTheTablesTheRunWrote) {
  const fs::path out = dir("report");
  fs::create_directories(out);
  const std::vector<std::pair<std::string, std::string>> formats = {
      {"md", "table1.md"}, {"tex", "table1.tex"}, {"csv", "summary.csv"}, {"json", "results.json"}};
  for (const auto& [format, file] : formats) {
    ASSERT_EQ(run_cli({"report", reference().string(), "--format", format}, out / file), 0)
        << format;
    EXPECT_EQ(slurp(out / file), slurp(reference() / file)) << format;
  }
}

}  // namespace
