// rwwce datasets table1|table2|wdbc: list the datasets each experiment runs on, with their
// split sizes, so the paper's counts can be checked before anything is trained.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_commands.hpp"
#include "core/input_error.hpp"
#include "datasets/dataset.hpp"
#include "datasets/mnist.hpp"
#include "datasets/mnist_multiclass.hpp"
#include "datasets/one_vs_rest.hpp"
#include "datasets/paper_split.hpp"
#include "datasets/wdbc.hpp"

namespace rwwce::harness {
namespace {

struct Options {
  std::string format = "csv";
  std::string dir = datasets::default_data_dir();
  std::string wdbc_file = datasets::default_wdbc_path();
};

using Row = std::vector<std::string>;

// One row per dataset; `binary` adds the positive/negative counts of the test split.
Row describe(const datasets::Dataset& ds, bool with_digit_batch, bool binary) {
  Row row{ds.name};
  if (with_digit_batch) {
    row.push_back(std::to_string(ds.digit));
    row.push_back(std::to_string(ds.batch));
  }
  for (std::size_t v :
       {ds.size(), ds.split.fit.size(), ds.split.val.size(), ds.split.test.size()}) {
    row.push_back(std::to_string(v));
  }
  if (binary) {
    const auto counts = datasets::class_counts(ds.test(), 2);
    row.push_back(std::to_string(counts[1]));
    row.push_back(std::to_string(counts[0]));
  }
  return row;
}

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

const Row kSplitColumns = {"n", "n_fit", "n_val", "n_test"};

Row header(bool with_digit_batch, bool binary) {
  Row h{"dataset"};
  if (with_digit_batch) h.insert(h.end(), {"digit", "batch"});
  h.insert(h.end(), kSplitColumns.begin(), kSplitColumns.end());
  if (binary) h.insert(h.end(), {"positives_test", "negatives_test"});
  return h;
}

void add_format_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--format", o.format, "Output format: csv (default) or table")
      ->check(CLI::IsMember({"csv", "table"}));
}

}  // namespace

void add_datasets_commands(CLI::App& app) {
  CLI::App* datasets_cmd = app.add_subcommand(
      "datasets",
      "List the datasets of an experiment with their paper split sizes (67.5% fit, 7.5% "
      "validation, 25% test; sklearn train_test_split(random_state=1) + Keras "
      "validation_split=0.1).");
  datasets_cmd->require_subcommand(1);
  auto opts = std::make_shared<Options>();
  const std::string dir_help =
      "Directory of the four MNIST IDX files (default: $RWWCE_DATA if set, else <repo>/data)";

  CLI::App* table1 = datasets_cmd->add_subcommand(
      "table1",
      "Table I: the 100 one-vs-rest MNIST datasets d{digit}b{batch} (630 positives of the "
      "digit, every other digit negative). Columns: dataset,digit,batch,n,n_fit,n_val,n_test,"
      "positives_test,negatives_test.");
  add_format_option(table1, *opts);
  table1->add_option("--dir", opts->dir, dir_help);
  table1->callback([opts] {
    const datasets::Mnist mnist = datasets::load_mnist(opts->dir);
    std::vector<Row> rows;
    for (int d = 0; d < 10; ++d) {
      for (int b = 0; b < 10; ++b) {
        rows.push_back(describe(datasets::one_vs_rest_dataset(mnist, d, b), true, true));
      }
    }
    print_rows(header(true, true), rows, opts->format);
  });

  CLI::App* table2 = datasets_cmd->add_subcommand(
      "table2",
      "Table II: all 70,000 MNIST images, 10 classes, one split. Columns: dataset,n,n_fit,"
      "n_val,n_test.");
  add_format_option(table2, *opts);
  table2->add_option("--dir", opts->dir, dir_help);
  table2->callback([opts] {
    const datasets::Mnist mnist = datasets::load_mnist(opts->dir);
    print_rows(header(false, false),
               {describe(datasets::mnist_multiclass_dataset(mnist), false, false)}, opts->format);
  });

  CLI::App* wdbc = datasets_cmd->add_subcommand(
      "wdbc",
      "The AWS study's Wisconsin breast-cancer dataset (569 rows, malignant = positive), 75/25 "
      "split with seed 1 and no validation part (the AWS notebook uses none). Columns: "
      "dataset,n,n_fit,n_val,n_test,positives_test,negatives_test.");
  add_format_option(wdbc, *opts);
  wdbc->add_option("--file", opts->wdbc_file,
                   "The WDBC CSV (default: the vendored datasets/vendor/wdbc/breast_cancer.csv)");
  wdbc->callback([opts] {
    const datasets::Wdbc w = datasets::load_wdbc(opts->wdbc_file);
    const datasets::Split split = datasets::paper_split(w.y.size(), 1, 0.25, 0.0);
    const auto z = datasets::standardize(w.x, datasets::train_positions(split));
    print_rows(header(false, true), {describe(datasets::wdbc_dataset(z, w), false, true)},
               opts->format);
  });
}

}  // namespace rwwce::harness
