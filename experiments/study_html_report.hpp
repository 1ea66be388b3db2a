#pragma once
// report.html: the one page a reviewer reads, for every run and for `rwwce reproduce`. Built
// from the run directory's own files (results.json, runs.csv, scores.csv, plots/), or, right
// after `rwwce run`, from what it wrote there, so `rwwce report DIR --format html` writes the
// same page again. Self-contained: every figure is
// an inline <svg>, nothing is loaded from a file or the network, no script.
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/study_figures.hpp"

namespace rwwce::experiments {

struct HtmlReport {
  std::string markdown;              // the page before conversion (image paths relative to dir)
  std::vector<StudyFigure> figures;  // over all runs, then the calibration figure if any
  std::string calibration_caption;   // "" when no calibration figure was drawn
  std::string plot_problem;          // "" when every figure was rendered; else how to render
};

// A study and the result `rwwce run` has just written into a directory (write_experiment_outputs).
struct WrittenRun {
  const Study& study;
  const harness::ExperimentResult& result;
};

// Reads the finished run directory `dir`, draws its figures into dir/figures (data, gnuplot
// script, SVG and PNG) and writes dir/report.html. A missing gnuplot is not an error: the page
// says which figure is missing and `plot_problem` how to draw them. With `written` (what was
// just written into `dir`) the page comes from it instead of reading and summarising the
// files again: the same page (StudyHtmlReport tests: `rwwce report` re-renders it byte for byte).
HtmlReport write_study_html_report(const std::filesystem::path& dir,
                                   const WrittenRun* written = nullptr);

// The page of a `rwwce reproduce` directory: its `studies` (sub-directories, each a finished
// run) one after the other under one title, figures redrawn; writes dir/report.html. Returns
// the plot problems, "" when none.
std::string write_reproduce_html_report(const std::filesystem::path& dir,
                                        const std::vector<std::string>& studies);

// Whether `dir` is a reproduce directory (no results.json, a sub-directory per study that has
// one); the sub-directories in order.
std::vector<std::string> reproduce_studies(const std::filesystem::path& dir);

}  // namespace rwwce::experiments
