// report.html through the binary: a small Table I, Table II and AWS run each write one
// self-contained page with the figures their study kind calls for, every figure captioned and
// its axes labelled, and `rwwce report DIR --format html` writes the same page byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/cli_support.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

bool gnuplot_on_path() {
  return std::system("command -v gnuplot > /dev/null 2>&1") == 0;
}

// Every attribute that could load something names an anchor (#...) or a data: URI; no script,
// stylesheet link, frame or CSS import; "http" only in the SVG namespace declarations.
void expect_self_contained(const std::string& html) {
  const std::regex loads(R"re(\b(src|href)\s*=\s*["']([^"']*)["'])re");
  std::size_t checked = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), loads);
       it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[2];
    ++checked;
    EXPECT_TRUE(target.rfind("#", 0) == 0 || target.rfind("data:", 0) == 0) << "loads " << (*it)[0];
  }
  EXPECT_GT(checked, 0u);  // gnuplot's SVGs reference their own markers by #id
  for (const char* bad : {"<script", "<link", "<iframe", "<object", "<embed", "@import"})
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  const std::regex http(R"(https?://)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), http); it != std::sregex_iterator();
       ++it) {
    const std::string before = html.substr(static_cast<std::size_t>(it->position()) - 13, 13);
    EXPECT_TRUE(before.find("xmlns=\"") != std::string::npos ||
                before.find("xmlns:xlink=\"") != std::string::npos)
        << "a URL outside a namespace declaration: " << before << it->str();
  }
}

// The <figure id="fig-..."> elements of the page, each with its inner HTML.
std::vector<std::pair<std::string, std::string>> figures_of(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t at = 0; (at = html.find("<figure id=\"", at)) != std::string::npos;) {
    const std::size_t id_end = html.find('"', at + 12);
    const std::size_t end = html.find("</figure>", at);
    out.emplace_back(html.substr(at + 12, id_end - at - 12), html.substr(at, end - at));
    at = end;
  }
  return out;
}

// Each figure: an inline <svg>, a caption that is a sentence, and every axis label its gnuplot
// script sets drawn in the SVG.
void expect_figures_captioned_and_labelled(const fs::path& run_dir, const std::string& html) {
  const auto figures = figures_of(html);
  std::size_t svgs = 0;
  for (std::size_t at = 0; (at = html.find("<svg", at)) != std::string::npos; ++at) ++svgs;
  EXPECT_EQ(figures.size(), svgs) << "every <svg> is a figure's, inline";
  for (const auto& [id, inner] : figures) {
    EXPECT_NE(inner.find("<svg "), std::string::npos) << id;
    const std::size_t cap = inner.find("<figcaption>");
    ASSERT_NE(cap, std::string::npos) << id;
    const std::string caption = inner.substr(cap + 12, inner.find("</figcaption>") - cap - 12);
    EXPECT_GT(caption.size(), 40u) << id << ": " << caption;
    EXPECT_EQ(caption.back(), '.') << id << ": " << caption;
    // fig-figures-paired_rwc -> figures/paired_rwc.gp (sub-directories: fig-table1-figures-...)
    std::string rel = id.substr(4);
    for (const char* dir : {"figures-", "plots-"}) {
      const std::size_t d = rel.find(dir);
      if (d == std::string::npos) continue;
      std::string head = rel.substr(0, d + std::string(dir).size());
      for (char& c : head)
        if (c == '-') c = '/';
      rel = head + rel.substr(head.size());
      if (std::string(dir) == "plots-") {  // plots/<task>/<stem>
        const std::size_t t = rel.find('-', head.size());
        rel[t] = '/';
      }
      break;
    }
    const std::string script = slurp(run_dir / (rel + ".gp"));
    const std::regex label(R"re(set ([xy])label '([^']+)')re");
    std::size_t labels = 0;
    std::set<char> axes;
    for (auto it = std::sregex_iterator(script.begin(), script.end(), label);
         it != std::sregex_iterator(); ++it) {
      ++labels;
      axes.insert((*it)[1].str()[0]);
      // gnuplot writes the text of its SVG as given ('>' included)
      const std::string text = (*it)[2];
      EXPECT_NE(inner.find(text), std::string::npos)
          << id << ": axis label '" << text << "' not drawn";
    }
    EXPECT_TRUE(axes.count('x')) << id << ": no x axis label";
    // The forest plot's y axis is its list of comparisons, labelled tick by tick.
    if (id.find("unit_effects") == std::string::npos) {
      EXPECT_TRUE(axes.count('y')) << id << ": no y axis label";
    }
  }
}

bool has_figure(const std::string& html, const std::string& id) {
  return html.find("<figure id=\"" + id + "\">") != std::string::npos;
}

void expect_report_rerenders_identically(const fs::path& dir) {
  const std::string before = slurp(dir / "report.html");
  fs::remove(dir / "report.html");
  const auto again = run_rwwce("report '" + dir.string() + "' --format html");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, (dir / "report.html").string() + "\n");
  EXPECT_TRUE(slurp(dir / "report.html") == before)
      << "rwwce report --format html wrote a different report.html";
}

