#include "harness/metrics/binary_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

void require_no_nan(const float* scores, std::size_t n, const char* who) {
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(scores[i])) {
      throw InputError(std::string(who) + ": expected finite or infinite scores, found NaN at " +
                       "index " + std::to_string(i) +
                       "; a NaN model output cannot be ranked "
                       "(check the training run for divergence)");
    }
  }
}

// Indices sorted by descending score.
std::vector<std::size_t> descending_order(const float* scores, std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return scores[i] > scores[j]; });
  return order;
}

}  // namespace

void require_binary_labels(const std::uint8_t* labels, std::size_t n, const char* who) {
  for (std::size_t i = 0; i < n; ++i) {
    if (labels[i] > 1) {
      throw InputError(std::string(who) + ": expected binary labels 0 or 1, found " +
                       std::to_string(labels[i]) + " at index " + std::to_string(i) +
                       "; map the positive class to 1 and every other class to 0");
    }
  }
}

Confusion confusion_at(const float* scores, const std::uint8_t* labels, std::size_t n,
                       double threshold) {
  require_binary_labels(labels, n, "confusion_at");
  Confusion c{0, 0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    const bool predicted = static_cast<double>(scores[i]) > threshold;
    if (labels[i]) {
      predicted ? ++c.tp : ++c.fn;
    } else {
      predicted ? ++c.fp : ++c.tn;
    }
  }
  return c;
}

std::optional<double> precision(const Confusion& c) {
  if (c.tp + c.fp == 0) return std::nullopt;
  return static_cast<double>(c.tp) / static_cast<double>(c.tp + c.fp);
}

std::optional<double> recall(const Confusion& c) {
  if (c.tp + c.fn == 0) return std::nullopt;
  return static_cast<double>(c.tp) / static_cast<double>(c.tp + c.fn);
}

std::optional<double> f1(const Confusion& c) {
  if (c.tp + c.fp == 0 || c.tp + c.fn == 0) return std::nullopt;
  return 2.0 * static_cast<double>(c.tp) / static_cast<double>(2 * c.tp + c.fp + c.fn);
}

double roc_auc(const float* scores, const std::uint8_t* labels, std::size_t n) {
  require_binary_labels(labels, n, "roc_auc");
  require_no_nan(scores, n, "roc_auc");
  const std::vector<std::size_t> order = descending_order(scores, n);
  // Walk the groups of equal score from the highest down: a negative in the current group is
  // outranked by every positive of the groups above and tied (1/2) with those of its group.
  double correct = 0.0;  // pairs (pos, neg) with pos > neg, plus 1/2 per tie
  std::int64_t pos_above = 0, neg_total = 0;
  for (std::size_t lo = 0; lo < n;) {
    std::size_t hi = lo;
    std::int64_t pos = 0, neg = 0;
    while (hi < n && scores[order[hi]] == scores[order[lo]]) {
      labels[order[hi]] ? ++pos : ++neg;
      ++hi;
    }
    correct += static_cast<double>(pos_above) * static_cast<double>(neg) +
               0.5 * static_cast<double>(pos) * static_cast<double>(neg);
    pos_above += pos;
    neg_total += neg;
    lo = hi;
  }
  if (pos_above == 0 || neg_total == 0) return std::numeric_limits<double>::quiet_NaN();
  return correct / (static_cast<double>(pos_above) * static_cast<double>(neg_total));
}

std::vector<RocPoint> roc_curve(const float* scores, const std::uint8_t* labels, std::size_t n) {
  if (n == 0) throw InputError("roc_curve: expected at least one scored example, found none");
  require_binary_labels(labels, n, "roc_curve");
  require_no_nan(scores, n, "roc_curve");
  const std::vector<std::size_t> order = descending_order(scores, n);
  std::vector<RocPoint> points;
  std::vector<std::int64_t> tps{0}, fps{0};
  points.push_back({static_cast<double>(scores[order[0]]) + 1.0, 0.0, 0.0});
  std::int64_t tp = 0, fp = 0;
  for (std::size_t lo = 0; lo < n;) {
    std::size_t hi = lo;
    while (hi < n && scores[order[hi]] == scores[order[lo]]) {
      labels[order[hi]] ? ++tp : ++fp;
      ++hi;
    }
    points.push_back({static_cast<double>(scores[order[lo]]), 0.0, 0.0});
    tps.push_back(tp);
    fps.push_back(fp);
    lo = hi;
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < points.size(); ++k) {
    points[k].fpr = fp > 0 ? static_cast<double>(fps[k]) / static_cast<double>(fp) : nan;
    points[k].tpr = tp > 0 ? static_cast<double>(tps[k]) / static_cast<double>(tp) : nan;
  }
  return points;
}

}  // namespace rwwce::harness
