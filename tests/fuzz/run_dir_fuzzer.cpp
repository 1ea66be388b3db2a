// The run-directory reader (harness/run/run_dir.hpp read_run_dir, behind `merge`, `report` and
// `compare`), then what `rwwce report` and `rwwce compare DIR DIR` do with what it read: the
// paper table recomputed from runs.csv (md and tex), and the run compared with itself, which
// must find nothing worse. The input is split at NUL bytes into results.json, runs.csv,
// summary.csv, timings.csv and confusion.csv, written into a private directory; a missing part
// is a missing file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/study_file.hpp"
#include "experiments/study_summary.hpp"
#include "harness/report/paper_table.hpp"
#include "harness/run/run_dir.hpp"
#include "harness/stats/compare.hpp"
#include "harness/stats/summary.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  static const fuzz::ScratchDir scratch;
  static const std::vector<std::string> names = {"results.json", "runs.csv", "summary.csv",
                                                 "timings.csv", "confusion.csv"};
  const std::filesystem::path dir = scratch.path() / "run";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  std::filesystem::create_directory(dir);
  std::string_view rest = fuzz::as_text(data, size);
  for (std::size_t i = 0; i < names.size() && !rest.empty(); ++i) {
    const std::size_t nul = rest.find('\0');
    fuzz::write_file(dir / names[i], rest.substr(0, nul));
    rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
  }
  fuzz::expect_only_input_errors([&] {
    const harness::RunDir run = harness::read_run_dir(dir);
    fuzz::check(run.tables.count("runs") == 1, "a run directory read back has a runs table");
    const auto& runs = run.tables.at("runs");
    const experiments::Study study = experiments::study_from_run(run.context, "fuzz");
    harness::ExperimentResult result;
    result.context = run.context;
    result.tables = run.tables;
    experiments::RunShape shape;
    shape.seeds = std::max<std::size_t>(1, run.context.seeds.size());
    shape.tasks = run.context.tasks.size() / shape.seeds;
    experiments::summarize_study(study, shape, result);
    harness::CompareOptions options;
    options.metrics = study.compare.gate;
    const harness::CompareResult self = harness::compare_runs(runs, runs, options);
    harness::render_compare_markdown(self, "a", "a");
    fuzz::check(self.n_worse() == 0, "a run compared with itself has nothing worse");
  });
  return 0;
}
