#include "harness/metrics/threshold_sweep.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/input_error.hpp"
#include "harness/metrics/expected_value.hpp"

namespace rwwce::harness {

std::vector<double> default_threshold_grid() {
  std::vector<double> grid(101);
  for (int i = 0; i <= 100; ++i) grid[static_cast<std::size_t>(i)] = i / 100.0;
  return grid;
}

std::vector<SweepRow> threshold_sweep(const float* scores, const std::uint8_t* labels,
                                      std::size_t n, const Payoff& payoff,
                                      const std::vector<double>& grid, double scale) {
  if (n == 0) {
    throw InputError("threshold sweep: expected at least one scored case, found none");
  }
  std::int64_t positives = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (labels[i] > 1) {
      throw InputError(fmt::format("threshold sweep: expected labels 0 or 1, found {} at index {}",
                                   labels[i], i));
    }
    if (std::isnan(scores[i])) {
      throw InputError(fmt::format(
          "threshold sweep: expected real scores, found NaN at index {}; check the model", i));
    }
    positives += labels[i];
  }
  if (positives == 0) {
    throw InputError(
        "threshold sweep: expected at least one positive label (recall is undefined without), "
        "found none");
  }
  for (double t : grid) {
    if (std::isnan(t)) throw InputError("threshold sweep: expected real thresholds, found NaN");
  }
  const auto negatives = static_cast<std::int64_t>(n) - positives;

  // Scores ascending; above[k] = number of positives among sorted cases k..n-1.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  std::vector<float> sorted(n);
  std::vector<std::int64_t> above(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) sorted[k] = scores[order[k]];
  for (std::size_t k = n; k-- > 0;) above[k] = above[k + 1] + labels[order[k]];

  std::vector<SweepRow> rows;
  rows.reserve(grid.size());
  for (double t : grid) {
    // First case with score > t (compared in double, as the decision is made).
    const auto first = static_cast<std::size_t>(
        std::upper_bound(sorted.begin(), sorted.end(), t,
                         [](double thr, float s) { return thr < static_cast<double>(s); }) -
        sorted.begin());
    SweepRow r;
    r.threshold = t;
    const auto predicted = static_cast<std::int64_t>(n - first);
    r.tp = above[first];
    r.fp = predicted - r.tp;
    r.fn = positives - r.tp;
    r.tn = negatives - r.fp;
    const double tp = static_cast<double>(r.tp);
    r.recall = tp / static_cast<double>(positives);
    if (predicted > 0) {
      r.precision = tp / static_cast<double>(predicted);
      const double p = *r.precision;
      r.f1 = (p + r.recall) == 0.0 ? 0.0 : 2.0 * p * r.recall / (p + r.recall);
    }
    r.expected_value = expected_value(r.tp, r.fp, r.fn, r.tn, payoff, scale);
    rows.push_back(r);
  }
  return rows;
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string num(double v) {
  return fmt::format("{:.6g}", v);
}
std::string opt(const std::optional<double>& v) {
  return v ? num(*v) : std::string();
}

}  // namespace

std::string thresholds_csv(
    const std::vector<std::pair<std::string, std::vector<SweepRow>>>& models) {
  std::string out = "model,threshold,tp,fp,fn,tn,precision,recall,f1,expected_value\n";
  for (const auto& [model, rows] : models) {
    const std::string name = csv_field(model);
    for (const SweepRow& r : rows) {
      out +=
          fmt::format("{},{},{},{},{},{},{},{},{},{}\n", name, num(r.threshold), r.tp, r.fp, r.fn,
                      r.tn, opt(r.precision), num(r.recall), opt(r.f1), num(r.expected_value));
    }
  }
  return out;
}

}  // namespace rwwce::harness
