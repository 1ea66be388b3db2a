#include "harness/report/paper_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace rwwce::harness {
namespace {

// Ours: the mean over every run; with several root seeds, [min, max] of the seeds' table means.
std::string ours_mean(const Summary& s, const std::string& arm, const TableColumn& col) {
  const ArmMean* m = s.mean_of(arm, col.metric);
  if (m == nullptr || m->n_defined == 0) return "undefined";
  std::string out = format_cell(m->mean, col.format);
  if (m->n_defined < m->n_runs) out += fmt::format(" [n={}]", m->n_defined);
  const SeedSpreadRow* sp = s.spread_of(arm, col.metric);
  if (s.seeds.size() > 1 && sp != nullptr && sp->spread.n > 1)
    out += fmt::format(" [{}, {}]", format_cell(sp->spread.min, col.format),
                       format_cell(sp->spread.max, col.format));
  return out;
}

// The paper's dataset-level test: its p; with several root seeds, the median of the seeds' p
// and their [min, max] (each seed's runs tested on their own, as the paper tested its one run).
std::string ours_p(const Summary& s, const TableComparison& c, const TableColumn& col) {
  if (s.seeds.size() > 1) {
    std::vector<double> ps;
    for (const auto& sc : s.seed_comparisons)
      if (sc.arm == c.arm && sc.reference == c.reference && sc.metric == col.metric)
        if (const auto* p = std::get_if<double>(&sc.p)) ps.push_back(*p);
    if (ps.empty()) return "undefined";
    std::sort(ps.begin(), ps.end());
    const std::size_t n = ps.size();
    const double median = n % 2 ? ps[n / 2] : 0.5 * (ps[n / 2 - 1] + ps[n / 2]);
    return fmt::format("{} [{}, {}]", format_cell(median, CellFormat::pvalue),
                       format_cell(ps.front(), CellFormat::pvalue),
                       format_cell(ps.back(), CellFormat::pvalue));
  }
  const Comparison* cmp = s.comparison_of(c.arm, c.reference, col.metric);
  if (cmp == nullptr || !std::holds_alternative<double>(cmp->p)) return "undefined";
  return format_cell(std::get<double>(cmp->p), CellFormat::pvalue);
}

std::string with_paper(std::string ours, const std::optional<double>& paper, CellFormat f) {
  if (!paper) return ours;
  return ours + " (" + format_cell(*paper, f) + ")";
}

}  // namespace

std::string format_cell(double v, CellFormat format) {
  if (!std::isfinite(v)) return "undefined";
  switch (format) {
    case CellFormat::count1:
      return fmt::format("{:.1f}", v);
    case CellFormat::percent2:
      return fmt::format("{:.2f}%", 100.0 * v);
    case CellFormat::dollars2:
      return v < 0 ? fmt::format("-${:.2f}", -v) : fmt::format("${:.2f}", v);
    case CellFormat::dollars4:
      return v < 0 ? fmt::format("-${:.4f}", -v) : fmt::format("${:.4f}", v);
    case CellFormat::fixed4:
      return fmt::format("{:.4f}", v);
    case CellFormat::pvalue:
      return fmt::format("{:.1e}", v);
  }
  return {};
}

bool has_published(const PaperTable& t) {
  for (const auto& r : t.rows)
    for (const auto& v : r.published)
      if (v) return true;
  for (const auto& c : t.comparisons)
    for (const auto& v : c.published_p)
      if (v) return true;
  return false;
}

std::string render_markdown(const PaperTable& t, const Summary& s) {
  const bool paper = has_published(t);
  const bool seeds = s.seeds.size() > 1;
  std::string out = "### " + t.title + "\n\nEach cell: ours" +
                    (seeds ? fmt::format(" (mean over {} root seeds, [min, max] of the seeds' "
                                         "table means)",
                                         s.seeds.size())
                           : std::string()) +
                    (paper ? " (paper)" : "") + ".\n\n| Arm |";
  std::string rule = "|---|";
  for (const auto& c : t.columns) {
    out += " " + c.label + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const auto& r : t.rows) {
    out += "| " + r.label + " |";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      out += " " +
             with_paper(ours_mean(s, r.arm, t.columns[i]), r.published[i], t.columns[i].format) +
             " |";
    out += "\n";
  }
  bool any_p = false;
  for (const auto& c : t.comparisons)
    for (const auto& col : t.columns)
      any_p = any_p || ours_p(s, c, col) != "undefined" ||
              std::any_of(c.published_p.begin(), c.published_p.end(),
                          [](const auto& p) { return p.has_value(); });
  if (!t.comparisons.empty() && !any_p) {
    out +=
        "\nNo table of the paper's paired t-tests: every p is undefined (fewer than two "
        "tasks to pair in a seed).\n";
  } else if (!t.comparisons.empty()) {
    out += std::string(
               "\nThe paper's test: paired t-test p-values (two-sided) over the datasets, "
               "ours") +
           (seeds ? " (median over the seeds [min, max])" : "") + (paper ? " (paper)" : "") +
           ":\n\n| Comparison |";
    for (const auto& c : t.columns) out += " " + c.label + " |";
    out += "\n" + rule + "\n";
    for (const auto& c : t.comparisons) {
      out += "| " + c.label + " |";
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        out += " " + with_paper(ours_p(s, c, t.columns[i]), c.published_p[i], CellFormat::pvalue) +
               " |";
      out += "\n";
    }
  }
  if (!t.notes.empty()) {
    out += "\n";
    for (const auto& n : t.notes) out += "- " + n + "\n";
  }
  return out;
}

}  // namespace rwwce::harness
