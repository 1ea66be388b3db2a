#pragma once
// A study: everything an experiment is, declared in a TOML file (docs/study-files.md) and run by
// the one generic runner (experiments/study_runner.hpp). This is the resolved, checked form:
// `extends`, the preset and command-line overrides already applied (experiments/study_file.hpp).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/metrics/payoff_matrix.hpp"
#include "harness/report/paper_table.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"
#include "models/optimizer.hpp"

namespace rwwce::experiments {

// How the models of one task are paired beyond sharing its split.
enum class Pairing {
  independent,   // own initial weights and batch orders (separate Keras fits)
  shared_order,  // own initial weights, one batch order: models trained side by side
  shared_init,   // the same initial weights and batch order
};
const char* pairing_name(Pairing p);  // "independent", "shared-order", "shared-init"

struct DataSpec {
  enum class Source { mnist, idx, csv, wdbc };
  Source source = Source::mnist;
  std::string name;  // the dataset's name in outputs; default by source
  // mnist: the verified data directory ("" = $RWWCE_DATA or <repo>/data).
  std::string dir;
  // idx: image and label files (absolute), concatenated pair by pair; pixels / scale.
  std::vector<std::string> images, labels;
  double scale = 255;
  // csv: the file (absolute), its label column, standardisation fitted on the training rows.
  std::string path, label;
  bool standardize = false;
  // The number of classes when the costs need it before the data is read (idx or csv data with
  // K x K costs); 0: taken from the data. The runner checks it against the labels.
  std::size_t classes = 0;

  enum class Tasks { one_vs_rest, binary, multiclass };
  Tasks tasks = Tasks::multiclass;
  // one_vs_rest: positive classes (empty = every class), positives per dataset (0 = all of the
  // class), how many blocks per class (0 = every whole block), how tasks and their columns are
  // named.
  std::vector<int> positive;
  std::size_t block = 0;
  std::size_t blocks = 0;
  std::string task_name = "c{class}b{block}";
  std::string class_column = "class", block_column = "block";
};

struct SplitSpec {
  enum class Kind { paper, stratified };
  Kind kind = Kind::paper;
  double test = 0.25;
  double validation = 0.1;
  std::optional<std::uint32_t> seed = 1;  // nullopt: each root seed's split uses that seed
};

// The costs that drive cost-aware losses, decisions and the metric.
struct CostSpec {
  enum class Kind {
    none,         // no costs: only cost-free losses and decisions, no cost metric
    error_costs,  // binary: w_fn, w_fp; metric rwc = (w_fn FN + w_fp FP) / n
    payoff,       // binary: the value of each outcome; metric expected_value
    matrix,       // multiclass: K x K w_fn, w_fp, decision_cost; metric rwc
    pairs,        // multiclass: one task per (true, predicted) pair, Table II's structure
  };
  Kind kind = Kind::none;
  double w_fn = 0, w_fp = 0;
  harness::Payoff payoff;
  std::string unit = "$";       // payoff: the unit of the outcome values (e.g. "QALY")
  double dollars_per_unit = 1;  // payoff: conversion of the expected value to dollars
  std::size_t classes = 0;      // matrix: K
  std::vector<double> w_fn_matrix, w_fp_matrix, decision_cost;  // (K, K), rows the true class
  std::vector<std::pair<int, int>> pairs;                       // pairs: (true, predicted)
  double pair_cost = 19;                  // pairs: w_fp[i][j] and the extra decision cost of i -> j
  std::optional<double> high_cost_above;  // multiclass: a mistake costing more is high-cost

