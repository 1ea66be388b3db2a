#include "experiments/study_html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "experiments/binary_report.hpp"
#include "experiments/study_file.hpp"
#include "experiments/study_report.hpp"
#include "experiments/study_summary.hpp"
#include "harness/report/markdown_html.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/run_dir.hpp"

namespace rwwce::experiments {
namespace fs = std::filesystem;
namespace {

// One figure as Markdown: its heading, then the inline image with its caption, or a note
// saying it was not rendered and how to draw it from the files beside it.
std::string figure_markdown(const StudyFigure& f) {
  std::string md = "### " + f.heading + "\n\n";
  const fs::path svg = fs::path("figures") / (f.stem + ".svg");
  if (f.plot.rendered) return md + "![" + f.caption + "](" + svg.string() + ")\n\n";
  return md + f.caption +
         fmt::format(
             " Not rendered (gnuplot missing or failed): the data are in `figures/{0}.dat` "
             "and `cd figures && gnuplot {0}.gp` draws it.\n\n",
             f.stem);
}

std::string plot_problem(const fs::path& dir, const std::vector<StudyFigure>& figures) {
  std::size_t missing = 0;
  std::string first;
  for (const auto& f : figures)
    if (!f.plot.rendered && missing++ == 0) first = f.plot.message;
  if (missing == 0) return {};
  return fmt::format(
      "{} of {} report figures not rendered (first: {}); to render them: cd {} && for f in *.gp; "
      "do gnuplot \"$f\"; done",
      missing, figures.size(), first, (dir / "figures").string());
}

struct Page {
  std::string title, markdown;
  HtmlReport report;
};

// The page of the run in `dir`: from its files, or from `written` (the study and result that
// `rwwce run` has just written there: the same page, without reading and summarising again).
Page study_page(const fs::path& dir, const WrittenRun* written = nullptr) {
  Study read_study;
  harness::ExperimentResult read_result;
  if (written == nullptr) {
    const harness::RunDir run = harness::read_run_dir(dir);
    read_study = study_from_run(run.context, (dir / "results.json").string());
    read_result.context = run.context;
    read_result.tables = run.tables;
    summarize_study(read_study, run_shape(run.context), read_result);
  }
  const Study& study = written ? written->study : read_study;
  const harness::ExperimentResult& result = written ? written->result : read_result;
  const auto& ctx = result.context;

  HtmlReport report;
  report.figures = draw_study_figures(dir, study, result);
  const auto& runs = result.tables.at("runs");
  const bool detail = study.binary() && study.report.plots && !runs.empty();
  if (detail) {
    StudyFigure calibration = draw_calibration_figure(
        dir, study, result, runs.front().text("dataset"), runs.front().text("root_seed"));
    if (!calibration.stem.empty()) {
      report.calibration_caption = calibration.caption;
      report.figures.push_back(std::move(calibration));
    }
  }

  const std::size_t seeds = std::max<std::size_t>(1, ctx.seeds.size());
  std::string md = "# " + result.table.title + "\n\n";
  md += fmt::format(
      "`{}`: {} task{} x {} root seed{}, started {}, finished {}. The resolved study is "
      "`study.toml` in this directory (`rwwce run study.toml` runs it again); this page is "
      "`rwwce report {} --format html`, drawn from the directory's own files.\n\n",
      ctx.command_line, ctx.tasks.size() / seeds, ctx.tasks.size() / seeds == 1 ? "" : "s", seeds,
      seeds == 1 ? "" : "s", ctx.started_utc, ctx.finished_utc, dir.filename().string());
  md += "## The table and whether it reproduced\n\n" + result.markdown + "\n";
  if (detail) md += cost_metric_block(study, result) + "\n";
  std::string over_all;
  for (const auto& f : report.figures)
    if (f.kind != "calibration") over_all += figure_markdown(f);
  if (!over_all.empty()) md += "## Figures over all runs\n\n" + over_all;
  if (detail) md += binary_detail_markdown(dir, study, result, report.calibration_caption);
  md +=
      "## Files\n\n"
      "- `runs.csv`: one row per task x root seed x arm; `summary.csv`: means, seed spread, the "
      "paired tests per comparison and metric, the tests at the unit of analysis, degenerate "
      "counts and the reproduction verdicts (column `kind`); `results.json`: the context block "
      "and every table; `" +
      study.name + ".md` / `" + study.name +
      ".tex`: the table; `study.toml`: the resolved study.\n"
      "- `figures/`: for each figure above its data (`.dat`), the gnuplot script (`.gp`) that "
      "draws it, and the `.svg` and `.png` it drew; `cd figures && gnuplot NAME.gp` redraws one.\n";
  if (detail)
    md += "- `plots/<task>/`: the detailed run's figures, drawn the same way during the run.\n";
  report.markdown = md;
  report.plot_problem = plot_problem(dir, report.figures);
  return {"rwwce: " + result.table.title, md, std::move(report)};
}

// The Markdown of a sub-directory's page for the combined page: headings one level down, image
// paths prefixed with the sub-directory.
std::string nested(const std::string& markdown, const std::string& sub) {
  std::istringstream in(markdown);
  std::string line, out;
  bool fenced = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) fenced = !fenced;
    if (!fenced && line.rfind("#", 0) == 0) line = "#" + line;
    if (!fenced && line.rfind("![", 0) == 0) {
      const std::size_t at = line.find("](");
      if (at != std::string::npos) line.insert(at + 2, sub + "/");
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

HtmlReport write_study_html_report(const fs::path& dir, const WrittenRun* written) {
  Page page = study_page(dir, written);
  harness::write_file_atomically(dir / "report.html",
                                 harness::markdown_to_html(page.markdown, dir, page.title));
  return std::move(page.report);
}

std::vector<std::string> reproduce_studies(const fs::path& dir) {
  std::vector<std::string> out;
  if (fs::exists(dir / "results.json")) return out;
  for (const char* name : {"table1", "table2", "wdbc"})
    if (fs::is_regular_file(dir / name / "results.json")) out.push_back(name);
  return out;
}

std::string write_reproduce_html_report(const fs::path& dir,
                                        const std::vector<std::string>& studies) {
  std::string contents, body, problems, command;
  for (const std::string& sub : studies) {
    Page page = study_page(dir / sub);
    // The first line of a page is "# <title>".
    const std::string title = page.markdown.substr(2, page.markdown.find('\n') - 2);
    contents += fmt::format("- `{}/`: {}\n", sub, title);
    body += nested(page.markdown, sub);
    if (!page.report.plot_problem.empty())
      problems += (problems.empty() ? "" : "\n") + page.report.plot_problem;
    if (command.empty()) command = harness::read_run_dir(dir / sub).context.command_line;
  }
  const std::string md =
      "# rwwce: the RWWCE paper reproduced\n\nEvery study below was run by `" + command +
      "` with its paper preset; each has its own directory with its records, statistics, "
      "figures and page (`report.html`). Each table cell reads ours (paper); each study says "
      "whether its published numbers reproduced.\n\n" +
      contents + "\n" + body;
  harness::write_file_atomically(
      dir / "report.html", harness::markdown_to_html(md, dir, "rwwce: the RWWCE paper reproduced"));
  return problems;
}

}  // namespace rwwce::experiments
