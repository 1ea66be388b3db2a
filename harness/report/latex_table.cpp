#include "harness/report/latex_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <regex>
#include <vector>

namespace rwwce::harness {
namespace {

// Layout constants of a default article at 10 pt with the tables set in \small (9 pt).
constexpr double kLineWidth = 345.0;        // \linewidth
constexpr double kFit = 0.97 * kLineWidth;  // what the width estimate may fill
constexpr double kColumnGap = 8.0;          // 2 \tabcolsep, \tabcolsep set to 4 pt
constexpr double kIndent = 9.0;             // \quad before a row name under its group
constexpr double kDigit = 4.6;              // a digit of cmr9 (and an en dash)
constexpr double kMathBinary = 7.2 + 4.0;   // \times or a minus sign, with its spacing

// The width in pt of plain text at \small, within a few percent for English text and numbers:
// enough to choose a layout (the compile test catches any overfull box).
double text_width(const std::string& s) {
  double w = 0;
  for (const unsigned char c : s) {
    if (c >= '0' && c <= '9')
      w += kDigit;
    else if (c == ' ')
      w += 3.1;
    else if (std::strchr("iljf.,:;'!|", c) != nullptr)
      w += 2.6;
    else if (std::strchr("trs-()[]/", c) != nullptr)
      w += 3.6;
    else if (c == 'm' || c == 'w')
      w += 7.7;
    else if (c == 'M' || c == 'W')
      w += 9.5;
    else if (c >= 'A' && c <= 'Z')
      w += 6.9;
    else if (std::strchr("%+=<>&#", c) != nullptr)
      w += 7.7;
    else if (c >= 0x80)
      w += 3.0;  // a byte of UTF-8: about 6 pt per accented letter
    else
      w += 4.6;
  }
  return w;
}

// A cell: its LaTeX and the estimated width of what it typesets.
struct Text {
  std::string tex;
  double width = 0;
};

Text plain(const std::string& s) {
  return {latex_escape(s), text_width(s)};
}

Text number_text(double v, CellFormat f) {
  if (!std::isfinite(v)) return plain("undefined");
  if (f == CellFormat::pvalue) {
    if (v == 0) return {"$0$", kDigit};
    // "1.2e-21" -> mantissa 1.2, exponent -21.
    const std::string e = fmt::format("{:.1e}", v);
    const std::string mantissa = e.substr(0, e.find('e'));
    const int exponent = std::stoi(e.substr(e.find('e') + 1));
    // The exponent padded to a sign and two digits, so that right-aligned p-values align.
    const std::string digits = std::to_string(std::abs(exponent));
    const std::string sign = exponent < 0 ? "-" : "\\phantom{-}";
    const std::string pad = digits.size() < 2 ? "\\phantom{0}" : "";
    return {fmt::format("${}\\times10^{{{}{}{}}}$", mantissa, sign, digits, pad),
            text_width(mantissa) + kMathBinary + 2 * kDigit +
                3.9 * std::max<std::size_t>(2, digits.size()) + 6.2};
  }
  double magnitude = std::abs(v);
  if (f == CellFormat::percent2) magnitude *= 100;
  const int decimals = f == CellFormat::count1     ? 1
                       : f == CellFormat::fixed4   ? 4
                       : f == CellFormat::dollars4 ? 4
                                                   : 2;
  const std::string digits = fmt::format("{:.{}f}", magnitude, decimals);
  // A value that rounds to zero is shown without a sign.
  const bool negative = v < 0 && digits.find_first_not_of("0.") != std::string::npos;
  return {(negative ? "$-$" : "") + digits, text_width(digits) + (negative ? kMathBinary : 0)};
}

Text range_text(double lo, double hi, CellFormat f) {
  const Text a = number_text(lo, f), b = number_text(hi, f);
  // 0.37--0.40 reads as a range; with a minus sign a dash would read as one more minus.
  if (lo < 0 || hi < 0) return {a.tex + " to " + b.tex, a.width + b.width + text_width(" to ")};
  return {a.tex + "--" + b.tex, a.width + b.width + kDigit};
}

const char* unit_of(CellFormat f) {
  switch (f) {
    case CellFormat::percent2:
      return "(%)";
    case CellFormat::dollars2:
    case CellFormat::dollars4:
      return "($)";
    default:
      return "";
  }
}

// A row under a group label: its name ("ours", "paper", ...) and one cell per column.
struct Line {
  Text name;
  std::vector<Text> cells;
};

// An arm (or a comparison): its label and its rows.
struct Group {
  Text label;
  std::vector<Line> lines;
};

struct Grid {
  // \caption[short_caption]{caption_title caption_rest}; a part's columns go after the titles.
  std::string short_caption, caption_title, caption_rest, label;
  Text corner;  // heading of the label column when each group is one row beside its label
  std::vector<TableColumn> columns;
  std::vector<Group> groups;
};

// A column's heading word-wrapped to `width` (at least a word a line), then its unit.
std::vector<Text> header_lines(const TableColumn& c, double width) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < c.label.size();) {
    const std::size_t j = std::min(c.label.find(' ', i), c.label.size());
    if (j > i) words.push_back(c.label.substr(i, j - i));
    i = j + 1;
  }
  const std::string unit = unit_of(c.format);
  if (!unit.empty()) words.push_back(unit);
  std::vector<std::string> lines;
  for (const auto& w : words)
    if (!lines.empty() && text_width(lines.back() + " " + w) <= width)
      lines.back() += " " + w;
    else
      lines.push_back(w);
  std::vector<Text> out;
  for (const auto& l : lines) out.push_back(plain(l));
  return out;
}

