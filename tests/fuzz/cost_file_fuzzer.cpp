// The Table II cost-file parser (experiments/table2.hpp parse_cost_file, `--cost-file`): what
// it accepts is three 10x10 matrices of finite non-negative numbers, 0 on decision_cost's
// diagonal.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/table2.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  const std::string text(fuzz::as_text(data, size));
  fuzz::expect_only_input_errors([&] {
    const experiments::MulticlassCosts c = experiments::parse_cost_file(text, "fuzz-costs.toml");
    for (const std::vector<double>* m : {&c.w_fn, &c.w_fp, &c.decision_cost}) {
      fuzz::check(m->size() == 100, "a matrix is 10x10");
      for (double v : *m) fuzz::check(std::isfinite(v) && v >= 0, "entries finite and >= 0");
    }
    for (std::size_t i = 0; i < 10; ++i)
      fuzz::check(c.decision_cost[i * 10 + i] == 0, "decision_cost's diagonal is 0");
  });
  return 0;
}
