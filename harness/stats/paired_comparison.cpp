#include "harness/stats/paired_comparison.hpp"

#include <string>

#include "core/input_error.hpp"
#include "harness/stats/paired_t_test.hpp"
#include "harness/stats/wilcoxon.hpp"

namespace rwwce::harness {

PairedComparison paired_comparison(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size())
    throw InputError(
        "paired_comparison: expected two samples of equal size (one value per pair), found "
        "sizes " +
        std::to_string(a.size()) + " and " + std::to_string(b.size()) +
        "; pair the runs before comparing");
  PairedComparison c;
  c.n = a.size();
  if (c.n == 1) c.mean_diff = a[0] - b[0];
  if (c.n < 2) return c;
  const PairedTTest t = paired_t_test(a, b);
  c.mean_diff = t.mean_diff;
  c.sd_diff = t.sd_diff;
  c.t = t.t;
  c.df = t.df;
  c.p = t.p_two_sided;
  c.ci95_low = t.ci95_low;
  c.ci95_high = t.ci95_high;
  const WilcoxonResult w = wilcoxon_signed_rank(a, b);
  c.wilcoxon_statistic = w.statistic;
  c.wilcoxon_p = w.p_two_sided;
  return c;
}

}  // namespace rwwce::harness
