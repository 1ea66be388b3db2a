#include "harness/report/gnuplot_plots.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>

#include "core/input_error.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/metrics/threshold_sweep.hpp"

namespace fs = std::filesystem;
using namespace rwwce::harness;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("rwwce_gnuplot_" + name);
  fs::remove_all(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool gnuplot_on_path() {
  return std::system("command -v gnuplot >/dev/null 2>&1") == 0;
}

bool nonempty(const fs::path& p) {
  return fs::is_regular_file(p) && fs::file_size(p) > 0;
}

// Synthetic logistic-like scores: positives skewed high, negatives low, some overlap.
ScoreSet synthetic(const std::string& model, unsigned seed, double shift) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> z(0.0, 1.3);
  ScoreSet set{model, {}, {}, 0.5};
  for (int i = 0; i < 300; ++i) {
    const std::uint8_t y = i % 3 == 0;
    const double logit = (y ? 1.5 : -1.5) * shift + z(rng);
    set.scores.push_back(static_cast<float>(1.0 / (1.0 + std::exp(-logit))));
    set.labels.push_back(y);
  }
  return set;
}

// Restores PATH when the test ends, even on failure.
struct PathOverride {
  std::string saved;
  explicit PathOverride(const std::string& value) : saved(std::getenv("PATH")) {
    ::setenv("PATH", value.c_str(), 1);
  }
  ~PathOverride() { ::setenv("PATH", saved.c_str(), 1); }
};

}  // namespace

// Histogram data by hand: bins of 0.02, a score of exactly 1 falls in the last bin, the
// decision at the threshold is strict (0.5 is negative).
TEST(GnuplotPlots, ScoreHistogramDataFile) {
  const fs::path dir = fresh_dir("hist_data");
  const ScoreSet set{
      "tiny model", {0.01f, 0.5f, 0.51f, 1.0f, 0.03f, 0.999f}, {0, 0, 0, 1, 1, 1}, 0.5};
  const PlotResult r = plot_score_histograms(dir, set);
  const std::string data = slurp(dir / "scores_tiny_model.dat");
  std::istringstream lines(data);
  std::string line;
  std::getline(lines, line);  // comment
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 50u);
  // columns: bin_center neg_correct neg_incorrect pos_correct pos_incorrect
  EXPECT_EQ(rows[0], "0.01 1 0 0 0");   // 0.01, negative, correct
  EXPECT_EQ(rows[1], "0.03 0 0 0 1");   // 0.03, positive, missed
  EXPECT_EQ(rows[25], "0.51 1 1 0 0");  // 0.5 (not above 0.5: correct), 0.51 (false positive)
  EXPECT_EQ(rows[49], "0.99 0 0 2 0");  // 0.999 and 1.0
  const std::string script = slurp(dir / "scores_tiny_model.gp");
  EXPECT_NE(script.find("multiplot layout 2,1"), std::string::npos);
  EXPECT_NE(script.find("'actual negatives (n = 3)'"), std::string::npos);
  EXPECT_NE(script.find("'actual positives (n = 3)'"), std::string::npos);
  EXPECT_NE(script.find("set arrow 1 from 0.5, graph 0 to 0.5, graph 1 nohead"), std::string::npos);
  EXPECT_NE(script.find("set xlabel 'predicted score (dashed line: the threshold 0.5)'"),
            std::string::npos);
  EXPECT_EQ(script.find("set logscale y"), std::string::npos);  // 3 examples: a linear count axis
  EXPECT_NE(script.find("'scores_tiny_model.svg'"), std::string::npos);
  EXPECT_NE(script.find("'scores_tiny_model.png'"), std::string::npos);
  EXPECT_EQ(r.rendered, gnuplot_on_path()) << r.message;
}

// Counts over orders of magnitude (Table I: ~15,000 correct negatives beside a hundred false
// positives): the count axis is logarithmic so a bin of one shows.
TEST(GnuplotPlots, ScoreHistogramUsesALogAxisWhenABinHoldsHundreds) {
  const fs::path dir = fresh_dir("hist_log");
  ScoreSet set{"many", std::vector<float>(100, 0.01f), std::vector<std::uint8_t>(100, 0), 0.5};
  set.scores.push_back(0.9f);  // one false positive
  set.labels.push_back(0);
  plot_score_histograms(dir, set);
  const std::string script = slurp(dir / "scores_many.gp");
  EXPECT_NE(script.find("set logscale y\nset yrange [0.7:*]"), std::string::npos);
  EXPECT_NE(script.find("set ylabel 'examples per bin (log scale)'"), std::string::npos);
  set.scores.resize(99);  // the fullest bin 99: linear
  set.labels.resize(99);
  plot_score_histograms(dir, set);
  EXPECT_EQ(slurp(dir / "scores_many.gp").find("set logscale y"), std::string::npos);
}

// ROC points and AUC against sklearn 1.2.1:
//   s = [0.1,0.4,0.35,0.8,0.35,0.9,0.2,0.6] (float32), y = [0,0,1,1,0,1,0,1]
//   roc_curve(y, s, drop_intermediate=False) -> fpr [0,0,0,0,.25,.5,.75,1],
//   tpr [0,.25,.5,.75,.75,1,1,1] (after sklearn's extra (0,0) point); roc_auc_score = 0.90625
TEST(GnuplotPlots, RocDataMatchesSklearn) {
  const fs::path dir = fresh_dir("roc_data");
  const ScoreSet a{
      "A", {0.1f, 0.4f, 0.35f, 0.8f, 0.35f, 0.9f, 0.2f, 0.6f}, {0, 0, 1, 1, 0, 1, 0, 1}, 0.5};
  const PlotResult r = plot_roc_curves(dir, {a});
  const std::string data = slurp(dir / "roc.dat");
  EXPECT_NE(data.find("0 0\n0 0.25\n0 0.5\n0 0.75\n0.25 0.75\n0.5 1\n0.75 1\n1 1\n"),
            std::string::npos)
      << data;
  const std::string script = slurp(dir / "roc.gp");
  EXPECT_NE(script.find("'A (AUC = 0.9062)'"), std::string::npos) << script;  // 0.90625, .4f
  EXPECT_NE(script.find("x with lines dt 2"), std::string::npos);             // chance diagonal
  EXPECT_EQ(r.rendered, gnuplot_on_path()) << r.message;
}

