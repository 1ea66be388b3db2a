#pragma once
// Figures of paired comparisons: the per-task differences of an arm against the reference, the
// effect at the unit of analysis with its interval (a forest plot), and counts per group.
// Each writes <stem>.dat and <stem>.gp into `dir` and renders them (gnuplot_render.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/gnuplot_render.hpp"

namespace rwwce::harness {

// One task's difference (arm - reference): `mean` over the root seeds, `low`..`high` their
// range (equal with one seed). Tasks are drawn in the order given, grouped by `group`.
struct DifferencePoint {
  std::string group, task;
  double mean = 0, low = 0, high = 0;
};
struct DifferenceSeries {
  std::string label;  // e.g. "Control 1 - RWWCE"
  std::vector<DifferencePoint> points;
};
struct DifferencePlot {
  std::string stem, title;
  std::string y_label;       // with the unit, e.g. "RWC difference ($ per example)"
  std::string group_label;   // the x axis, e.g. "digit (10 datasets each)"
  bool seed_ranges = false;  // draw low..high as bars
  std::vector<DifferenceSeries> series;
};
// A dot per task and series, series side by side within a task, groups separated by a thin
// line and labelled on the x axis, the zero line dashed, the legend above the plot.
PlotResult plot_paired_differences(const std::filesystem::path& dir, const DifferencePlot& plot);

// One estimate with its interval (NaN bounds: drawn without bars).
struct ForestRow {
  std::string label;
  double estimate = 0, low = 0, high = 0;
};
struct ForestPanel {
  std::string title, x_label;  // x_label with the unit
  std::vector<ForestRow> rows;
};
// Panels stacked vertically, one per metric; in each a row per comparison, the estimate a dot,
// its interval a horizontal bar, zero a dashed vertical line.
PlotResult plot_forest(const std::filesystem::path& dir, const std::string& stem,
                       const std::string& title, const std::vector<ForestPanel>& panels);

// Counts per group for several series as clustered bars (e.g. collapsed runs per digit and arm).
struct GroupCounts {
  std::string stem, title, x_label, y_label;
  std::vector<std::string> groups;
  std::vector<std::pair<std::string, std::vector<double>>> series;  // label, one count per group
};
PlotResult plot_group_counts(const std::filesystem::path& dir, const GroupCounts& counts);

}  // namespace rwwce::harness
