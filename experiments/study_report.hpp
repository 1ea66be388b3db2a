#pragma once
// The paper-style table of a study's run: columns, rows and comparisons from the study; titles,
// units and notes derived from what was run; the published numbers only where the run is the
// paper's protocol unchanged.
#include <cstddef>

#include "experiments/study.hpp"
#include "harness/report/paper_table.hpp"
#include "harness/run/run_context.hpp"

namespace rwwce::experiments {

struct RunShape {
  std::size_t tasks = 0, seeds = 0;  // how many tasks and root seeds were run
  std::size_t input_dim = 0;         // the models' input width (0: unknown)
};

// The shape a finished run records in its context (tasks, seeds, the `input_dim` setting).
RunShape run_shape(const harness::RunContext& context);

harness::PaperTable study_paper_table(const Study& study, const RunShape& shape);

// One line describing a model: "784-10-1, bce(mode=keras_clip), adam(lr=0.001, ...), 10 epochs,
// batch 100".
std::string describe_model(const Study& study, const ModelSpec& model, std::size_t input_dim);

}  // namespace rwwce::experiments
