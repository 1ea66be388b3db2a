#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/stats/summary.hpp"

namespace rwwce::harness {

// How a metric is shown in a paper table.
enum class CellFormat { count1, percent2, dollars2, dollars4, fixed4, pvalue };

struct TableColumn {
  std::string metric;  // field of the run records
  std::string label;   // column heading
  CellFormat format;
};

struct TableRow {
  std::string arm;
  std::string label;
  std::vector<std::optional<double>> published;  // per column; nullopt: not in the paper
};

struct TableComparison {
  std::string arm, reference, label;
  std::vector<std::optional<double>> published_p;  // per column
};

// A published table and how our results line up with it: each cell reads "ours (paper)".
struct PaperTable {
  std::string name;   // file stem: table1 -> table1.md, table1.tex; the LaTeX label tab:table1
  std::string title;  // e.g. "Table I: binary RWWCE on 100 imbalanced MNIST datasets"
  std::vector<TableColumn> columns;
  std::vector<TableRow> rows;
  std::vector<TableComparison> comparisons;
  std::vector<std::string> notes;  // printed under the table
};

std::string format_cell(double value, CellFormat format);
// Whether any cell of the table has a published number beside ours.
bool has_published(const PaperTable& table);
std::string render_markdown(const PaperTable& table, const Summary& summary);
// render_latex: harness/report/latex_table.hpp.

}  // namespace rwwce::harness