double widest_word(const TableColumn& c) {
  double w = text_width(unit_of(c.format));
  std::size_t i = 0;
  while (i <= c.label.size()) {
    const std::size_t j = std::min(c.label.find(' ', i), c.label.size());
    w = std::max(w, text_width(c.label.substr(i, j - i)));
    i = j + 1;
  }
  return w;
}

// The estimated width of a tabular of the label column (none when 0) and the columns `part`.
double part_width(const std::vector<std::size_t>& part, const std::vector<double>& widths,
                  double label_width) {
  double w = label_width > 0 ? label_width : -kColumnGap;
  for (const std::size_t i : part) w += widths[i] + kColumnGap;
  return w;
}

// The columns split into the fewest contiguous, even parts that each fit beside the label
// column; one column a part when even that does not fit.
std::vector<std::vector<std::size_t>> split_columns(const std::vector<double>& widths,
                                                    double label_width) {
  const std::size_t n = widths.size();
  for (std::size_t k = 1; k <= n; ++k) {
    std::vector<std::vector<std::size_t>> parts(k);
    for (std::size_t i = 0; i < n; ++i) parts[i * k / n].push_back(i);
    const bool fits = std::all_of(parts.begin(), parts.end(), [&](const auto& part) {
      return part_width(part, widths, label_width) <= kFit;
    });
    if (fits || k == n) return parts;
  }
  return {};
}

