// `rwwce run wdbc` end to end through the binary, and the pieces it adds: the expected-value
// threshold search, the mean's confidence interval and the Markdown -> HTML report renderer.
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
#include "experiments/wdbc.hpp"
#include "experiments/wdbc_report.hpp"
#include "harness/report/markdown_html.hpp"
#include "tests/cli_support.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce::experiments {
namespace {

namespace fs = std::filesystem;
using datasets::testing::TempDir;
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
    "experiment,dataset,repeat,arm,seed,threshold,tp,fp,fn,tn,n_test,accuracy,auc,expected_value,"
    "model,decision,split_seed,n_fit,n_val,precision,recall,f1";

TEST(WdbcCli, SmallRunWritesEveryOutput) {
  ScratchDir dir("wdbc");
  const fs::path out = dir.path() / "out";
  const auto run =
      run_rwwce("run wdbc --repeats 2 --epochs 2 --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* f :
       {"runs.csv", "timings.csv", "summary.csv", "results.json", "scores.csv", "thresholds.csv",
        "wdbc.md", "wdbc.tex", "report.md", "report.html", "plots/roc.dat", "plots/roc.gp",
        "plots/expected_value.gp", "plots/scores_builtin.dat", "plots/scores_custom_5to1.dat",
        "plots/scores_medical_200to1.dat", "plots/scores_builtin_elkan.dat"})
    EXPECT_TRUE(fs::is_regular_file(out / f)) << f;

  const auto runs = lines_of(slurp(out / "runs.csv"));
  ASSERT_EQ(runs.size(), 1u + 2 * 5);  // header + 2 repeats x 5 arms
  EXPECT_EQ(runs[0], kRunsHeader);
  EXPECT_EQ(runs[1].rfind("wdbc,r0,0,builtin,", 0), 0u) << runs[1];
  EXPECT_EQ(runs[10].rfind("wdbc,r1,1,medical_200to1,", 0), 0u) << runs[10];

  const auto thresholds = lines_of(slurp(out / "thresholds.csv"));
  ASSERT_EQ(thresholds.size(), 1u + 3 * 101);  // header + 3 models x the 0.00..1.00 grid
  EXPECT_EQ(thresholds[0], "model,threshold,tp,fp,fn,tn,precision,recall,f1,expected_value");

  const std::string report = slurp(out / "report.md");
  EXPECT_NE(report.find("Classification reports"), std::string::npos);
  EXPECT_NE(report.find("p* = 0.00590654"), std::string::npos);  // 0.0128767 / 2.1800767
  const std::string html = slurp(out / "report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  if (fs::is_regular_file(out / "plots/roc.svg")) {  // gnuplot present: the SVGs are inlined
    EXPECT_NE(html.find("data:image/svg+xml;base64,"), std::string::npos);
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
  EXPECT_TRUE(fs::is_regular_file(out / "plots/roc.dat"));
  EXPECT_TRUE(fs::is_regular_file(out / "plots/roc.gp"));
  EXPECT_FALSE(fs::exists(out / "plots/roc.svg"));
  const std::string& err = run.err;
  EXPECT_NE(err.find("gnuplot not found"), std::string::npos) << err;
  EXPECT_NE(err.find("apt-get install gnuplot-nox"), std::string::npos) << err;
  EXPECT_NE(err.find("for f in *.gp; do gnuplot"), std::string::npos) << err;
  EXPECT_NE(slurp(out / "report.md").find("gnuplot not found"), std::string::npos);
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

TEST(WdbcCli, PayoffAndDollarsFromTomlConfig) {
  // The statistics question's payoff (PROTOCOL.md section 5): p* = 1 / (1 + 10).
  ScratchDir dir("wdbc-toml");
  {
    std::ofstream(dir / "study.toml") << "payoff = \"tp=10,fp=-1,tn=0,fn=0\"\n"
                                         "dollars-per-unit = 1\nrepeats = 1\nepochs = 1\n";
  }
  const fs::path out = dir.path() / "out";
  const auto run = run_rwwce("run wdbc --config '" + (dir / "study.toml") +
                             "' --no-plots --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(slurp(out / "results.json").find("\"tp=10,fp=-1,tn=0,fn=0\""), std::string::npos);
  EXPECT_NE(slurp(out / "report.md").find("p* = 0.0909091"), std::string::npos);
  EXPECT_EQ(lines_of(slurp(out / "runs.csv")).size(), 1u + 5);
}

TEST(MaxExpectedValueThreshold, MinimisesRegretOfMissesAndFalseAlarms) {
  // Scores 0.1 0.2 0.3 0.4 0.9 with labels 0 1 0 0 1. Payoff tp=10, fp=-1, tn=0, fn=0: a miss
  // loses 10, a false alarm 1. Thresholds < 0.2 catch both positives with 2-3 false alarms;
  // the first grid point in [0.1, 0.2) (cost 2*1) beats 0.05 (cost 3) and 0.2+ (a miss: 10+).
  const std::vector<float> scores = {0.1f, 0.2f, 0.3f, 0.4f, 0.9f};
  const std::vector<std::uint8_t> labels = {0, 1, 0, 0, 1};
  const harness::Payoff payoff{10, -1, 0, 0};
  const std::vector<double> grid = {0.05, 0.15, 0.19, 0.25, 0.5};
  EXPECT_DOUBLE_EQ(
      max_expected_value_threshold(scores.data(), labels.data(), scores.size(), payoff, grid),
      0.15);
  // With false alarms costing more than a miss is worth, the best threshold drops them all.
  const harness::Payoff strict{1, -5, 0, 0};
  EXPECT_DOUBLE_EQ(
      max_expected_value_threshold(scores.data(), labels.data(), scores.size(), strict, grid), 0.5);
  const harness::Payoff backwards{0, 0, 0, 1};  // a miss worth more than a hit
  EXPECT_THROW(
      max_expected_value_threshold(scores.data(), labels.data(), scores.size(), backwards, grid),
      InputError);
}

TEST(MeanCi95, MatchesScipyTInterval) {
  // scipy.stats.t.interval(0.95, 4, loc=10, scale=2/sqrt(5))
  //   -> (7.516672003592467, 12.483327996407533)
  const auto [lo, hi] = mean_ci95(10.0, 2.0, 5);
  EXPECT_NEAR(lo, 7.516672003592467, 1e-12);
  EXPECT_NEAR(hi, 12.483327996407533, 1e-12);
  EXPECT_TRUE(std::isnan(mean_ci95(1.0, 0.0, 1).first));
}

TEST(Base64, Rfc4648TestVectors) {
  EXPECT_EQ(harness::base64_encode(""), "");
  EXPECT_EQ(harness::base64_encode("f"), "Zg==");
  EXPECT_EQ(harness::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(harness::base64_encode("foo"), "Zm9v");
  EXPECT_EQ(harness::base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(harness::base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(harness::base64_encode("foobar"), "Zm9vYmFy");
}

TEST(MarkdownToHtml, RendersTheReportSubset) {
  TempDir dir;
  { std::ofstream(dir.file("a.svg")) << "<svg/>"; }
  const std::string md =
      "# Title\n\nSome `code` and **bold** <b>, a [link](x.html).\nsame paragraph\n\n"
      "| Arm | Mean |\n|---|---:|\n| a | 1 |\n\n"
      "```text\n  x < y\n```\n- one\n- two\n\n![Fig](a.svg)\n![Gone](missing.svg)\n";
  const std::string html = harness::markdown_to_html(md, dir.str(), "T & U");
  const auto has = [&](const std::string& s) { return html.find(s) != std::string::npos; };
  EXPECT_TRUE(has("<title>T &amp; U</title>"));
  EXPECT_TRUE(has("<h1>Title</h1>"));
  EXPECT_TRUE(
      has("<p>Some <code>code</code> and <strong>bold</strong> &lt;b&gt;, a <a "
          "href=\"x.html\">link</a>. same paragraph</p>"));
  EXPECT_TRUE(has("<thead><tr><th>Arm</th><th style=\"text-align:right\">Mean</th></tr></thead>"));
  EXPECT_TRUE(has("<tr><td>a</td><td style=\"text-align:right\">1</td></tr>"));
  EXPECT_TRUE(has("<pre>  x &lt; y\n</pre>"));
  EXPECT_TRUE(has("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
  EXPECT_TRUE(has("src=\"data:image/svg+xml;base64," + harness::base64_encode("<svg/>") + "\""));
  EXPECT_TRUE(has("class=\"missing\">[Gone: missing.svg not available]"));
}

}  // namespace
}  // namespace rwwce::experiments
