#include "harness/report/figures_calibration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

namespace fs = std::filesystem;

// By hand: scores 0.05 (neg), 0.15 (neg), 0.15 (pos), 0.95 (pos).
// Bins: [0, 0.1) one negative; [0.1, 0.2) one of two positive; [0.9, 1] one positive.
// ECE = 1/4 |0 - 0.05| + 2/4 |0.5 - 0.15| + 1/4 |1 - 0.95| = 0.2;
// Brier = (0.05^2 + 0.15^2 + 0.85^2 + 0.05^2) / 4 = 0.1875.
// Clopper-Pearson for 1 of 2: Beta(1, 2) and Beta(2, 1) quantiles, 1 - sqrt(0.975) = 0.0125791
// and sqrt(0.975) = 0.9874209 (scipy.stats.beta.ppf(0.025, 1, 2) -> 0.01257912).
TEST(FiguresCalibration, ReliabilityBinsByHand) {
  const ScoreSet set{"m", {0.05f, 0.15f, 0.15f, 0.95f}, {0, 0, 1, 1}, 0.5};
  const Reliability r = reliability(set);
  ASSERT_EQ(r.bins.size(), 10u);
  EXPECT_EQ(r.bins[0].n, 1);
  EXPECT_EQ(r.bins[0].positives, 0);
  EXPECT_EQ(r.bins[1].n, 2);
  EXPECT_EQ(r.bins[1].positives, 1);
  EXPECT_NEAR(r.bins[1].mean_score, 0.15, 1e-7);
  EXPECT_NEAR(r.bins[1].fraction, 0.5, 1e-12);
  EXPECT_NEAR(r.bins[1].low, 0.0125791, 1e-6);
  EXPECT_NEAR(r.bins[1].high, 0.9874209, 1e-6);
  EXPECT_EQ(r.bins[5].n, 0);
  EXPECT_TRUE(std::isnan(r.bins[5].mean_score));
  EXPECT_EQ(r.bins[9].n, 1);
  EXPECT_NEAR(r.ece, 0.2, 1e-7);
  EXPECT_NEAR(r.brier, 0.1875, 1e-7);
}

TEST(FiguresCalibration, DiagramHasAPanelPerModelWithItsScores) {
  const fs::path dir = fs::temp_directory_path() / "rwwce_figures_calibration";
  fs::remove_all(dir);
  plot_reliability(
      dir, {ScoreSet{"a", {0.05f, 0.95f}, {0, 1}, 0.5}, ScoreSet{"b", {0.5f, 0.5f}, {0, 1}, 0.5}});
  std::ifstream in(dir / "calibration.gp");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string script = ss.str();
  EXPECT_NE(script.find("'a: ECE 0.050, Brier 0.003'"), std::string::npos) << script;
  EXPECT_NE(script.find("'b: ECE 0.000, Brier 0.250'"), std::string::npos);
  EXPECT_NE(script.find("set xlabel 'predicted score (10 bins of 0.1)'"), std::string::npos);
  EXPECT_NE(script.find("set ylabel 'fraction positive'"), std::string::npos);
  EXPECT_NE(script.find("set logscale y"), std::string::npos);  // the bin counts
  EXPECT_THROW(reliability(ScoreSet{"m", {1.5f}, {1}, 0.5}), InputError);
  EXPECT_THROW(plot_reliability(dir, {}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
