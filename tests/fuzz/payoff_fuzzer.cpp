// The payoff parser (harness/metrics/payoff_matrix.hpp parse_payoff, `--payoff`) and Elkan's
// threshold derived from what it accepts: values finite, p* in [0, 1], and p* unchanged when
// every value is halved (the threshold depends only on ratios; halving is exact).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/metrics/payoff_matrix.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  fuzz::expect_only_input_errors([&] {
    const harness::Payoff p = harness::parse_payoff(fuzz::as_text(data, size));
    fuzz::check(
        std::isfinite(p.tp) && std::isfinite(p.fp) && std::isfinite(p.tn) && std::isfinite(p.fn),
        "parsed values are finite");
    const double threshold = harness::elkan_threshold(p);
    fuzz::check(threshold >= 0.0 && threshold <= 1.0, "p* is in [0, 1]");
    // Halving is exact unless a value is subnormal, where the ratio itself is not reliable.
    const auto normal = [](double v) { return v == 0.0 || std::isnormal(v / 2); };
    if (normal(p.tp) && normal(p.fp) && normal(p.tn) && normal(p.fn)) {
      const harness::Payoff half{p.tp / 2, p.fp / 2, p.tn / 2, p.fn / 2};
      double halved = -1;
      try {
        halved = harness::elkan_threshold(half);
      } catch (const InputError& e) {
        fuzz::fail(std::string("the halved payoff is refused: ") + e.what());
      }
      fuzz::check(halved == threshold, "p* is unchanged when every value is halved");
    }
  });
  return 0;
}
