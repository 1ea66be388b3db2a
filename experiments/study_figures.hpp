#pragma once
// The figures over all runs of a study, chosen by what its runs hold, drawn with gnuplot into
// <run dir>/figures/ (each with its .dat and .gp beside the .svg and .png):
// - per-task paired differences of the cost metric (and FN, or high-cost mistakes) of every
//   compared arm against its reference, grouped by the unit of analysis (a study with one task
//   and several seeds: per seed);
// - the effect at the unit of analysis with its cluster-bootstrap 95% CI (a forest plot);
// - degenerate (collapsed) runs per unit and arm;
// - for (true, predicted) pair tasks: K x K heatmaps of high-cost mistakes of each compared arm,
//   its reference and their difference;
// - with ten or more tasks: the distribution of the per-task differences of the cost metric;
// - for binary studies with test scores (scores.csv): the reliability diagram of each model.
// Every figure carries a one-sentence caption computed from the numbers it shows.
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/study.hpp"
#include "harness/report/experiment_outputs.hpp"
#include "harness/report/gnuplot_render.hpp"

namespace rwwce::experiments {

struct StudyFigure {
  std::string kind;     // what it shows: paired_differences, unit_effects, degenerate, ...
  std::string heading;  // a short heading
  std::string stem;     // file stem under figures/
  std::string caption;  // one sentence
  harness::PlotResult plot;
};

// The figures of `result` (a run read back from `dir`), drawn into dir/figures.
std::vector<StudyFigure> draw_study_figures(const std::filesystem::path& dir, const Study& study,
                                            const harness::ExperimentResult& result);

// The calibration figure of the binary report's detailed run (task, seed), into dir/figures;
// nullopt-like empty stem when the run kept no scores.
StudyFigure draw_calibration_figure(const std::filesystem::path& dir, const Study& study,
                                    const harness::ExperimentResult& result,
                                    const std::string& task, const std::string& seed);

}  // namespace rwwce::experiments
