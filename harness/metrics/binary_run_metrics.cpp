#include "harness/metrics/binary_run_metrics.hpp"

#include <cmath>

#include "harness/metrics/binary_metrics.hpp"
#include "harness/metrics/expected_value.hpp"

namespace rwwce::harness {

void add_binary_metrics(Record& r, const float* scores, const std::uint8_t* labels, std::size_t n,
                        double threshold, const BinaryCostMetric& cost, double auc) {
  const Confusion c = confusion_at(scores, labels, n, threshold);
  const auto n_test = static_cast<std::int64_t>(n);
  const std::int64_t positives = c.tp + c.fn, negatives = c.tn + c.fp;
  const auto errors = static_cast<double>(c.fn + c.fp);
  r.set("threshold", threshold)
      .set("tp", c.tp)
      .set("fp", c.fp)
      .set("fn", c.fn)
      .set("tn", c.tn)
      .set("n_test", n_test)
      .set("positives_test", positives)
      .set("negatives_test", negatives)
      .set_optional("precision", precision(c))
      .set_optional("recall", recall(c))
      .set_optional("f1", f1(c))
      .set("top1_error", errors / static_cast<double>(n_test))
      .set_optional("paper_error",
                    negatives > 0 ? std::optional<double>(errors / static_cast<double>(negatives))
                                  : std::nullopt);
  if (cost.kind == BinaryCostMetric::Kind::rwc)
    r.set("rwc", (cost.costs.w_fn * static_cast<double>(c.fn) +
                  cost.costs.w_fp * static_cast<double>(c.fp)) /
                     static_cast<double>(n_test));
  else if (cost.kind == BinaryCostMetric::Kind::expected_value)
    r.set("expected_value", expected_value(c.tp, c.fp, c.fn, c.tn, cost.payoff, cost.scale));
  r.set_optional("auc", std::isfinite(auc) ? std::optional<double>(auc) : std::nullopt)
      .set("accuracy", static_cast<double>(c.tp + c.tn) / static_cast<double>(n_test));
}

}  // namespace rwwce::harness
