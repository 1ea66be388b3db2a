// The K x K cost-file reader (experiments/study_file.hpp read_cost_file, `--cost-file`) and the
// study check it feeds: what is accepted, as Table II's costs, is a 10x10 decision_cost of finite
// non-negative numbers with a zero diagonal (w_fn, w_fp likewise, w_fp's diagonal zero too).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/study_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  static const fuzz::ScratchDir scratch;
  const std::string path = (scratch.path() / "costs.toml").string();
  fuzz::write_file(path, fuzz::as_text(data, size));
  fuzz::expect_only_input_errors([&] {
    toml::table costs = experiments::read_cost_file(path, 10);
    experiments::StudyTable study = experiments::load_study_table("table2");
    study.table.erase("costs");
    study.table.insert("costs", std::move(costs));
    const experiments::Study s = experiments::resolve_study(study);
    const experiments::CostSpec& c = s.costs;
    fuzz::check(c.kind == experiments::CostSpec::Kind::matrix, "a cost file gives K x K costs");
    fuzz::check(c.decision_cost.size() == 100, "decision_cost is 10x10");
    for (const std::vector<double>* m : {&c.w_fn_matrix, &c.w_fp_matrix, &c.decision_cost}) {
      fuzz::check(m->empty() || m->size() == 100, "a matrix is 10x10");
      for (double v : *m) fuzz::check(std::isfinite(v) && v >= 0, "entries finite and >= 0");
    }
    for (std::size_t i = 0; i < 10; ++i) {
      fuzz::check(c.decision_cost[i * 10 + i] == 0, "decision_cost's diagonal is 0");
      fuzz::check(c.w_fp_matrix.empty() || c.w_fp_matrix[i * 10 + i] == 0, "w_fp's diagonal is 0");
    }
  });
  return 0;
}