std::string render_grid(const Grid& g) {
  const std::size_t n = g.columns.size();
  // The widest cell of each column, or the widest word of its heading.
  std::vector<double> data(n);
  for (std::size_t i = 0; i < n; ++i) {
    data[i] = widest_word(g.columns[i]);
    for (const auto& grp : g.groups)
      for (const auto& l : grp.lines) data[i] = std::max(data[i], l.cells[i].width);
  }
  const bool single = std::all_of(g.groups.begin(), g.groups.end(),
                                  [](const Group& grp) { return grp.lines.size() == 1; });
  // Under its label a single row needs no name; beside it, the label column holds the labels.
  double named = 0, beside = g.corner.width;
  for (const auto& grp : g.groups) {
    beside = std::max(beside, grp.label.width);
    if (!single)
      for (const auto& l : grp.lines) named = std::max(named, kIndent + l.name.width);
  }
  // Headings wrap to the width of their column's cells, or to `heading` when the table has the
  // room: the widest `heading` that needs no more parts than the narrowest.
  std::vector<std::vector<std::size_t>> parts;
  std::vector<double> widths;
  std::vector<std::vector<Text>> heads;
  bool one_row = false;
  std::size_t fewest = 0;
  for (const double heading : {0.0, 120.0, 100.0, 80.0, 60.0}) {
    std::vector<double> w(n);
    std::vector<std::vector<Text>> h(n);
    for (std::size_t i = 0; i < n; ++i) {
      h[i] = header_lines(g.columns[i], std::max(data[i], heading));
      w[i] = data[i];
      for (const auto& line : h[i]) w[i] = std::max(w[i], line.width);
    }
    auto p = split_columns(w, named);  // under the group labels
    bool beside_layout = false;
    if (single) {
      auto beside_parts = split_columns(w, beside);
      if (beside_parts.size() <= p.size()) {
        p = std::move(beside_parts);
        beside_layout = true;
      }
    }
    if (heading == 0.0) fewest = p.size();
    if (p.size() > fewest) continue;
    parts = std::move(p);
    widths = std::move(w);
    heads = std::move(h);
    one_row = beside_layout;
    if (heading > 0.0) break;
  }
  const bool label_column = one_row || named > 0;

  // Each part a float of its own: two tall parts in one float can exceed the page.
  std::string out;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const auto& part = parts[p];
    std::string suffix, label_suffix;
    if (parts.size() > 1) {
      std::vector<std::string> names;
      for (const std::size_t i : part) names.push_back(latex_escape(g.columns[i].label));
      suffix = fmt::format(", part {} of {}: {}", p + 1, parts.size(), fmt::join(names, ", "));
      if (p > 0) label_suffix = fmt::format("-part{}", p + 1);
    }
    if (p > 0) out += "\n";
    out += "\\begin{table}[t]\n\\centering\n\\small\n\\setlength{\\tabcolsep}{4pt}\n";
    out += "\\caption[" + g.short_caption + suffix + "]{" + g.caption_title + suffix +
           g.caption_rest + "}\n\\label{" + g.label + label_suffix + "}\n";
    const std::size_t span = part.size() + (label_column ? 1 : 0);
    out += "\\begin{tabular}{@{}" + std::string(label_column ? "l" : "") +
           std::string(part.size(), 'r') + "@{}}\n\\toprule\n";
    // The heading, its lines aligned at the bottom.
    std::size_t rows = 1;
    for (const std::size_t i : part) rows = std::max(rows, heads[i].size());
    for (std::size_t r = 0; r < rows; ++r) {
      std::vector<std::string> cells;
      if (label_column) cells.push_back(one_row && r + 1 == rows ? g.corner.tex : "");
      for (const std::size_t i : part) {
        const auto& h = heads[i];
        cells.push_back(r + h.size() >= rows ? h[r + h.size() - rows].tex : "");
      }
      out += fmt::format("{} \\\\\n", fmt::join(cells, " & "));
    }
    out += "\\midrule\n";
    for (std::size_t k = 0; k < g.groups.size(); ++k) {
      const Group& grp = g.groups[k];
      if (one_row) {
        out += grp.label.tex;
        for (const std::size_t i : part) out += " & " + grp.lines.front().cells[i].tex;
        out += " \\\\\n";
        continue;
      }
      if (k > 0) out += "\\addlinespace\n";
      // A label wider than the table's columns would widen the last one: it wraps instead, in a
      // box a little narrower than the estimate of their width (\raggedright makes \\ a line
      // break: \tabularnewline ends the row).
      const double table = part_width(part, widths, label_column ? named : 0);
      if (grp.label.width <= table)
        out += fmt::format("\\multicolumn{{{}}}{{@{{}}l}}{{{}}} \\\\\n", span, grp.label.tex);
      else
        out += fmt::format(
            "\\multicolumn{{{}}}{{@{{}}p{{{:.0f}pt}}@{{}}}}{{\\raggedright {}}} \\tabularnewline\n",
            span, 0.9 * table, grp.label.tex);
      for (const Line& l : grp.lines) {
        std::vector<std::string> cells;
        if (label_column) cells.push_back("\\quad " + l.name.tex);
        for (const std::size_t i : part) cells.push_back(l.cells[i].tex);
        out += fmt::format("{} \\\\\n", fmt::join(cells, " & "));
      }
    }
    out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
  }
  return out;
}