  bool binary() const { return kind == Kind::error_costs || kind == Kind::payoff; }
};

struct SamplingSpec {
  enum class Kind { none, oversample, undersample };
  Kind kind = Kind::none;
  std::size_t factor = 1;  // oversample: each positive appears this many times
  double keep = 1.0;       // undersample: fraction of negatives kept
};

struct ModelSpec {
  std::string name;
  std::vector<std::size_t> layers;  // hidden layer widths; input and output come from the data
  models::LossSettings loss;
  models::OptimizerConfig optimizer;
  int epochs = 10;
  std::size_t batch = 100;
  SamplingSpec sampling;
  std::optional<double> validation;  // its own hold-out of the training rows (else the split's)
  bool float64 = false;              // train in double precision (default: float32, as Keras)
};

struct DecisionSpec {
  enum class Kind { threshold, max_f1, elkan, min_cost, argmax, min_expected_cost };
  Kind kind = Kind::threshold;
  double value = 0.5;             // threshold
  bool on_test = false;           // max_f1 / min_cost: tune on test (the paper) or validation
  double from = 0.01, to = 0.99;  // max_f1 / min_cost grid: linspace(from, to, count)
  std::size_t count = 100;
  bool binary() const { return kind != Kind::argmax && kind != Kind::min_expected_cost; }
};
const char* decision_kind_name(DecisionSpec::Kind k);

struct ArmSpec {
  std::string name, model;
  DecisionSpec decision;
  std::string label;        // row label in tables (default: the name)
  std::string short_label;  // in comparison labels (default: the name)
  std::string description;  // runs.csv `decision` column (default: derived from the decision)
};

struct CompareSpec {
  std::string reference;  // every other arm is tested against it
  // (arm, reference) pairs in table order: every other arm against `reference`, then `extra`.
  std::vector<std::pair<std::string, std::string>> comparisons;
  std::vector<std::string> metrics;  // summary.csv's metrics
  std::vector<std::string> gate;     // `rwwce compare`'s default metrics
  // The unit of analysis: the runs.csv column whose values are independent enough to be
  // paired (Table I: digit; Table II: dataset, i.e. the pair; the AWS study: root_seed).
  std::string unit = "dataset";
  std::map<std::string, double> rope;  // metric -> ROPE half-width, for the Bayesian test
  std::size_t bootstrap = 10000;       // cluster bootstrap resamples
};

struct ReportSpec {
  std::vector<harness::TableColumn> columns;
  bool plots = false;
  std::vector<std::string> notes;
};

// Published numbers, shown beside ours only where the run is the paper's protocol unchanged.
struct PublishedSpec {
  std::string source;
  std::vector<std::string> notes;
  std::map<std::string, std::map<std::string, double>> arms;  // arm -> metric -> value
  // (arm, reference) -> metric -> published p-value
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> p_values;
  // Which keys of the resolved study differ from the protocol these numbers belong to: empty
  // when it is that protocol (extra arms and models aside). Global keys drop every published
  // number; arms named in `changed_arms` lose their own.
  std::vector<std::string> differences;
  std::vector<std::string> changed_arms;  // "*" when a global key differs
  // Digests of the protocol the numbers belong to (its global keys; each published arm's model
  // and decision), kept in a printed study so a run of it knows which numbers still apply.
  std::string protocol;
  std::map<std::string, std::string> arm_protocols;
  bool present() const { return !source.empty(); }
  bool shows(const std::string& arm) const;
};

struct Study {
  std::string name, title, description;
  std::string seed_stream;  // the name per-run seeds derive from
  std::string preset;       // the protocol variant's label, e.g. "paper"
  std::vector<std::uint64_t> seeds;
  std::string select = "all";  // which tasks: all, a count, or names
  models::LossMode loss_mode = models::LossMode::keras_clip;
  Pairing pairing = Pairing::independent;
  DataSpec data;
  SplitSpec split;
  CostSpec costs;
  std::vector<ModelSpec> models;  // in order of first use by the arms
  std::vector<ArmSpec> arms;
  CompareSpec compare;
  ReportSpec report;
  PublishedSpec published;
  std::string source;         // the file (or built-in name) it was read from
  std::string resolved_toml;  // the resolved study as TOML that runs as is

  const ModelSpec& model(const std::string& name) const;
  const ArmSpec* arm(const std::string& name) const;
  bool binary() const;  // the tasks are binary (one_vs_rest or binary)
};

}  // namespace rwwce::experiments