TEST(StudyHtmlReport, Table1PageHasTheDigitFiguresAndReRendersByteForByte) {
  if (!gnuplot_on_path()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  ScratchDir dir("html-table1");
  const std::string data = datasets::testing::mnist_dir_or_fail();
  const fs::path out = dir.path() / "out";
  const auto run =
      run_rwwce("run table1 --datasets d0b0,d1b0 --epochs 1 --seeds 2 --quiet --data-dir '" + data +
                "' --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string html = slurp(out / "report.html");
  expect_self_contained(html);
  expect_figures_captioned_and_labelled(out, html);
  for (const char* f : {"fig-figures-paired_rwc", "fig-figures-paired_fn",
                        "fig-figures-unit_effects", "fig-figures-degenerate"})
    EXPECT_TRUE(has_figure(html, f)) << f;
  for (const char* f : {"paired_rwc", "unit_effects", "degenerate"})
    for (const char* ext : {".dat", ".gp", ".svg", ".png"})
      EXPECT_TRUE(fs::is_regular_file(out / "figures" / (std::string(f) + ext))) << f << ext;
  // Two seeds: the seed range of each dataset's difference is drawn as bars.
  EXPECT_NE(slurp(out / "figures/paired_rwc.gp").find("with yerrorbars"), std::string::npos);
  EXPECT_NE(html.find("grouped by digit"), std::string::npos);
  // The paper-style table with the seed range; two of 100 datasets is not the paper's protocol,
  // so the page says why the paper's numbers (and their verdict) are left out.
  EXPECT_NE(html.find("Each cell: ours (mean over 2 root seeds, [min, max] of the seeds' table "
                      "means)"),
            std::string::npos);
  EXPECT_NE(html.find("<td>Control 1: BCE, threshold 0.5</td>"), std::string::npos);
  EXPECT_NE(html.find("The paper's numbers are omitted."), std::string::npos);
  expect_report_rerenders_identically(out);
}

TEST(StudyHtmlReport, Table2PageHasThePairHeatmaps) {
  if (!gnuplot_on_path()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  ScratchDir dir("html-table2");
  const std::string data = datasets::testing::mnist_dir_or_fail();
  const fs::path out = dir.path() / "out";
  const auto run = run_rwwce("run table2 --pairs 2 --epochs 1 --quiet --data-dir '" + data +
                             "' --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string html = slurp(out / "report.html");
  expect_self_contained(html);
  expect_figures_captioned_and_labelled(out, html);
  for (const char* f :
       {"fig-figures-high_cost_control_vs_rwwce", "fig-figures-high_cost_control_mincost_vs_rwwce",
        "fig-figures-paired_rwc", "fig-figures-paired_high_cost", "fig-figures-unit_effects"})
    EXPECT_TRUE(has_figure(html, f)) << f;
  // The heatmap's data: one row per pair that was run (0-1 and 0-2), "predicted true value".
  const std::string heat = slurp(out / "figures/high_cost_control_vs_rwwce.dat");
  EXPECT_NE(heat.find("\n1 0 "), std::string::npos) << heat;
  EXPECT_NE(heat.find("\n2 0 "), std::string::npos) << heat;
  EXPECT_EQ(heat.find("\n3 0 "), std::string::npos) << heat;
  expect_report_rerenders_identically(out);
}

TEST(StudyHtmlReport, WdbcPageHasTheBlogFiguresAndCalibration) {
  if (!gnuplot_on_path()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  ScratchDir dir("html-wdbc");
  const fs::path out = dir.path() / "out";
  // The paper's protocol with 3 of its 30 seeds: its published numbers get their verdict.
  const auto run = run_rwwce("run wdbc --repeats 3 --quiet --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string html = slurp(out / "report.html");
  EXPECT_NE(html.find("Did it reproduce? (3 root seeds)"), std::string::npos);
  EXPECT_NE(html.find("<th>Verdict</th>"), std::string::npos);
  expect_self_contained(html);
  expect_figures_captioned_and_labelled(out, html);
  for (const char* f :
       {"fig-plots-wdbc-roc", "fig-plots-wdbc-expected_value", "fig-plots-wdbc-scores_builtin",
        "fig-figures-calibration", "fig-figures-paired_expected_value", "fig-figures-unit_effects"})
    EXPECT_TRUE(has_figure(html, f)) << f;
  // One model per panel of the reliability diagram: the four models of the study.
  const std::string calibration = slurp(out / "figures/calibration.dat");
  for (const char* m : {"builtin,", "custom_5to1,", "medical_200to1,", "builtin_tuned,"})
    EXPECT_NE(calibration.find(m), std::string::npos) << m;
  expect_report_rerenders_identically(out);
}

TEST(StudyHtmlReport, ReproduceDirectoryGetsOnePageOfEveryStudy) {
  if (!gnuplot_on_path()) GTEST_SKIP() << "gnuplot not installed (apt-get install gnuplot-nox)";
  // A reproduce directory's layout (one sub-directory per built-in study) from small runs.
  ScratchDir dir("html-reproduce");
  const fs::path out = dir.path() / "out";
  const std::string data = datasets::testing::mnist_dir_or_fail();
  ASSERT_EQ(run_rwwce("run table1 --datasets d0b0,d1b0 --epochs 1 --quiet --data-dir '" + data +
                      "' --out '" + (out / "table1").string() + "'")
                .exit_code,
            0);
  ASSERT_EQ(
      run_rwwce("run wdbc --repeats 2 --epochs 1 --quiet --out '" + (out / "wdbc").string() + "'")
          .exit_code,
      0);
  const auto page = run_rwwce("report '" + out.string() + "' --format html");
  ASSERT_EQ(page.exit_code, 0) << page.err;
  const std::string html = slurp(out / "report.html");
  expect_self_contained(html);
  EXPECT_NE(html.find("<h1>rwwce: the RWWCE paper reproduced</h1>"), std::string::npos);
  for (const char* f :
       {"fig-table1-figures-paired_rwc", "fig-wdbc-figures-calibration", "fig-wdbc-plots-wdbc-roc"})
    EXPECT_TRUE(has_figure(html, f)) << f;
  // Figure ids are unique across the studies of the page.
  std::set<std::string> ids;
  for (const auto& f : figures_of(html)) EXPECT_TRUE(ids.insert(f.first).second) << f.first;
}

}  // namespace
}  // namespace rwwce
