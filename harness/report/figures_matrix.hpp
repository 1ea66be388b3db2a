#pragma once
// Figures of K-class results: K x K heatmaps indexed by (true, predicted) class, and the
// distribution of a per-task value. Each writes <stem>.dat and <stem>.gp into `dir` and renders
// them (gnuplot_render.hpp).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/gnuplot_render.hpp"

namespace rwwce::harness {

struct HeatmapPanel {
  std::string title;
  std::vector<double> values;  // (K, K), row = true class; NaN = not applicable (left blank)
  bool diverging = false;      // a difference: blue below zero, red above, white at zero
};
struct HeatmapFigure {
  std::string stem, title, value_label;  // value_label: what a cell counts, with the unit
  std::size_t classes = 0;
  std::vector<HeatmapPanel> panels;  // side by side
};
// Cells coloured by value and labelled with it (one decimal unless every value is whole), true
// class down, predicted class
// across, the diagonal grey. Panels that are not differences share one colour scale.
PlotResult plot_heatmaps(const std::filesystem::path& dir, const HeatmapFigure& figure);

struct ValueDistribution {
  std::string stem, title, x_label, y_label;
  std::vector<std::pair<std::string, std::vector<double>>> series;  // label, values (NaN skipped)
};
// Histograms of the values over common bins (about sqrt(n) of them over the pooled range), the
// series' bars side by side within each bin, zero marked by a dashed line.
PlotResult plot_value_distribution(const std::filesystem::path& dir, const ValueDistribution& d);

}  // namespace rwwce::harness
