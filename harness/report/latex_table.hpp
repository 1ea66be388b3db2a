#pragma once
// A paper table as LaTeX that compiles as is in a default `\documentclass{article}` whose only
// package is booktabs, and fits its \linewidth (345 pt at 10 pt):
// - one table float of the means (label tab:<study>) and, when the study compares arms, one of
//   the paired t-test p-values (tab:<study>-tests);
// - each arm a group: its label on a row of its own, then a row of ours, a row of the seeds'
//   range (with several root seeds) and a row of the paper's values (where published), so every
//   numeric column is right-aligned with the decimals of its format; units go in the header;
// - \small, and the columns split over several tabulars inside the same float when an estimate
//   of their width (Computer Modern widths) exceeds \linewidth;
// - p-values typeset as $1.2\times10^{-21}$; the study's text escaped.
// tests/harness/report/latex_compiles_test.cpp compiles the output with pdflatex.
#include <string>

#include "harness/report/paper_table.hpp"
#include "harness/stats/summary.hpp"

namespace rwwce::harness {

// `text` with LaTeX's special characters (# $ % & _ { } ~ ^ \ < > |) made literal.
std::string latex_escape(const std::string& text);

// A number as a LaTeX table cell in the format of its column, its unit left to the header:
// count1 "48.8", percent2 "0.38" (of 100), dollars2 "6.20", "$-$6.20", pvalue
// "$1.2\times10^{-21}$"; "undefined" for a non-finite value.
std::string latex_number(double value, CellFormat format);

// The label of the study's tables: "tab:" and the study name with every character other than
// a letter, a digit, '-', ':' or '.' replaced by '-'.
std::string latex_label(const std::string& study_name);

// The .tex file of the table: a comment saying it needs booktabs, then the floats.
std::string render_latex(const PaperTable& table, const Summary& summary);

}  // namespace rwwce::harness
