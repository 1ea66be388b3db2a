#pragma once
// From a study's runs to everything its outputs report: the summary (seed spread, the paper's
// dataset-level tests, the tests at the unit of analysis, degenerate runs), the reproduction
// verdict of each published number and claim, and the rendered tables. One function, called by
// the runner, `merge` and `report`, so every one of them shows the same numbers.
#include <string>
#include <vector>

#include "experiments/study.hpp"
#include "experiments/study_report.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

// The study's unit of analysis as the reports name it: "pair" for Table II's tasks, "task",
// "seed", "split", or the column the study names (e.g. "digit").
std::string unit_name(const Study& s);

// One published number against our seed distribution.
struct Verdict {
  std::string arm, metric;
  double published = 0;
  harness::ReproductionCheck check;
};

// One published significance claim (arm vs reference on a metric) at a level: in how many seeds
// it holds (Holm p < 0.05 with the published direction).
struct Claim {
  std::string arm, reference, metric, level;  // level: the unit of analysis, or "dataset"
  double published_p = 0;
  harness::ClaimReplication replication;
};

struct ReproductionVerdict {
  std::vector<Verdict> numbers;
  std::vector<Claim> claims;
};

// The verdicts of the study's published numbers that this run's protocol still matches.
ReproductionVerdict reproduction_verdict(const Study& study, const harness::Summary& summary);

// Records for summary.csv: kind `verdict` per number, `claim` per claim.
std::vector<harness::Record> verdict_records(const ReproductionVerdict& verdict);

// Markdown: the verdict table, the claims table and one sentence per number a reviewer can quote.
std::string verdict_markdown(const Study& study, const ReproductionVerdict& verdict);

// Fills result.spec, summary, summary_extra, table, markdown and latex from
// result.tables["runs"].
void summarize_study(const Study& study, const RunShape& shape, harness::ExperimentResult& result);

}  // namespace rwwce::experiments