// "Table I: binary RWWCE ..." -> "binary RWWCE ...": LaTeX numbers the table itself.
std::string caption_title(const std::string& title, bool capital) {
  std::string t = std::regex_replace(title, std::regex("^Table [IVXLCDM0-9]+[:.] *"), "");
  if (capital && !t.empty() && t[0] >= 'a' && t[0] <= 'z')
    t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return latex_escape(t);
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

Grid means_grid(const PaperTable& t, const Summary& s) {
  const bool seeds = s.seeds.size() > 1;
  Grid g;
  g.short_caption = g.caption_title = caption_title(t.title, true);
  g.caption_rest = ". Ours: " +
                   (seeds ? fmt::format("the mean over every run of {} root seeds; seed range: the "
                                        "lowest and the highest of the seeds' table means",
                                        s.seeds.size())
                          : std::string("the mean over every run")) +
                   (has_published(t) ? "; paper: the published value." : ".");
  g.label = latex_label(t.name);
  g.corner = plain("Arm");
  g.columns = t.columns;
  for (const TableRow& r : t.rows) {
    Group grp{plain(r.label), {}};
    Line ours{plain("ours"), {}}, range{plain("seed range"), {}}, paper{plain("paper"), {}};
    bool any_range = false, any_paper = false;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const TableColumn& c = t.columns[i];
      const ArmMean* m = s.mean_of(r.arm, c.metric);
      Text cell =
          m == nullptr || m->n_defined == 0 ? plain("undefined") : number_text(m->mean, c.format);
      if (m != nullptr && m->n_defined > 0 && m->n_defined < m->n_runs) {
        const std::string n = fmt::format(" (n={})", m->n_defined);
        cell.tex += fmt::format(" ($n={}$)", m->n_defined);
        cell.width += text_width(n);
      }
      ours.cells.push_back(cell);
      const SeedSpreadRow* sp = s.spread_of(r.arm, c.metric);
      if (seeds && sp != nullptr && sp->spread.n > 1) {
        range.cells.push_back(range_text(sp->spread.min, sp->spread.max, c.format));
        any_range = true;
      } else {
        range.cells.emplace_back();
      }
      const auto& published = i < r.published.size() ? r.published[i] : std::nullopt;
      paper.cells.push_back(published ? number_text(*published, c.format) : Text{});
      any_paper = any_paper || published.has_value();
    }
    grp.lines.push_back(std::move(ours));
    if (any_range) grp.lines.push_back(std::move(range));
    if (any_paper) grp.lines.push_back(std::move(paper));
    g.groups.push_back(std::move(grp));
  }
  return g;
}

