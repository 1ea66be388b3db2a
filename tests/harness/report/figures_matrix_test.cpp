#include "harness/report/figures_matrix.hpp"

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

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("rwwce_figures_matrix_" + name);
  fs::remove_all(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const double kNaN = std::nan("");

// Cells that do not apply (NaN) are left out; rows "predicted true value"; the diagonal apart.
TEST(FiguresMatrix, HeatmapWritesTheCellsThatApply) {
  const fs::path dir = fresh_dir("heat");
  HeatmapFigure f{"high_cost",
                  "High-cost mistakes",
                  "mistakes per test set",
                  2,
                  {{"Control", {kNaN, 1, 2, kNaN}, false},
                   {"RWWCE", {kNaN, 3, kNaN, kNaN}, false},
                   {"Control - RWWCE", {kNaN, -2, kNaN, kNaN}, true}}};
  plot_heatmaps(dir, f);
  const std::string data = slurp(dir / "high_cost.dat");
  EXPECT_TRUE(has(data,
                  "# panel 0: Control\n1 0 1\n0 1 2\n\n\n# panel 1: RWWCE\n1 0 3\n\n\n"
                  "# panel 2: Control - RWWCE\n1 0 -2\n\n\n# the diagonal (no mistake)\n"
                  "0 0\n1 1\n"))
      << data;
  const std::string script = slurp(dir / "high_cost.gp");
  EXPECT_TRUE(has(script, "set multiplot layout 1,3"));
  EXPECT_TRUE(has(script, "set yrange [1.5:-0.5]"));  // the true class down the page
  EXPECT_TRUE(has(script, "set cbrange [0:3]"));      // the plain panels' shared scale
  EXPECT_TRUE(has(script, "set cbrange [-3:3]"));     // the difference, symmetric about zero
  EXPECT_TRUE(has(script, "sprintf('%.0f', $3)"));    // whole numbers labelled as such
  EXPECT_TRUE(has(script, "set xlabel 'predicted class'"));
  EXPECT_TRUE(has(script, "set ylabel 'true class'"));
  EXPECT_THROW(plot_heatmaps(dir, HeatmapFigure{"x", "t", "v", 2, {{"p", {1, 2, 3}, false}}}),
               InputError);
}

// n = 4 values: max(5, ceil(sqrt 4)) = 5 bins of 0.6 over [-1, 2]; 2 falls in the last.
TEST(FiguresMatrix, ValueDistributionBinsByHand) {
  const fs::path dir = fresh_dir("dist");
  plot_value_distribution(dir, {"distribution_rwc",
                                "RWC difference per pair",
                                "RWC difference ($)",
                                "pairs per bin",
                                {{"A - R", {-1, 0, 1, 2, kNaN}}}});
  const std::string data = slurp(dir / "distribution_rwc.dat");
  EXPECT_TRUE(has(data, "# series 0: A - R\n-0.7 1\n-0.1 1\n0.5 0\n1.1 1\n1.7 1\n")) << data;
  const std::string script = slurp(dir / "distribution_rwc.gp");
  EXPECT_TRUE(has(script, "set arrow from 0, graph 0 to 0, graph 1"));  // zero is in range
  EXPECT_TRUE(has(script, "set ylabel 'pairs per bin'"));
  EXPECT_THROW(plot_value_distribution(dir, {"d", "t", "x", "y", {{"A", {kNaN}}}}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
