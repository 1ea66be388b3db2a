#include "harness/report/figures_paired.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("rwwce_figures_paired_" + name);
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

// Slots by hand: group "0" holds tasks a (x 0) and b (x 1), one empty slot, group "1" task c
// (x 3); two series sit 0.35 either side of a task's slot.
TEST(FiguresPaired, DifferencePlotPlacesTasksByGroupAndSeriesBySide) {
  const fs::path dir = fresh_dir("diff");
  DifferencePlot p;
  p.stem = "paired_rwc";
  p.title = "RWC: arm minus reference per dataset";
  p.y_label = "RWC difference, arm - reference ($ per example)";
  p.group_label = "digit (3 datasets in all)";
  p.seed_ranges = true;
  p.series = {{"A - R", {{"0", "a", 1, 0.5, 1.5}, {"0", "b", -2, -2, -2}, {"1", "c", 3, 3, 3}}},
              {"B - R", {{"0", "a", 4, 4, 4}, {"0", "b", 0, 0, 0}, {"1", "c", -1, -1, -1}}}};
  plot_paired_differences(dir, p);
  const std::string data = slurp(dir / "paired_rwc.dat");
  EXPECT_TRUE(
      has(data, "# series 0: A - R\n-0.35 1 0.5 1.5 a 0\n0.65 -2 -2 -2 b 0\n2.65 3 3 3 c 1\n"))
      << data;
  EXPECT_TRUE(has(data, "# series 1: B - R\n0.35 4 4 4 a 0\n1.35 0 0 0 b 0\n3.35 -1 -1 -1 c 1\n"))
      << data;
  const std::string script = slurp(dir / "paired_rwc.gp");
  EXPECT_TRUE(has(script, "set xtics ('0' 0.5, '1' 3) scale 0")) << script;
  EXPECT_TRUE(has(script, "set arrow from 2, graph 0 to 2, graph 1 nohead"));  // between groups
  EXPECT_TRUE(has(script, "set yrange [-2.36:4.36]"));  // [-2, 4] padded by 6% of its width
  EXPECT_TRUE(has(script, "set xlabel 'digit (3 datasets in all)'"));
  EXPECT_TRUE(has(script, "set ylabel 'RWC difference, arm - reference ($ per example)'"));
  EXPECT_TRUE(has(script, "index 1 using 1:2:3:4 with yerrorbars"));
  EXPECT_TRUE(has(script, "set key outside below"));
}

TEST(FiguresPaired, ForestPlotPutsTheFirstRowOnTopAndAlwaysShowsZero) {
  const fs::path dir = fresh_dir("forest");
  plot_forest(dir, "unit_effects", "Effect per digit",
              {{"RWC", "difference ($ per example)", {{"A - R", 2, 1, 3}, {"B - R", 5, 4, 6}}}});
  const std::string data = slurp(dir / "unit_effects.dat");
  EXPECT_TRUE(has(data, "# panel 0: RWC\n1 2 1 3 \"A_-_R\"\n0 5 4 6 \"B_-_R\"\n")) << data;
  const std::string script = slurp(dir / "unit_effects.gp");
  EXPECT_TRUE(has(script, "set ytics ('A - R' 1, 'B - R' 0) scale 0"));
  EXPECT_TRUE(has(script, "set xrange [-0.48:6.48]")) << script;  // [0, 6] padded by 8%
  EXPECT_TRUE(has(script, "set arrow from 0, graph 0 to 0, graph 1 nohead dt 2"));
  EXPECT_TRUE(has(script, "using 2:1:3:4 with xerrorbars"));
  EXPECT_TRUE(has(script, "set xlabel 'difference ($ per example)'"));
}

TEST(FiguresPaired, GroupCountsAreClusteredBarsOnePerSeries) {
  const fs::path dir = fresh_dir("counts");
  GroupCounts c{"degenerate", "Collapsed runs per digit",
                "digit",      "collapsed runs (of 2 per digit)",
                {"0", "1"},   {{"Control 1", {1, 0}}, {"RWWCE", {0, 2}}}};
  plot_group_counts(dir, c);
  EXPECT_TRUE(has(slurp(dir / "degenerate.dat"), "# group Control_1 RWWCE\n0 1 0\n1 0 2\n"));
  const std::string script = slurp(dir / "degenerate.gp");
  EXPECT_TRUE(has(script, "'degenerate.dat' using 2:xtic(1) lc rgb '#1f77b4' title 'Control 1'"));
  EXPECT_TRUE(has(script, "set yrange [0:3]"));  // ceil(2 x 1.15)
  EXPECT_TRUE(has(script, "set ylabel 'collapsed runs (of 2 per digit)'"));
}

TEST(FiguresPaired, EmptyInputIsAnInputError) {
  const fs::path dir = fresh_dir("empty");
  EXPECT_THROW(plot_paired_differences(dir, DifferencePlot{}), InputError);
  EXPECT_THROW(plot_forest(dir, "f", "t", {}), InputError);
  EXPECT_THROW(plot_group_counts(dir, GroupCounts{}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
