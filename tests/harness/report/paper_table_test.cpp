#include "harness/report/paper_table.hpp"

#include <gtest/gtest.h>

namespace rwwce::harness {
namespace {

PaperTable small_table() {
  PaperTable t;
  t.name = "demo";
  t.title = "Demo table";
  t.columns = {{"fn", "FN", CellFormat::count1}, {"rwc", "RWC", CellFormat::dollars2}};
  t.rows = {{"control", "Control", {45.4, 5.78}}, {"test", "Test", {std::nullopt, 2.81}}};
  t.comparisons = {{"control", "test", "Control vs test", {1.2e-21, std::nullopt}}};
  t.notes = {"A note."};
  return t;
}

Summary small_summary() {
  Summary s;
  s.means = {{"control", "fn", 2, 2, 45.25, 1.0},
             {"control", "rwc", 2, 2, 5.5, 0.1},
             {"test", "fn", 2, 1, 16.0, 0.0},
             {"test", "rwc", 2, 0, 0.0, 0.0}};
  Comparison c{"control", "test", "fn"};
  c.p = 3.14159e-5;
  Comparison d{"control", "test", "rwc"};
  d.p = Undefined{};
  s.comparisons = {c, d};
  return s;
}

TEST(PaperTable, FormatsCells) {
  EXPECT_EQ(format_cell(45.44, CellFormat::count1), "45.4");
  EXPECT_EQ(format_cell(0.0037, CellFormat::percent2), "0.37%");
  EXPECT_EQ(format_cell(2.8166, CellFormat::dollars2), "$2.82");
  EXPECT_EQ(format_cell(-19658.34, CellFormat::dollars2), "-$19658.34");
  EXPECT_EQ(format_cell(0.042769, CellFormat::dollars4), "$0.0428");
  EXPECT_EQ(format_cell(1.23e-21, CellFormat::pvalue), "1.2e-21");
}

TEST(PaperTable, MarkdownExactOutput) {
  EXPECT_EQ(render_markdown(small_table(), small_summary()),
            "### Demo table\n\nEach cell: ours (paper).\n\n"
            "| Arm | FN | RWC |\n|---|---:|---:|\n"
            "| Control | 45.2 (45.4) | $5.50 ($5.78) |\n"
            "| Test | 16.0 [n=1] | undefined ($2.81) |\n"
            "\nThe paper's test: paired t-test p-values (two-sided) over the datasets, ours "
            "(paper):\n\n"
            "| Comparison | FN | RWC |\n|---|---:|---:|\n"
            "| Control vs test | 3.1e-05 (1.2e-21) | undefined |\n"
            "\n- A note.\n");
}

// One task per seed (the AWS study): no p is defined and none is published, so the Markdown says
// so in a sentence instead of a table of "undefined".
TEST(PaperTable, MarkdownWithoutAnyDefinedPSaysSo) {
  PaperTable t = small_table();
  t.comparisons[0].published_p = {std::nullopt, std::nullopt};
  Summary s = small_summary();
  for (auto& c : s.comparisons) c.p = Undefined{};
  const std::string md = render_markdown(t, s);
  EXPECT_EQ(md.find("| Comparison |"), std::string::npos) << md;
  EXPECT_NE(md.find("No table of the paper's paired t-tests: every p is undefined"),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace rwwce::harness
