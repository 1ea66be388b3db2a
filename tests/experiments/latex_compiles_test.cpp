// Every .tex the harness writes compiles as is: \input into a default \documentclass{article}
// with only \usepackage{booktabs}, pdflatex -halt-on-error, no error, no Overfull \hbox (wider
// than \linewidth), no float taller than the page. pdflatex missing fails the test: the set-up
// script installs it.
#include <gtest/gtest.h>

#include <string>

#include "experiments/study_file.hpp"
#include "experiments/study_report.hpp"
#include "harness/report/latex_table.hpp"
#include "tests/cli_support.hpp"
#include "tests/latex_support.hpp"

namespace rwwce {
namespace {
using testing::latex_problems;
using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

// Small runs of the three built-in studies with two root seeds, so the seed-range rows appear.
TEST(LatexCompiles, SmallRunsOfTheBuiltInStudies) {
  ScratchDir dir("latex-runs");
  const struct {
    const char* study;
    const char* args;
  } runs[] = {
      {"table1", "--datasets d0b0,d7b3 --epochs 1 --seeds 2"},
      {"table2", "--pairs 1-2,9-4 --epochs 1 --seeds 2"},
      {"wdbc", "--repeats 2 --epochs 2"},
  };
  for (const auto& r : runs) {
    const auto run = run_rwwce(std::string("run ") + r.study + " " + r.args + " --quiet --out " +
                               (dir / r.study));
    ASSERT_EQ(run.exit_code, 0) << r.study << ": " << run.err;
    const std::string tex = slurp(dir.path() / r.study / (std::string(r.study) + ".tex"));
    EXPECT_NE(tex.find("% Needs \\usepackage{booktabs}"), std::string::npos) << tex;
    EXPECT_NE(tex.find(std::string("\\label{tab:") + r.study + "}"), std::string::npos) << tex;
    EXPECT_NE(tex.find("seed range"), std::string::npos) << tex;
    // LaTeX numbers the table itself: no "Table 1: Table I: ..." caption.
    EXPECT_EQ(tex.find("\\caption[Table "), std::string::npos) << tex;
    EXPECT_EQ(latex_problems(tex, r.study), "") << tex;
  }
}

// The widest value a cell of each format takes in the full-size runs (5 seeds of Table I and II,
// 30 of the AWS study), widened a little: mean, seed min, seed max.
struct Wide {
  double mean, min, max;
};
Wide widest(harness::CellFormat f) {
  switch (f) {
    case harness::CellFormat::count1:
      return {984.3, 976.0, 997.7};  // three digits: FP of BCE + Elkan p* is 184.3
    case harness::CellFormat::percent2:
      return {0.9650, 0.9580, 0.9720};  // the AWS accuracy, 96.50%
    case harness::CellFormat::dollars2:
      return {-112.34, -118.56, -104.21};  // a negative expected value a patient
    case harness::CellFormat::dollars4:
      return {0.0433, 0.0426, 0.0437};
    default:
      return {0.9953, 0.9901, 0.9987};
  }
}

// The full-size tables of the built-in studies (their own columns, labels and published
// numbers) with the widest realistic values: the width depends on the content, and a small
// run's content is narrower.
TEST(LatexCompiles, FullSizeTablesWithTheWidestValues) {
  for (const char* name : {"table1", "table2", "wdbc"}) {
    const experiments::Study study =
        experiments::resolve_study(experiments::load_study_table(name));
    const std::size_t seeds = study.seeds.size();
    const harness::PaperTable table = experiments::study_paper_table(study, {100, seeds, 784});
    harness::Summary s;
    for (std::size_t k = 1; k <= seeds; ++k) s.seeds.push_back(std::to_string(k));
    for (const auto& row : table.rows)
      for (const auto& col : table.columns) {
        const Wide w = widest(col.format);
        s.means.push_back({row.arm, col.metric, 100 * seeds, 100 * seeds, w.mean, 1.0});
        harness::SeedSpread sp{seeds, w.mean, 1.0, w.min, w.max, 0.95, w.min, w.max};
        s.seed_spreads.push_back({row.arm, col.metric, sp});
      }
    for (const auto& c : table.comparisons)
      for (const auto& col : table.columns)
        for (std::size_t k = 0; k < seeds; ++k) {
          harness::Comparison cmp{c.arm, c.reference, col.metric};
          cmp.seed = s.seeds[k];
          cmp.p = k == 0 ? 4.1e-23 : k == 1 ? 2.1e-17 : 1.3e-22;
          s.seed_comparisons.push_back(cmp);
        }
    const std::string tex = harness::render_latex(table, s);
    EXPECT_EQ(latex_problems(tex, name), "") << tex;
  }
}

}  // namespace
}  // namespace rwwce