Grid tests_grid(const PaperTable& t, const Summary& s) {
  const bool seeds = s.seeds.size() > 1;
  Grid g;
  g.short_caption = "Paired t-tests: " + caption_title(t.title, false);
  g.caption_title = caption_title(t.title, true);
  g.caption_rest =
      ": the paper's test, paired t-test $p$-values (two-sided) over the datasets. Ours: " +
      (seeds ? fmt::format("the median over {} root seeds of the $p$ of each seed's runs, "
                           "tested on their own as the paper tested its one run; seed min and "
                           "max: the lowest and the highest of those $p$",
                           s.seeds.size())
             : std::string("the $p$ over every run")) +
      (has_published(t) ? "; paper: the published $p$." : ".");
  g.label = latex_label(t.name) + "-tests";
  g.corner = plain("Comparison");
  g.columns = t.columns;
  for (auto& c : g.columns) c.format = CellFormat::pvalue;
  for (const TableComparison& c : t.comparisons) {
    Group grp{plain(c.label), {}};
    Line ours{plain("ours"), {}}, lo{plain("seed min"), {}}, hi{plain("seed max"), {}},
        paper{plain("paper"), {}};
    bool any_p = false, any_paper = false;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const std::string& metric = t.columns[i].metric;
      if (seeds) {
        std::vector<double> ps;
        for (const auto& sc : s.seed_comparisons)
          if (sc.arm == c.arm && sc.reference == c.reference && sc.metric == metric)
            if (const auto* p = std::get_if<double>(&sc.p)) ps.push_back(*p);
        std::sort(ps.begin(), ps.end());
        const std::size_t n = ps.size();
        if (n == 0) {
          ours.cells.push_back(plain("undefined"));
          lo.cells.emplace_back();
          hi.cells.emplace_back();
        } else {
          const double median = n % 2 ? ps[n / 2] : 0.5 * (ps[n / 2 - 1] + ps[n / 2]);
          any_p = true;
          ours.cells.push_back(number_text(median, CellFormat::pvalue));
          lo.cells.push_back(number_text(ps.front(), CellFormat::pvalue));
          hi.cells.push_back(number_text(ps.back(), CellFormat::pvalue));
        }
      } else {
        const Comparison* cmp = s.comparison_of(c.arm, c.reference, metric);
        const auto* p = cmp == nullptr ? nullptr : std::get_if<double>(&cmp->p);
        ours.cells.push_back(p == nullptr ? plain("undefined")
                                          : number_text(*p, CellFormat::pvalue));
        any_p = any_p || p != nullptr;
      }
      const auto& published = i < c.published_p.size() ? c.published_p[i] : std::nullopt;
      paper.cells.push_back(published ? number_text(*published, CellFormat::pvalue) : Text{});
      any_paper = any_paper || published.has_value();
    }
    if (!any_p && !any_paper) continue;  // e.g. one task a seed: nothing to pair
    grp.lines.push_back(std::move(ours));
    if (seeds && any_p) {
      grp.lines.push_back(std::move(lo));
      grp.lines.push_back(std::move(hi));
    }
    if (any_paper) grp.lines.push_back(std::move(paper));
    g.groups.push_back(std::move(grp));
  }
  return g;
}

}  // namespace

std::string latex_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '#':
      case '$':
      case '%':
      case '&':
      case '_':
      case '{':
      case '}':
        out += '\\';
        out += c;
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '<':
      case '>':
      case '|':
        out += std::string("$") + c + "$";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string latex_number(double value, CellFormat format) {
  return number_text(value, format).tex;
}

std::string latex_label(const std::string& name) {
  std::string out = "tab:";
  for (const char c : name)
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '.' ? c : '-';
  return out;
}

std::string render_latex(const PaperTable& t, const Summary& s) {
  std::string out = "% " + one_line(t.title) +
                    ": generated by rwwce from the run's files (rwwce report DIR --format tex).\n"
                    "% Needs \\usepackage{booktabs} (\\toprule, \\midrule, \\bottomrule, "
                    "\\addlinespace); nothing else beyond \\documentclass{article}.\n";
  if (!t.notes.empty()) {
    out += "% Notes:\n";
    for (const auto& n : t.notes) out += "% - " + one_line(n) + "\n";
  }
  out += render_grid(means_grid(t, s));
  if (!t.comparisons.empty()) {
    const Grid tests = tests_grid(t, s);
    if (tests.groups.empty())
      out +=
          "% No table of the paper's paired t-tests: every p is undefined (fewer than two "
          "tasks to pair).\n";
    else
      out += "\n" + render_grid(tests);
  }
  return out;
}

}  // namespace rwwce::harness
