#include "experiments/binary_plots.hpp"

#include <fmt/format.h>

#include "harness/metrics/threshold_sweep.hpp"

namespace rwwce::experiments {

std::vector<harness::PlotResult> write_binary_plots(const std::filesystem::path& dir,
                                                    const BinaryPlotRequest& r) {
  std::vector<harness::PlotResult> out;
  for (const auto& m : r.models) out.push_back(harness::plot_score_histograms(dir, m));
  out.push_back(harness::plot_roc_curves(dir, r.models));
  std::vector<harness::ExpectedValueCurve> curves;
  for (const auto& m : r.models) {
    harness::ExpectedValueCurve c;
    c.model = m.model;
    c.rows = harness::threshold_sweep(m.scores.data(), m.labels.data(), m.scores.size(), r.payoff,
                                      harness::default_threshold_grid(), r.scale);
    if (r.p_star_model.empty() || r.p_star_model == m.model) c.p_star = r.p_star;
    curves.push_back(std::move(c));
  }
  out.push_back(harness::plot_expected_value(dir, curves, r.ev_label));
  return out;
}

std::string plot_problems(const std::filesystem::path& dir,
                          const std::vector<harness::PlotResult>& results) {
  std::size_t missing = 0;
  const harness::PlotResult* first = nullptr;
  for (const auto& p : results) {
    if (p.rendered) continue;
    ++missing;
    if (!first) first = &p;
  }
  if (!first) return {};
  return fmt::format(
      "{} of {} plots not rendered (first: {}); the data files and gnuplot scripts are written; "
      "to render them all: cd {} && for f in *.gp; do gnuplot \"$f\"; done",
      missing, results.size(), first->message, dir.string());
}

}  // namespace rwwce::experiments
