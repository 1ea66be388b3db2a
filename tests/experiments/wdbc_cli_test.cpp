// `rwwce run wdbc` (the built-in AWS study) end to end through the binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "harness/report/csv_reporter.hpp"
#include "tests/cli_support.hpp"

namespace rwwce::experiments {
namespace {

namespace fs = std::filesystem;
using rwwce::testing::run_rwwce;
using rwwce::testing::ScratchDir;
using rwwce::testing::slurp;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Sets an environment variable for the scope (the child processes inherit it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

constexpr const char* kRunsHeader =
    "experiment,dataset,root_seed,arm,model,seed,decision,threshold,tp,fp,fn,tn,n_test,"
    "positives_test,negatives_test,precision,recall,f1,top1_error,paper_error,expected_value,auc,"
    "accuracy,n_fit,n_val,split_seed,degenerate,dead_units";

TEST(WdbcCli, SmallRunWritesEveryOutput) {
  ScratchDir dir("wdbc");
  const fs::path out = dir.path() / "out";
  const auto run =
      run_rwwce("run wdbc --repeats 2 --epochs 2 --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* f :
       {"runs.csv", "timings.csv", "summary.csv", "results.json", "scores.csv", "thresholds.csv",
        "study.toml", "wdbc.md", "wdbc.tex", "report.md", "report.html", "plots/wdbc/roc.dat",
        "plots/wdbc/roc.gp", "plots/wdbc/expected_value.gp", "plots/wdbc/scores_builtin.dat",
        "plots/wdbc/scores_custom_5to1.dat", "plots/wdbc/scores_medical_200to1.dat",
        "plots/wdbc/scores_builtin_elkan.dat", "plots/wdbc/scores_builtin_tuned.dat"})
    EXPECT_TRUE(fs::is_regular_file(out / f)) << f;

  const auto runs = lines_of(slurp(out / "runs.csv"));
  ASSERT_EQ(runs.size(), 1u + 2 * 5);  // header + 2 root seeds x 5 arms
  EXPECT_EQ(runs[0], kRunsHeader);
  EXPECT_EQ(runs[1].rfind("wdbc,wdbc,1,builtin,builtin,", 0), 0u) << runs[1];
  EXPECT_EQ(runs[10].rfind("wdbc,wdbc,2,builtin_valcost,builtin_tuned,", 0), 0u) << runs[10];
  // The blog's three models fit on all 426 training rows; the validation-tuned arm's model
  // holds out its own 43 (the last 10% of the training order) and fits on 383.
  const auto records = harness::parse_csv(slurp(out / "runs.csv"), "runs.csv");
  for (const auto& r : records) {
    const bool tuned = r.text("arm") == "builtin_valcost";
    EXPECT_EQ(*r.number("n_fit"), tuned ? 383.0 : 426.0) << r.text("arm");
    EXPECT_EQ(*r.number("n_val"), tuned ? 43.0 : 0.0) << r.text("arm");
    EXPECT_EQ(*r.number("n_test"), 143.0);
  }

  const auto thresholds = lines_of(slurp(out / "thresholds.csv"));
  ASSERT_EQ(thresholds.size(), 1u + 4 * 101);  // header + 4 models x the 0.00..1.00 grid
  EXPECT_EQ(thresholds[0], "model,threshold,tp,fp,fn,tn,precision,recall,f1,expected_value");

  const std::string report = slurp(out / "report.md");
  EXPECT_NE(report.find("Classification reports"), std::string::npos);
  EXPECT_NE(report.find("p* = 0.00590654"), std::string::npos);  // 0.0128767 / 2.1800767
  const std::string html = slurp(out / "report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  if (fs::is_regular_file(out / "plots/wdbc/roc.svg")) {  // gnuplot present: SVGs inlined
    EXPECT_NE(html.find("<figure id=\"fig-plots-wdbc-roc\"><svg "), std::string::npos);
  }
  EXPECT_NE(run.out.find("builtin_elkan - medical_200to1"), std::string::npos) << run.out;
}

TEST(WdbcCli, WithoutGnuplotStillSucceedsAndSaysHowToPlot) {
  ScratchDir dir("wdbc-nognuplot");
  const fs::path out = dir.path() / "out";
  const ScopedEnv no_path("PATH", "/nonexistent");  // no gnuplot to be found
  const auto run =
      run_rwwce("run wdbc --repeats 1 --epochs 1 --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::is_regular_file(out / "plots/wdbc/roc.dat"));
  EXPECT_TRUE(fs::is_regular_file(out / "plots/wdbc/roc.gp"));
  EXPECT_FALSE(fs::exists(out / "plots/wdbc/roc.svg"));
  const std::string& err = run.err;
  EXPECT_NE(err.find("gnuplot not found"), std::string::npos) << err;
  EXPECT_NE(err.find("apt-get install gnuplot-nox"), std::string::npos) << err;
  EXPECT_NE(err.find("for f in *.gp; do gnuplot"), std::string::npos) << err;
  EXPECT_NE(slurp(out / "report.md").find("not rendered (gnuplot missing or failed)"),
            std::string::npos);
  // report.html is still written; it names each figure it could not draw and how to draw it.
  const std::string html = slurp(out / "report.html");
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Calibration: not rendered (gnuplot missing or failed); data in "
                      "<code>figures/calibration.dat</code>"),
            std::string::npos);
  EXPECT_NE(html.find("Not rendered (gnuplot missing or failed): the data are in "
                      "<code>figures/unit_effects.dat</code>"),
            std::string::npos);
  EXPECT_TRUE(fs::is_regular_file(out / "figures/calibration.gp"));
  EXPECT_NE(err.find("report figures not rendered"), std::string::npos) << err;
}

TEST(WdbcCli, BadPayoffExitsTwoSayingWhatWasExpected) {
  ScratchDir dir("wdbc-payoff");
  const fs::path out = dir.path() / "out";
  const auto bad = run_rwwce("run wdbc --payoff tp=1,fp=2 --out '" + out.string() + "'");
  EXPECT_EQ(bad.exit_code, 2);
  const std::string& err = bad.err;
  EXPECT_NE(err.find("--payoff"), std::string::npos) << err;
  EXPECT_NE(err.find("expected a payoff like 'tp=10,fp=-1,tn=0,fn=0'"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(out));  // refused before any work

  // Well-formed but with no cost-optimal threshold (a false negative worth more than a TP).
  const auto backwards =
      run_rwwce("run wdbc --payoff tp=1,fp=-2,tn=0,fn=5 --out '" + out.string() + "'");
  EXPECT_EQ(backwards.exit_code, 2);
  EXPECT_NE(backwards.err.find("no cost-optimal threshold"), std::string::npos) << backwards.err;
}

TEST(WdbcCli, PayoffAndDollarsFromTomlConfigChangeTheUnitsAndDropThePaperColumn) {
  // The statistics question's payoff, p* = 1 / (1 + 10)
  // (docs/protocol.md, section 'The payoff matrix and the cost-optimal decision').
  ScratchDir dir("wdbc-toml");
  {
    std::ofstream(dir / "config.toml") << "payoff = \"tp=10,fp=-1,tn=0,fn=0\"\n"
                                          "dollars-per-unit = 1\nrepeats = 1\nepochs = 1\n";
  }
  const fs::path out = dir.path() / "out";
  const auto run = run_rwwce("run wdbc --config '" + (dir / "config.toml") +
                             "' --no-plots --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string table = slurp(out / "wdbc.md");
  EXPECT_NE(table.find("TP 10, FP -1, TN 0, FN 0; Elkan's p* = 0.0909091"), std::string::npos)
      << table;
  // Not the blog's payoff: no blog numbers beside ours, and the table says why.
  EXPECT_EQ(table.find("-$19658.34"), std::string::npos) << table;
  EXPECT_NE(table.find("Not the paper's protocol: costs.dollars_per_unit"), std::string::npos)
      << table;
  EXPECT_EQ(lines_of(slurp(out / "runs.csv")).size(), 1u + 5);
}

TEST(WdbcCli, ResplitDrawsEachSeedsOwnSplit) {
  ScratchDir dir("wdbc-resplit");
  const fs::path out = dir.path() / "out";
  const auto run = run_rwwce(
      "run wdbc --repeats 2 --resplit --epochs 1 --no-plots --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto records = harness::parse_csv(slurp(out / "runs.csv"), "runs.csv");
  ASSERT_EQ(records.size(), 10u);
  EXPECT_EQ(*records[0].number("split_seed"), 1.0);  // seed 1: the blog's split
  EXPECT_EQ(*records[5].number("split_seed"), 2.0);
}

}  // namespace
}  // namespace rwwce::experiments