TEST(GnuplotPlots, RendersSvgAndPngWhenGnuplotIsPresent) {
  if (!gnuplot_on_path()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  const fs::path dir = fresh_dir("render");
  const ScoreSet builtin = synthetic("built-in", 1, 1.0);
  const ScoreSet medical = synthetic("medical (200:1)", 2, 1.6);
  const Payoff aws{-0.3528, -0.0128767, 0.0, -2.52};

  const PlotResult h = plot_score_histograms(dir, builtin);
  ASSERT_TRUE(h.rendered) << h.message;
  EXPECT_TRUE(h.message.empty()) << h.message;
  EXPECT_TRUE(nonempty(dir / "scores_built-in.svg"));
  EXPECT_TRUE(nonempty(dir / "scores_built-in.png"));
  EXPECT_EQ(h.files.size(), 4u);

  const PlotResult roc = plot_roc_curves(dir, {builtin, medical});
  ASSERT_TRUE(roc.rendered) << roc.message;
  EXPECT_TRUE(nonempty(dir / "roc.svg"));
  EXPECT_TRUE(nonempty(dir / "roc.png"));

  std::vector<ExpectedValueCurve> curves;
  for (const ScoreSet* s : {&builtin, &medical}) {
    curves.push_back({s->model,
                      threshold_sweep(s->scores.data(), s->labels.data(), s->scores.size(), aws,
                                      default_threshold_grid(), 100000.0),
                      elkan_threshold(aws)});
  }
  const PlotResult ev = plot_expected_value(dir, curves, "expected value (USD per patient)");
  ASSERT_TRUE(ev.rendered) << ev.message;
  EXPECT_TRUE(nonempty(dir / "expected_value.svg"));
  EXPECT_TRUE(nonempty(dir / "expected_value.png"));
  const std::string ev_script = slurp(dir / "expected_value.gp");
  EXPECT_NE(ev_script.find("(p* = 0.005907)"), std::string::npos);
  // What the circles and dashed lines mean is a legend entry below the plot, not a label that
  // can sit on a curve.
  EXPECT_NE(ev_script.find("NaN with points pt 6 ps 2 lw 2 lc rgb 'black' title 'circle and "
                           "dashed line: p*'"),
            std::string::npos);
  EXPECT_NE(ev_script.find("set key outside below"), std::string::npos);
  EXPECT_EQ(ev_script.find("set label"), std::string::npos);
  // The PNG really is a PNG.
  EXPECT_EQ(slurp(dir / "roc.png").substr(1, 3), "PNG");
}

TEST(GnuplotPlots, WithoutGnuplotWritesDataAndScriptAndSaysHowToRender) {
  const fs::path dir = fresh_dir("absent");
  const fs::path empty_bin = fresh_dir("empty_bin");
  fs::create_directories(empty_bin);
  const PathOverride no_gnuplot(empty_bin.string());
  const PlotResult r = plot_score_histograms(dir, synthetic("m", 3, 1.0));
  EXPECT_FALSE(r.rendered);
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_TRUE(nonempty(dir / "scores_m.dat"));
  EXPECT_TRUE(nonempty(dir / "scores_m.gp"));
  EXPECT_FALSE(fs::exists(dir / "scores_m.png"));
  EXPECT_NE(r.message.find("apt-get install gnuplot-nox"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("gnuplot scores_m.gp"), std::string::npos) << r.message;
}

TEST(GnuplotPlots, GnuplotFailureIsReportedNotThrown) {
  if (!gnuplot_on_path()) GTEST_SKIP() << "gnuplot not installed";
  // A fake "gnuplot" that fails, first on PATH.
  const fs::path bin = fresh_dir("fake_bin");
  fs::create_directories(bin);
  {
    std::ofstream f(bin / "gnuplot");
    f << "#!/bin/sh\necho 'line 3: unknown command' >&2\nexit 1\n";
  }
  fs::permissions(bin / "gnuplot", fs::perms::owner_all);
  const PathOverride fake(bin.string() + ":" + std::getenv("PATH"));
  const PlotResult r = plot_roc_curves(fresh_dir("fails"), {synthetic("m", 4, 1.0)});
  EXPECT_FALSE(r.rendered);
  EXPECT_NE(r.message.find("exit code 1"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("unknown command"), std::string::npos) << r.message;
}

TEST(GnuplotPlots, RejectsBadScores) {
  const fs::path dir = fresh_dir("bad");
  EXPECT_THROW(plot_score_histograms(dir, ScoreSet{"m", {0.2f, 1.5f}, {0, 1}, 0.5}),
               rwwce::InputError);
  EXPECT_THROW(plot_score_histograms(dir, ScoreSet{"m", {0.2f}, {0, 1}, 0.5}), rwwce::InputError);
  EXPECT_THROW(plot_roc_curves(dir, {ScoreSet{"m", {0.2f, 0.3f}, {1, 1}, 0.5}}), rwwce::InputError);
  EXPECT_THROW(plot_roc_curves(dir, {}), rwwce::InputError);
}
