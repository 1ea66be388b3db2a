// rwwce datasets STUDY: list the datasets a study runs on, with their split sizes, so the
// paper's counts can be checked before anything is trained.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_commands.hpp"
#include "core/input_error.hpp"
#include "datasets/dataset.hpp"
#include "experiments/study_data.hpp"
#include "experiments/study_file.hpp"
#include "experiments/study_task.hpp"
#include "experiments/study_toml.hpp"
#include "harness/run/record.hpp"

namespace rwwce::cli {
namespace {

struct Options {
  std::string study;
  std::string format = "csv";
  std::string seed = "1";
  std::string data_dir;
};

using Row = std::vector<std::string>;

void print_rows(const Row& header, const std::vector<Row>& rows, const std::string& format) {
  if (format == "csv") {
    fmt::print("{}\n", fmt::join(header, ","));
    for (const auto& r : rows) fmt::print("{}\n", fmt::join(r, ","));
    return;
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  const auto line = [&](const Row& r) {
    std::string out;
    for (std::size_t c = 0; c < r.size(); ++c) {
      // The name column is left-aligned, numbers right-aligned.
      out +=
          c == 0 ? fmt::format("{:<{}}", r[c], width[c]) : fmt::format("  {:>{}}", r[c], width[c]);
    }
    fmt::print("{}\n", out);
  };
  line(header);
  std::size_t total = 0;
  for (std::size_t w : width) total += w + 2;
  fmt::print("{}\n", std::string(total - 2, '-'));
  for (const auto& r : rows) line(r);
}

void list_datasets(const Options& o) {
  experiments::StudyTable table = experiments::load_study_table(o.study);
  if (!o.data_dir.empty()) {
    if (experiments::resolve_study(table).data.source != experiments::DataSpec::Source::mnist)
      throw InputError("--data-dir: study " + o.study + " does not read MNIST");
    experiments::set_study_key(table.table, "data.dir", toml::value<std::string>(o.data_dir));
  }
  const experiments::Study study = experiments::resolve_study(table);
  const std::vector<std::uint64_t> seeds{experiments::parse_seed(o.seed, "--seed " + o.seed)};
  const datasets::LabelledData data = experiments::load_study_data(study);
  const auto tasks = experiments::study_tasks(study, data);
  Row header{"dataset"};
  for (const auto& [k, v] : tasks.front().columns) header.push_back(k);
  for (const char* c : {"n", "n_fit", "n_val", "n_test"}) header.push_back(c);
  if (study.binary()) header.insert(header.end(), {"positives_test", "negatives_test"});
  std::vector<Row> rows;
  for (std::size_t i : experiments::select_tasks(study.select, tasks, "select")) {
    const experiments::TaskDataset td =
        experiments::task_dataset(study, data, tasks[i], seeds.front());
    const datasets::Dataset& ds = td.ds;
    Row row{ds.name};
    for (const auto& [k, v] : tasks[i].columns) row.push_back(harness::format_value(v));
    for (std::size_t v :
         {ds.size(), ds.split.fit.size(), ds.split.val.size(), ds.split.test.size()})
      row.push_back(std::to_string(v));
    if (study.binary()) {
      const auto counts = datasets::class_counts(ds.test(), 2);
      row.push_back(std::to_string(counts[1]));
      row.push_back(std::to_string(counts[0]));
    }
    rows.push_back(std::move(row));
  }
  print_rows(header, rows, o.format);
}

}  // namespace

void add_datasets_commands(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "datasets",
      "List a study's datasets with their split sizes before anything is trained, e.g. `rwwce "
      "datasets table1` (Table I's 100 paper splits: 67.5% fit, 7.5% validation, 25% test).");
  cmd->add_option("STUDY", o->study, "A built-in study (rwwce studies) or a study file")
      ->required();
  cmd->add_option("--format", o->format, "Output format: csv (default) or table")
      ->check(CLI::IsMember({"csv", "table"}));
  cmd->add_option("--seed", o->seed,
                  "Root seed whose splits to show (matters when the split's seed is \"root\")");
  cmd->add_option("--data-dir", o->data_dir,
                  "MNIST directory (default $RWWCE_DATA or <repo>/data)");
  cmd->callback([o] { list_datasets(*o); });
}

}  // namespace rwwce::cli
