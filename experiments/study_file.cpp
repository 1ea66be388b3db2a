#include "experiments/study_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>

#include "core/input_error.hpp"
#include "core/text_file.hpp"
#include "experiments/builtin_studies.hpp"
#include "experiments/study_toml.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/stats/metric_direction.hpp"
#include "models/loss_registry.hpp"

namespace rwwce::experiments {
namespace fs = std::filesystem;
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();

bool plain_name(const std::string& s) {
  if (s.empty() || s.size() > 64 || s == "." || s == "..") return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.';
  });
}

std::string require_name(const TomlAt& at, const std::string& key, const std::string& what) {
  const auto s = at.string(key);
  if (!s) throw InputError(fmt::format("{}: {} needs a `{}`", at.where(""), what, key));
  if (!plain_name(*s))
    throw InputError(
        fmt::format("{}: '{}' is not a plain name; expected 1-64 letters, digits, "
                    "'_', '-' or '.'",
                    at.where(key), *s));
  return *s;
}

// ---- loading ----

struct Loaded {
  toml::table table;
  std::string source;
  std::optional<toml::table> reference;
  std::string reference_source;
};

void absolutize(toml::table& t, const fs::path& dir) {
  toml::node* data = t.get("data");
  if (data == nullptr || !data->is_table()) return;
  toml::table& d = *data->as_table();
  const auto fix = [&](toml::node& n) {
    if (auto* s = n.as_string()) {
      const fs::path p(s->get());
      if (!p.empty() && p.is_relative()) *s = (dir / p).lexically_normal().string();
    }
  };
  for (const char* key : {"path", "images", "labels", "dir"}) {
    toml::node* n = d.get(key);
    if (n == nullptr) continue;
    if (auto* arr = n->as_array())
      for (auto& e : *arr) fix(e);
    else
      fix(*n);
  }
}

Loaded load(const std::string& spec, const fs::path& from_dir, std::vector<std::string> chain) {
  std::string text, source, id;
  fs::path dir;
  if (names_study_file(spec)) {
    fs::path p(spec);
    if (p.is_relative()) p = from_dir / p;
    p = p.lexically_normal();
    id = fs::weakly_canonical(p).string();
    text = read_text_file(p, kMaxStudyFileBytes, "study file");
    source = p.string();
    dir = p.parent_path();
  } else {
    const BuiltinStudy* b = find_builtin_study(spec);
    if (b == nullptr) {
      std::vector<std::string> names;
      for (const auto& s : builtin_studies()) names.push_back(s.name);
      throw InputError(
          fmt::format("unknown study '{}'; the built-in studies are {} (rwwce "
                      "studies), or give a study file (a path ending in .toml)",
                      spec, fmt::join(names, ", ")));
    }
    id = "builtin:" + spec;
    text = b->text;
    source = std::string("built-in study ") + b->name + " (" + b->file + ")";
    dir = fs::path(RWWCE_SOURCE_DIR) / fs::path(b->file).parent_path();
  }
  if (std::find(chain.begin(), chain.end(), id) != chain.end())
    throw InputError(
        fmt::format("{}: `extends` leads back to itself ({}); a study cannot "
                    "extend itself",
                    source, fmt::join(chain, " -> ")));
  chain.push_back(id);
  toml::table t = parse_toml(text, source);
  absolutize(t, dir);
  Loaded out;
  out.source = source;
  const TomlAt top{t, "", source};
  // A file that declares published numbers is the protocol they belong to, unless it is a
  // printed study, which carries that protocol's digests instead (check_digests).
  const auto declared = top.table_at("published");
  const bool is_reference = declared && !declared->has("protocol");
  if (const auto base_spec = top.string("extends")) {
    Loaded base = load(*base_spec, dir, chain);
    t.erase("extends");
    // A study that extends another keeps its seeds: the base's models train exactly as in the
    // base (same per-run seeds), so the extension's new arms are paired with the same runs.
    if (!t.contains("seed_stream") && !base.table.contains("seed_stream"))
      if (const auto* name = base.table.get("name"); name && name->is_string())
        t.insert("seed_stream", name->as_string()->get());
    out.table = std::move(base.table);
    merge_study_tables(out.table, t);
    out.reference = std::move(base.reference);
    out.reference_source = base.reference_source;
  } else {
    out.table = std::move(t);
  }
  if (is_reference) {
    out.reference = out.table;
    out.reference_source = source;
  }
  return out;
}

// ---- checking ----

std::vector<std::uint64_t> read_seeds(const TomlAt& top) {
  const toml::node* n = top.node("seeds");
  if (n == nullptr) return {1};
  if (n->is_integer()) {
    const auto count = top.integer("seeds", 1, 100000);
    std::vector<std::uint64_t> s;
    for (std::int64_t i = 1; i <= *count; ++i) s.push_back(static_cast<std::uint64_t>(i));
    return s;
  }
  if (const auto* str = n->as_string()) return parse_seed_list(str->get(), top.where("seeds"));
  if (const auto* arr = n->as_array()) {
    std::vector<std::uint64_t> s;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto* v = arr->get(i)->as_integer();
      if (v == nullptr || v->get() < 0)
        throw InputError(
            fmt::format("{}: element {} must be a seed, an integer >= 0 (seeds "
                        "above 2^63 as a string such as \"18446744073709551615\")",
                        top.where("seeds"), i));
      s.push_back(static_cast<std::uint64_t>(v->get()));
    }
    if (s.empty())
      throw InputError(fmt::format("{}: expected at least one seed", top.where("seeds")));
    std::set<std::uint64_t> unique(s.begin(), s.end());
    if (unique.size() != s.size())
      throw InputError(fmt::format("{}: a seed is listed twice", top.where("seeds")));
    return s;
  }
  throw InputError(
      fmt::format("{}: expected a count (seeds = 10), a list ([3, 7, 11]) or a "
                  "string (\"1-10\", \"3,7,11\")",
                  top.where("seeds")));
}

DataSpec read_data(const TomlAt& top) {
  const auto at = top.table_at("data");
  if (!at)
    throw InputError(
        fmt::format("{}: no [data] table; a study says where its examples come "
                    "from (source = \"mnist\", \"idx\", \"csv\" or \"wdbc\")",
                    top.source));
  at->allow_only({"source", "name", "dir", "images", "labels", "scale", "path", "label",
                  "standardize", "classes", "tasks"});
  DataSpec d;
  const auto source = at->choice("source", {"mnist", "idx", "csv", "wdbc"});
  if (!source)
    throw InputError(
        fmt::format("{}: [data] needs source = \"mnist\", \"idx\", \"csv\" or "
                    "\"wdbc\"",
                    at->where("")));
  const auto only_for = [&](std::initializer_list<const char*> keys, const char* for_source) {
    for (const char* k : keys)
      if (at->has(k))
        throw InputError(fmt::format("{}: applies to source \"{}\", not \"{}\"", at->where(k),
                                     for_source, *source));
  };
  if (*source == "mnist") {
    d.source = DataSpec::Source::mnist;
    d.dir = at->string("dir").value_or("");
    only_for({"images", "labels", "scale"}, "idx");
    only_for({"path", "label", "standardize"}, "csv");
  } else if (*source == "idx") {
    d.source = DataSpec::Source::idx;
    d.images = at->string_or_strings("images").value_or(std::vector<std::string>{});
    d.labels = at->string_or_strings("labels").value_or(std::vector<std::string>{});
    if (d.images.empty() || d.images.size() != d.labels.size())
      throw InputError(
          fmt::format("{}: source \"idx\" needs `images` and `labels`, each a file "
                      "or a list of files, as many of one as of the other",
                      at->where("")));
    d.scale = at->number("scale").value_or(255.0);
    if (!(d.scale > 0))
      throw InputError(fmt::format("{}: expected a number > 0", at->where("scale")));
    only_for({"dir"}, "mnist");
    only_for({"path", "label", "standardize"}, "csv");
  } else if (*source == "csv") {
    d.source = DataSpec::Source::csv;
    d.path = at->string("path").value_or("");
    d.label = at->string("label").value_or("");
    if (d.path.empty() || d.label.empty())
      throw InputError(
          fmt::format("{}: source \"csv\" needs `path` (the file) and `label` (the "
                      "label column's name)",
                      at->where("")));
    d.standardize = at->boolean("standardize").value_or(false);
    only_for({"dir"}, "mnist");
    only_for({"images", "labels", "scale"}, "idx");
  } else {
    d.source = DataSpec::Source::wdbc;
    only_for({"dir"}, "mnist");
    only_for({"images", "labels", "scale"}, "idx");
    only_for({"path", "label"}, "csv");
    d.standardize = at->boolean("standardize").value_or(false);
  }
  const char* default_name = *source == "csv" ? "" : source->c_str();
  d.name = at->string("name").value_or(default_name);
  if (d.name.empty()) d.name = fs::path(d.path).stem().string();
  if (!plain_name(d.name))
    throw InputError(fmt::format("{}: '{}' is not a plain name (letters, digits, '_', '-', '.')",
                                 at->where("name"), d.name));

  d.classes = static_cast<std::size_t>(at->integer("classes", 2, 256).value_or(0));
  const bool images = d.source == DataSpec::Source::mnist || d.source == DataSpec::Source::idx;
  d.tasks = images ? DataSpec::Tasks::multiclass : DataSpec::Tasks::binary;
  if (const auto tasks = at->table_at("tasks")) {
    tasks->allow_only(
        {"kind", "positive", "block", "blocks", "name", "class_column", "block_column"});
    const auto kind = tasks->choice("kind", {"one_vs_rest", "binary", "multiclass"});
    if (kind)
      d.tasks = *kind == "one_vs_rest" ? DataSpec::Tasks::one_vs_rest
                : *kind == "binary"    ? DataSpec::Tasks::binary
                                       : DataSpec::Tasks::multiclass;
    if (d.tasks == DataSpec::Tasks::one_vs_rest) {
      if (const toml::node* p = tasks->node("positive")) {
        if (p->is_string()) {
          if (p->as_string()->get() != "all")
            throw InputError(
                fmt::format("{}: expected \"all\" or a list of classes", tasks->where("positive")));
        } else {
          const std::vector<double> classes = *tasks->numbers("positive");
          for (double v : classes) {
            if (v < 0 || v > 255 || std::floor(v) != v)
              throw InputError(fmt::format("{}: classes are integers 0..255, found {}",
                                           tasks->where("positive"), v));
            d.positive.push_back(static_cast<int>(v));
          }
          if (d.positive.empty())
            throw InputError(
                fmt::format("{}: expected at least one class", tasks->where("positive")));
        }
      }
      d.block = static_cast<std::size_t>(tasks->integer("block", 0, kMaxInt).value_or(0));
      if (const toml::node* b = tasks->node("blocks"); b && b->is_string()) {
        if (b->as_string()->get() != "all")
          throw InputError(fmt::format("{}: expected \"all\" or a count", tasks->where("blocks")));
      } else {
        d.blocks = static_cast<std::size_t>(tasks->integer("blocks", 1, kMaxInt).value_or(0));
      }
      d.task_name = tasks->string("name").value_or(d.task_name);
      if (d.task_name.find("{class}") == std::string::npos ||
          (d.block > 0 && d.task_name.find("{block}") == std::string::npos))
        throw InputError(
            fmt::format("{}: '{}' must contain {{class}} (and {{block}} when "
                        "block > 0) so every task gets its own name",
                        tasks->where("name"), d.task_name));
      d.class_column = tasks->string("class_column").value_or(d.class_column);
      d.block_column = tasks->string("block_column").value_or(d.block_column);
    } else {
      for (const char* k : {"positive", "block", "blocks", "name", "class_column", "block_column"})
        if (tasks->has(k))
          throw InputError(
              fmt::format("{}: applies to kind \"one_vs_rest\" only", tasks->where(k)));
    }
  }
  if (d.standardize && images)
    throw InputError(fmt::format("{}: standardisation applies to sources csv and wdbc",
                                 at->where("standardize")));
  return d;
}

SplitSpec read_split(const TomlAt& top) {
  SplitSpec s;
  const auto at = top.table_at("split");
  if (!at) return s;
  at->allow_only({"kind", "test", "validation", "seed"});
  if (const auto kind = at->choice("kind", {"paper", "stratified"}))
    s.kind = *kind == "paper" ? SplitSpec::Kind::paper : SplitSpec::Kind::stratified;
  s.test = at->number("test").value_or(s.test);
  if (!(s.test > 0 && s.test < 1))
    throw InputError(
        fmt::format("{}: expected a fraction 0 < test < 1, found {}", at->where("test"), s.test));
  s.validation = at->number("validation").value_or(s.validation);
  if (!(s.validation >= 0 && s.validation < 1))
    throw InputError(fmt::format("{}: expected a fraction 0 <= validation < 1, found {}",
                                 at->where("validation"), s.validation));
  if (const toml::node* n = at->node("seed")) {
    if (n->is_string()) {
      if (n->as_string()->get() != "root")
        throw InputError(
            fmt::format("{}: expected an integer 0..4294967295 or \"root\" (each "
                        "root seed splits with its own seed)",
                        at->where("seed")));
      s.seed.reset();
    } else {
      s.seed = static_cast<std::uint32_t>(*at->integer("seed", 0, 4294967295LL));
    }
  }
  return s;
}

void check_matrix(const TomlAt& at, const char* key, const std::vector<double>& m, std::size_t k,
                  bool zero_diagonal) {
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double v = m[i * k + j];
      if (!(v >= 0))
        throw InputError(
            fmt::format("{}: [{}][{}] must be >= 0, found {}", at.where(key), i, j, v));
      if (zero_diagonal && i == j && v != 0)
        throw InputError(fmt::format(
            "{}: [{}][{}] must be 0, found {}: a correct prediction is not a mistake{}",
            at.where(key), i, j, v,
            std::string(key) == "w_fp" ? " (w_fp weighs log(1 - p) of a wrong class)" : ""));
    }
}

CostSpec read_costs_at(const std::optional<TomlAt>& at, const DataSpec& data, std::size_t classes) {
  CostSpec c;
  if (!at) return c;
  at->allow_only({"w_fn", "w_fp", "payoff", "unit", "dollars_per_unit", "decision_cost", "pairs",
                  "pair_cost", "high_cost_above"});
  const bool binary_task = data.tasks != DataSpec::Tasks::multiclass;
  const toml::node* wfn = at->node("w_fn");
  const bool matrix_form =
      at->has("decision_cost") || at->has("pairs") || (wfn != nullptr && wfn->is_array());
  const auto refuse = [&](std::initializer_list<const char*> keys, const char* why) {
    for (const char* k : keys)
      if (at->has(k)) throw InputError(fmt::format("{}: {}", at->where(k), why));
  };
  if (matrix_form) {
    if (binary_task)
      throw InputError(
          fmt::format("{}: K x K costs (w_fn/w_fp matrices, decision_cost, pairs) "
                      "need a multiclass task; a binary task states w_fn and w_fp "
                      "as numbers, or a payoff",
                      at->where("")));
    refuse({"payoff", "unit", "dollars_per_unit"},
           "a payoff applies to binary tasks; multiclass costs are K x K matrices");
    c.classes = classes;
    if (at->has("pairs")) {
      c.kind = CostSpec::Kind::pairs;
      refuse({"w_fn", "w_fp", "decision_cost"},
             "with `pairs` the matrices follow from each pair (w_fn = I, w_fp[i][j] = "
             "pair_cost, every error costs 1 and i -> j 1 + pair_cost); give either pairs or "
             "matrices");
      c.pair_cost = at->number("pair_cost").value_or(19.0);
      if (!(c.pair_cost > 0))
        throw InputError(fmt::format("{}: expected a cost > 0", at->where("pair_cost")));
      const toml::node* p = at->node("pairs");
      if (p->is_string() && p->as_string()->get() == "all") {
        for (std::size_t i = 0; i < classes; ++i)
          for (std::size_t j = 0; j < classes; ++j)
            if (i != j) c.pairs.emplace_back(static_cast<int>(i), static_cast<int>(j));
      } else {
        const std::vector<std::string> names = *at->strings("pairs");
        for (const auto& name : names) {
          int i = -1, j = -1;
          char dash = 0;
          std::size_t used = 0;
          if (std::sscanf(name.c_str(), "%d%c%d%zn", &i, &dash, &j, &used) != 3 || dash != '-' ||
              used != name.size() || i < 0 || j < 0 || i >= static_cast<int>(classes) ||
              j >= static_cast<int>(classes) || i == j)
            throw InputError(
                fmt::format("{}: '{}' is not a (true, predicted) pair \"i-j\" of two "
                            "different classes 0..{}",
                            at->where("pairs"), name, classes - 1));
          c.pairs.emplace_back(i, j);
        }
        if (c.pairs.empty())
          throw InputError(
              fmt::format("{}: expected \"all\" or a list such as [\"3-5\"]", at->where("pairs")));
      }
    } else {
      c.kind = CostSpec::Kind::matrix;
      refuse({"pair_cost"}, "applies to `pairs`");
      const auto dc = at->matrix("decision_cost", classes, classes);
      if (!dc)
        throw InputError(
            fmt::format("{}: K x K costs need decision_cost, the cost of each "
                        "(true, predicted) outcome (0 on the diagonal); w_fn and "
                        "w_fp are the RWWCE loss's weights",
                        at->where("")));
      c.decision_cost = *dc;
      check_matrix(*at, "decision_cost", c.decision_cost, classes, true);
      if (const auto m = at->matrix("w_fn", classes, classes)) {
        c.w_fn_matrix = *m;
        check_matrix(*at, "w_fn", c.w_fn_matrix, classes, false);
      }
      if (const auto m = at->matrix("w_fp", classes, classes)) {
        c.w_fp_matrix = *m;
        check_matrix(*at, "w_fp", c.w_fp_matrix, classes, true);
      }
    }
    if (const auto h = at->number("high_cost_above")) c.high_cost_above = *h;
    return c;
  }
  refuse({"pair_cost", "high_cost_above"}, "applies to multiclass costs");
  if (!binary_task)
    throw InputError(
        fmt::format("{}: a multiclass task states its costs as K x K matrices "
                    "(decision_cost, w_fn, w_fp) or as pairs",
                    at->where("")));
  if (const auto p = at->table_at("payoff")) {
    refuse({"w_fn", "w_fp"}, "give either a payoff or w_fn/w_fp, not both");
    p->allow_only({"tp", "fp", "tn", "fn"});
    c.kind = CostSpec::Kind::payoff;
    for (const char* k : {"tp", "fp", "tn", "fn"})
      if (!p->has(k))
        throw InputError(
            fmt::format("{}: the payoff needs all of tp, fp, tn and fn (the value "
                        "of each outcome; costs negative)",
                        p->where("")));
    c.payoff = {*p->number("tp"), *p->number("fp"), *p->number("tn"), *p->number("fn")};
    c.unit = at->string("unit").value_or("$");
    c.dollars_per_unit = at->number("dollars_per_unit").value_or(1.0);
    if (!(c.dollars_per_unit > 0))
      throw InputError(fmt::format("{}: expected a number > 0", at->where("dollars_per_unit")));
    try {
      harness::elkan_threshold(c.payoff);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", p->where(""), e.what()));
    }
    return c;
  }
  refuse({"unit", "dollars_per_unit"}, "applies to a payoff");
  if (at->has("w_fn") || at->has("w_fp")) {
    c.kind = CostSpec::Kind::error_costs;
    const auto fn = at->number("w_fn"), fp = at->number("w_fp");
    if (!fn || !fp)
      throw InputError(
          fmt::format("{}: binary error costs need both w_fn and w_fp", at->where("")));
    if (!(*fn > 0) || !(*fp > 0))
      throw InputError(
          fmt::format("{}: w_fn and w_fp must be > 0, found {} and {}", at->where(""), *fn, *fp));
    c.w_fn = *fn;
    c.w_fp = *fp;
  }
  return c;
}

CostSpec read_costs(const TomlAt& top, const DataSpec& data, std::size_t classes) {
  return read_costs_at(top.table_at("costs"), data, classes);
}

models::OptimizerConfig read_optimizer(const TomlAt& at) {
  at.allow_only({"kind", "lr", "beta1", "beta2", "epsilon"});
  const auto kind = at.choice("kind", {"adam", "sgd"});
  if (!kind) throw InputError(fmt::format("{}: needs kind = \"adam\" or \"sgd\"", at.where("")));
  const auto positive = [&](const char* key, double fallback) {
    const double v = at.number(key).value_or(fallback);
    if (!(v > 0))
      throw InputError(fmt::format("{}: expected a number > 0, found {}", at.where(key), v));
    return v;
  };
  if (*kind == "sgd") {
    for (const char* k : {"beta1", "beta2", "epsilon"})
      if (at.has(k)) throw InputError(fmt::format("{}: applies to adam", at.where(k)));
    models::SgdConfig s;
    s.learning_rate = positive("lr", s.learning_rate);
    return s;
  }
  models::AdamConfig a;
  a.learning_rate = positive("lr", a.learning_rate);
  a.beta1 = at.number("beta1").value_or(a.beta1);
  a.beta2 = at.number("beta2").value_or(a.beta2);
  if (!(a.beta1 >= 0 && a.beta1 < 1) || !(a.beta2 >= 0 && a.beta2 < 1))
    throw InputError(fmt::format("{}: beta1 and beta2 must be in [0, 1)", at.where("")));
  a.epsilon = positive("epsilon", a.epsilon);
  return a;
}

models::LossSettings read_loss(const TomlAt& at) {
  models::LossSettings s;
  const auto kind = at.string("kind");
  if (!kind) throw InputError(fmt::format("{}: a loss needs a kind", at.where("")));
  s.kind = *kind;
  for (const auto& [k, v] : at.table) {
    const std::string key(k.str());
    if (key == "kind") continue;
    if (v.is_array()) {
      const auto* arr = v.as_array();
      std::vector<double> flat;
      bool nested = arr->size() > 0 && arr->get(0)->is_array();
      if (nested) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
          const auto* row = arr->get(i)->as_array();
          if (row == nullptr || row->size() != arr->size())
            throw InputError(fmt::format("{}: expected a square matrix", at.where(key)));
        }
        flat = *at.matrix(key, arr->size(), arr->size());
      } else {
        flat = *at.numbers(key);
      }
      s.lists[key] = flat;
    } else {
      s.numbers[key] = *at.number(key);
    }
  }
  return s;
}

SamplingSpec read_sampling(const TomlAt& at) {
  at.allow_only({"kind", "factor", "keep"});
  SamplingSpec s;
  const auto kind = at.choice("kind", {"none", "oversample", "undersample"});
  if (!kind)
    throw InputError(
        fmt::format("{}: needs kind = \"none\", \"oversample\" or \"undersample\"", at.where("")));
  if (*kind == "oversample") {
    s.kind = SamplingSpec::Kind::oversample;
    if (at.has("keep"))
      throw InputError(fmt::format("{}: applies to undersample", at.where("keep")));
    s.factor = static_cast<std::size_t>(at.integer("factor", 1, 100000).value_or(0));
    if (s.factor == 0)
      throw InputError(
          fmt::format("{}: oversample needs factor, how many times each positive "
                      "appears (an integer >= 1)",
                      at.where("")));
  } else if (*kind == "undersample") {
    s.kind = SamplingSpec::Kind::undersample;
    if (at.has("factor"))
      throw InputError(fmt::format("{}: applies to oversample", at.where("factor")));
    const auto keep = at.number("keep");
    if (!keep || !(*keep > 0 && *keep <= 1))
      throw InputError(
          fmt::format("{}: undersample needs keep, the fraction of negatives kept "
                      "(0 < keep <= 1)",
                      at.where(keep ? "keep" : "")));
    s.keep = *keep;
  } else {
    for (const char* k : {"factor", "keep"})
      if (at.has(k))
        throw InputError(fmt::format("{}: sampling \"none\" takes no {}", at.where(k), k));
  }
  return s;
}

const std::vector<std::string> kModelKeys = {"layers", "loss",     "optimizer",  "epochs",
                                             "batch",  "sampling", "validation", "precision"};

// One model: its own keys over the defaults' (each key whole: a loss or optimizer given is the
// whole loss or optimizer).
ModelSpec read_model(const std::string& name, const TomlAt& at,
                     const std::optional<TomlAt>& defaults) {
  at.allow_only(kModelKeys);
  ModelSpec m;
  m.name = name;
  m.optimizer = models::AdamConfig{};
  const auto pick = [&](const std::string& key) -> std::optional<TomlAt> {
    if (at.has(key)) return at;
    if (defaults && defaults->has(key)) return defaults;
    return std::nullopt;
  };
  if (auto t = pick("layers")) {
    const std::vector<double> widths = *t->numbers("layers");
    for (double v : widths) {
      if (!(v >= 1 && v <= 100000 && std::floor(v) == v))
        throw InputError(fmt::format("{}: hidden layer widths are integers 1..100000, found {}",
                                     t->where("layers"), v));
      m.layers.push_back(static_cast<std::size_t>(v));
    }
  }
  if (auto t = pick("loss"))
    m.loss = read_loss(*t->table_at("loss"));
  else
    throw InputError(
        fmt::format("{}: model {} has no loss; give loss = {{ kind = ... }} in "
                    "[models.{}] or [model_defaults]",
                    at.where(""), name, name));
  if (auto t = pick("optimizer")) m.optimizer = read_optimizer(*t->table_at("optimizer"));
  if (auto t = pick("epochs")) m.epochs = static_cast<int>(*t->integer("epochs", 1, 100000));
  if (auto t = pick("batch"))
    m.batch = static_cast<std::size_t>(*t->integer("batch", 1, 100000000));
  if (auto t = pick("sampling")) m.sampling = read_sampling(*t->table_at("sampling"));
  if (auto t = pick("precision"))
    m.float64 = *t->choice("precision", {"float32", "float64"}) == "float64";
  if (auto t = pick("validation")) {
    const double v = *t->number("validation");
    if (!(v > 0 && v < 1))
      throw InputError(
          fmt::format("{}: a model's own validation is a fraction 0 < v < 1 of the "
                      "training rows, found {}",
                      t->where("validation"), v));
    m.validation = v;
  }
  return m;
}

DecisionSpec read_decision(const TomlAt& at) {
  at.allow_only({"kind", "value", "on", "grid"});
  DecisionSpec d;
  const auto kind = at.choice(
      "kind", {"threshold", "max_f1", "elkan", "min_cost", "argmax", "min_expected_cost"});
  if (!kind)
    throw InputError(
        fmt::format("{}: a decision needs a kind (threshold, max_f1, elkan, "
                    "min_cost, argmax, min_expected_cost)",
                    at.where("")));
  const std::string& k = *kind;
  d.kind = k == "threshold"  ? DecisionSpec::Kind::threshold
           : k == "max_f1"   ? DecisionSpec::Kind::max_f1
           : k == "elkan"    ? DecisionSpec::Kind::elkan
           : k == "min_cost" ? DecisionSpec::Kind::min_cost
           : k == "argmax"   ? DecisionSpec::Kind::argmax
                             : DecisionSpec::Kind::min_expected_cost;
  const bool tuned = d.kind == DecisionSpec::Kind::max_f1 || d.kind == DecisionSpec::Kind::min_cost;
  if (d.kind == DecisionSpec::Kind::threshold) {
    const auto v = at.number("value");
    if (!v || !(*v >= 0 && *v <= 1))
      throw InputError(
          fmt::format("{}: a threshold decision needs value, a number in [0, 1] "
                      "(positive iff score > value)",
                      at.where(v ? "value" : "")));
    d.value = *v;
  } else if (at.has("value")) {
    throw InputError(fmt::format("{}: applies to kind \"threshold\"", at.where("value")));
  }
  if (tuned) {
    d.on_test = at.choice("on", {"validation", "test"}).value_or("validation") == "test";
    if (d.kind == DecisionSpec::Kind::min_cost) {
      d.from = 0.001;
      d.to = 0.999;
      d.count = 999;
    }
    if (const auto g = at.table_at("grid")) {
      g->allow_only({"from", "to", "count"});
      d.from = g->number("from").value_or(d.from);
      d.to = g->number("to").value_or(d.to);
      d.count = static_cast<std::size_t>(
          g->integer("count", 1, 1000000).value_or(static_cast<std::int64_t>(d.count)));
      if (!(d.from >= 0 && d.to <= 1 && d.from <= d.to))
        throw InputError(fmt::format("{}: expected 0 <= from <= to <= 1", g->where("")));
    }
  } else {
    for (const char* key : {"on", "grid"})
      if (at.has(key))
        throw InputError(fmt::format("{}: applies to kinds max_f1 and min_cost", at.where(key)));
  }
  return d;
}

std::string default_description(const DecisionSpec& d, const CostSpec& c) {
  switch (d.kind) {
    case DecisionSpec::Kind::threshold:
      return fmt::format("fixed {}", d.value);
    case DecisionSpec::Kind::max_f1:
      return d.on_test ? "max F1 on test" : "max F1 on validation";
    case DecisionSpec::Kind::elkan:
      return c.kind == CostSpec::Kind::payoff ? "Elkan p* from the payoff"
                                              : "Elkan p* = w_fp/(w_fp+w_fn)";
    case DecisionSpec::Kind::min_cost:
      return fmt::format("{} on {}",
                         c.kind == CostSpec::Kind::payoff ? "max expected value" : "min RWC",
                         d.on_test ? "test" : "validation");
    case DecisionSpec::Kind::argmax:
      return "argmax";
    case DecisionSpec::Kind::min_expected_cost:
      return "min expected cost";
  }
  return {};
}

harness::CellFormat cell_format(const TomlAt& at, const std::string& text) {
  using F = harness::CellFormat;
  if (text == "count1") return F::count1;
  if (text == "percent2") return F::percent2;
  if (text == "dollars2") return F::dollars2;
  if (text == "dollars4") return F::dollars4;
  if (text == "fixed4") return F::fixed4;
  throw InputError(
      fmt::format("{}: unknown format '{}'; expected count1, percent2, dollars2, "
                  "dollars4 or fixed4",
                  at.where("format"), text));
}

const char* format_name(harness::CellFormat f) {
  using F = harness::CellFormat;
  switch (f) {
    case F::count1:
      return "count1";
    case F::percent2:
      return "percent2";
    case F::dollars2:
      return "dollars2";
    case F::dollars4:
      return "dollars4";
    case F::fixed4:
      return "fixed4";
    case F::pvalue:
      return "pvalue";
  }
  return "count1";
}

// The metrics a task of this kind writes per run (runs.csv), for checking names.
std::vector<std::string> run_metrics(bool binary, const CostSpec& c) {
  if (binary) {
    std::vector<std::string> m = {"threshold",
                                  "tp",
                                  "fp",
                                  "fn",
                                  "tn",
                                  "precision",
                                  "recall",
                                  "f1",
                                  "top1_error",
                                  "paper_error",
                                  "accuracy",
                                  "auc",
                                  "n_test",
                                  "positives_test",
                                  "negatives_test",
                                  "n_fit",
                                  "n_val",
                                  "degenerate",
                                  "dead_units"};
    if (c.kind == CostSpec::Kind::error_costs) m.push_back("rwc");
    if (c.kind == CostSpec::Kind::payoff) m.push_back("expected_value");
    return m;
  }
  std::vector<std::string> m = {"errors", "top1_error", "n_test",    "n_fit",
                                "n_val",  "degenerate", "dead_units"};
  if (c.kind != CostSpec::Kind::none) {
    m.push_back("high_cost");
    m.push_back("rwc");
  }
  return m;
}

std::vector<std::string> default_metrics(bool binary, const CostSpec& c) {
  if (!binary)
    return c.kind == CostSpec::Kind::none
               ? std::vector<std::string>{"top1_error"}
               : std::vector<std::string>{"high_cost", "top1_error", "rwc"};
  switch (c.kind) {
    case CostSpec::Kind::error_costs:
      return {"fn", "fp", "top1_error", "rwc", "precision", "recall", "f1", "auc"};
    case CostSpec::Kind::payoff:
      return {"expected_value", "accuracy", "auc", "tn", "fp", "fn", "tp", "recall", "f1"};
    default:
      return {"fn", "fp", "top1_error", "precision", "recall", "f1", "auc", "accuracy"};
  }
}

harness::TableColumn default_column(const std::string& metric, const CostSpec& c) {
  using F = harness::CellFormat;
  if (metric == "fn") return {metric, "FN", F::count1};
  if (metric == "fp") return {metric, "FP", F::count1};
  if (metric == "tp") return {metric, "TP", F::count1};
  if (metric == "tn") return {metric, "TN", F::count1};
  if (metric == "high_cost") return {metric, "High-cost mistakes", F::count1};
  if (metric == "errors") return {metric, "Errors", F::count1};
  if (metric == "top1_error") return {metric, "Top-1 error", F::percent2};
  if (metric == "paper_error") return {metric, "Top-1 error (paper's def.)", F::percent2};
  if (metric == "accuracy") return {metric, "Accuracy", F::percent2};
  if (metric == "rwc") return {metric, "RWC", c.binary() ? F::dollars2 : F::dollars4};
  if (metric == "expected_value") return {metric, "Expected value / example", F::dollars2};
  return {metric, metric, F::fixed4};
}

void check_metric(const TomlAt& at, const std::string& key, const std::string& metric,
                  const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), metric) == known.end())
    throw InputError(fmt::format("{}: '{}' is not a metric these runs write; they write: {}",
                                 at.where(key), metric, fmt::join(known, ", ")));
}

// A scalar of a study file as TOML text (a choice's or a flag's value keeps its type).
std::string scalar_literal(const TomlAt& at, const std::string& key) {
  const toml::node* n = at.node(key);
  if (const auto* s = n->as_string()) return toml_string(s->get());
  if (const auto* i = n->as_integer()) return std::to_string(i->get());
  if (const auto* d = n->as_floating_point()) return toml_number(d->get());
  if (const auto* b = n->as_boolean()) return b->get() ? "true" : "false";
  throw InputError(fmt::format("{}: expected a string, number or boolean", at.where(key)));
}

std::vector<StudyOption> read_options(const TomlAt& top) {
  std::vector<StudyOption> out;
  const auto at = top.table_at("options");
  if (!at) return out;
  for (const auto& [k, v] : at->table) {
    const std::string name(k.str());
    const auto o = at->table_at(name);
    o->allow_only({"key", "help", "type", "choices", "value", "sets"});
    StudyOption opt;
    opt.name = name;
    if (!plain_name(name) || name.front() == '-')
      throw InputError(
          fmt::format("{}: option names are plain words such as control-loss", o->where("")));
    opt.key = o->string("key").value_or("");
    opt.help = o->string("help").value_or("");
    opt.type = o->choice("type", {"string", "number", "integer", "flag"}).value_or("string");
    if (const auto ch = o->table_at("choices")) {
      for (const auto& [ck, cv] : ch->table) {
        StudyOption::Choice choice;
        choice.given = std::string(ck.str());
        if (ch->node(choice.given)->is_table()) {
          const auto sets = ch->table_at(choice.given);
          for (const auto& [sk, sv] : sets->table)
            choice.sets.emplace_back(std::string(sk.str()),
                                     scalar_literal(*sets, std::string(sk.str())));
        } else {
          if (opt.key.empty())
            throw InputError(
                fmt::format("{}: a choice given as a string sets `key`; give the "
                            "option a key or the choice a table of keys",
                            ch->where(choice.given)));
          choice.sets.emplace_back(opt.key, scalar_literal(*ch, choice.given));
        }
        opt.choices.push_back(std::move(choice));
      }
    }
    if (opt.key.empty() && opt.choices.empty() && !o->has("sets"))
      throw InputError(
          fmt::format("{}: an option needs the study key it sets (key = "
                      "\"models.control.loss.kind\")",
                      o->where("")));
    if (opt.type == "flag") {
      // A flag sets `key` to `value`, or every key of `sets`.
      if (const auto sets = o->table_at("sets")) {
        StudyOption::Choice c;
        c.given = "(given)";
        for (const auto& [sk, sv] : sets->table)
          c.sets.emplace_back(std::string(sk.str()), scalar_literal(*sets, std::string(sk.str())));
        opt.choices = {c};
      } else {
        if (opt.key.empty() || !o->has("value"))
          throw InputError(
              fmt::format("{}: a flag needs the key and the value it sets (key = "
                          "\"...\", value = \"...\"), or sets = {{ key = value }}",
                          o->where("")));
        opt.value = scalar_literal(*o, "value");
      }
    } else {
      for (const char* k : {"value", "sets"})
        if (o->has(k)) throw InputError(fmt::format("{}: applies to type \"flag\"", o->where(k)));
    }
    out.push_back(std::move(opt));
  }
  return out;
}

PublishedSpec read_published(const TomlAt& top, const std::vector<ArmSpec>& arms,
                             const std::vector<std::string>& metrics_known) {
  PublishedSpec p;
  const auto at = top.table_at("published");
  if (!at) return p;
  at->allow_only({"source", "notes", "arms", "comparisons", "protocol", "arm_protocols",
                  "differences", "changed_arms"});
  p.source = at->string("source").value_or("");
  if (p.source.empty())
    throw InputError(fmt::format("{}: published numbers need a source (the paper)", at->where("")));
  p.notes = at->strings("notes").value_or(std::vector<std::string>{});
  p.protocol = at->string("protocol").value_or("");
  if (const auto ap = at->table_at("arm_protocols"))
    for (const auto& [k, v] : ap->table)
      p.arm_protocols[std::string(k.str())] = *ap->string(std::string(k.str()));
  p.differences = at->strings("differences").value_or(std::vector<std::string>{});
  p.changed_arms = at->strings("changed_arms").value_or(std::vector<std::string>{});
  const auto has_arm = [&](const std::string& a) {
    return std::any_of(arms.begin(), arms.end(), [&](const ArmSpec& s) { return s.name == a; });
  };
  if (const auto a = at->table_at("arms")) {
    for (const auto& [k, v] : a->table) {
      const std::string arm(k.str());
      if (!has_arm(arm)) throw InputError(fmt::format("{}: no arm named '{}'", a->where(arm), arm));
      const auto row = a->table_at(arm);
      for (const auto& [mk, mv] : row->table) {
        const std::string metric(mk.str());
        check_metric(*row, metric, metric, metrics_known);
        p.arms[arm][metric] = *row->number(metric);
      }
    }
  }
  if (const toml::node* n = at->node("comparisons")) {
    const auto* arr = n->as_array();
    if (arr == nullptr || !arr->is_array_of_tables())
      throw InputError(
          fmt::format("{}: expected [[published.comparisons]] tables", at->where("comparisons")));
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const TomlAt c{*arr->get(i)->as_table(), fmt::format("published.comparisons[{}]", i),
                     top.source};
      c.allow_only({"arm", "reference", "p"});
      const auto arm = c.string("arm"), ref = c.string("reference");
      if (!arm || !ref || !has_arm(*arm) || !has_arm(*ref))
        throw InputError(
            fmt::format("{}: needs arm and reference, both arms of the study", c.where("")));
      const auto pt = c.table_at("p");
      if (!pt)
        throw InputError(fmt::format("{}: needs p = {{ metric = p-value, ... }}", c.where("")));
      for (const auto& [mk, mv] : pt->table) {
        const std::string metric(mk.str());
        check_metric(*pt, metric, metric, metrics_known);
        p.p_values[{*arm, *ref}][metric] = *pt->number(metric);
      }
    }
  }
  return p;
}

std::size_t data_classes(const DataSpec& d, const TomlAt& top) {
  // The class count the costs are checked against before the data is read: declared, known
  // (MNIST 10), or the decision_cost matrix's size; the runner checks it against the labels.
  if (d.tasks != DataSpec::Tasks::multiclass) return 2;
  if (d.classes > 0) return d.classes;
  if (d.source == DataSpec::Source::mnist) return 10;
  if (const auto c = top.table_at("costs")) {
    if (const toml::node* n = c->node("decision_cost"); n && n->as_array())
      return n->as_array()->size();
    if (c->has("pairs"))
      throw InputError(
          fmt::format("{}: pairs need the number of classes before the data is "
                      "read; give [data] classes = K",
                      c->where("pairs")));
  }
  return 0;
}

Study resolve_table(const toml::table& table, const std::string& source, bool with_published) {
  const TomlAt top{table, "", source};
  top.allow_only({"name",   "title",     "description",    "extends",   "seeds",   "seed_stream",
                  "preset", "presets",   "select",         "loss_mode", "pairing", "data",
                  "split",  "costs",     "model_defaults", "models",    "arms",    "compare",
                  "report", "published", "options"});
  Study s;
  s.source = source;
  s.name = require_name(top, "name", "a study");
  s.title = top.string("title").value_or(s.name);
  s.description = top.string("description").value_or("");
  s.seed_stream = top.string("seed_stream").value_or(s.name);
  s.preset = top.string("preset").value_or("");
  s.seeds = read_seeds(top);
  if (const toml::node* n = top.node("select")) {
    if (n->is_integer())
      s.select = std::to_string(*top.integer("select", 1, kMaxInt));
    else if (n->is_array())
      s.select = fmt::format("{}", fmt::join(*top.strings("select"), ","));
    else
      s.select = *top.string("select");
    if (s.select.empty())
      throw InputError(fmt::format("{}: expected \"all\", a count or names", top.where("select")));
  }
  const auto mode = top.choice("loss_mode", {"keras-clip", "logits"}).value_or("keras-clip");
  s.loss_mode = mode == "logits" ? models::LossMode::logits : models::LossMode::keras_clip;
  const auto pairing =
      top.choice("pairing", {"independent", "shared-order", "shared-init"}).value_or("independent");
  s.pairing = pairing == "shared-order"  ? Pairing::shared_order
              : pairing == "shared-init" ? Pairing::shared_init
                                         : Pairing::independent;
  s.data = read_data(top);
  s.split = read_split(top);
  const std::size_t classes = data_classes(s.data, top);
  s.costs = read_costs(top, s.data, classes);
  const bool binary = s.data.tasks != DataSpec::Tasks::multiclass;

  // Models, in order of first use by the arms.
  const auto defaults = top.table_at("model_defaults");
  if (defaults) defaults->allow_only(kModelKeys);
  const auto models_at = top.table_at("models");
  if (!models_at || models_at->table.empty())
    throw InputError(
        fmt::format("{}: no [models.NAME] tables; a study trains at least one model", source));
  const toml::node* arms_node = top.node("arms");
  if (arms_node == nullptr || !arms_node->is_array() || arms_node->as_array()->empty())
    throw InputError(
        fmt::format("{}: no [[arms]]; an arm is a model plus a decision rule "
                    "(name, model, decision = {{ kind = ... }})",
                    source));
  const auto* arms_arr = arms_node->as_array();
  if (!arms_arr->is_array_of_tables())
    throw InputError(fmt::format("{}: `arms` must be [[arms]] tables", top.where("arms")));
  std::vector<std::string> model_names;
  for (const auto& [k, v] : models_at->table) model_names.emplace_back(k.str());
  for (std::size_t i = 0; i < arms_arr->size(); ++i) {
    const toml::table& t = *arms_arr->get(i)->as_table();
    const TomlAt pre{t, fmt::format("arms[{}]", i), source};
    const std::string name = require_name(pre, "name", "an arm");
    const TomlAt at{t, "arms." + name, source};
    at.allow_only({"name", "model", "decision", "label", "short", "description"});
    ArmSpec a;
    a.name = name;
    if (s.arm(name) != nullptr)
      throw InputError(fmt::format("{}: two arms are named '{}'", at.where("name"), name));
    a.model = at.string("model").value_or("");
    if (std::find(model_names.begin(), model_names.end(), a.model) == model_names.end())
      throw InputError(fmt::format("{}: no model named '{}'; the study's models: {}",
                                   at.where("model"), a.model, fmt::join(model_names, ", ")));
    const auto dec = at.table_at("decision");
    if (!dec)
      throw InputError(fmt::format("{}: an arm needs a decision = {{ kind = ... }}", at.where("")));
    a.decision = read_decision(*dec);
    if (a.decision.binary() != binary)
      throw InputError(fmt::format(
          "{}: decision {} is for {} tasks; this study's tasks are {} (use {})", dec->where("kind"),
          decision_kind_name(a.decision.kind), binary ? "multiclass" : "binary",
          binary ? "binary" : "multiclass",
          binary ? "threshold, max_f1, elkan or min_cost" : "argmax or min_expected_cost"));
    if ((a.decision.kind == DecisionSpec::Kind::elkan ||
         a.decision.kind == DecisionSpec::Kind::min_cost) &&
        !s.costs.binary())
      throw InputError(
          fmt::format("{}: decision {} needs the study's error costs: give [costs] "
                      "w_fn and w_fp, or a payoff",
                      dec->where("kind"), decision_kind_name(a.decision.kind)));
    if (a.decision.kind == DecisionSpec::Kind::min_expected_cost &&
        s.costs.kind != CostSpec::Kind::matrix && s.costs.kind != CostSpec::Kind::pairs)
      throw InputError(
          fmt::format("{}: decision min_expected_cost needs [costs] decision_cost "
                      "(or pairs)",
                      dec->where("kind")));
    a.label = at.string("label").value_or(name);
    a.short_label = at.string("short").value_or(name);
    a.description = at.string("description").value_or(default_description(a.decision, s.costs));
    if (std::none_of(s.models.begin(), s.models.end(),
                     [&](const ModelSpec& m) { return m.name == a.model; }))
      s.models.push_back(read_model(a.model, *models_at->table_at(a.model), defaults));
    s.arms.push_back(std::move(a));
  }
  // Every model's loss is built once here, so an unknown kind, a bad setting or a cost the
  // loss needs but the study lacks is reported before any data is read.
  {
    models::LossContext ctx;
    ctx.mode = s.loss_mode;
    ctx.classes = binary ? 1 : classes;
    if (s.costs.kind == CostSpec::Kind::error_costs) {
      ctx.w_fn = s.costs.w_fn;
      ctx.w_fp = s.costs.w_fp;
    }
    std::vector<double> pair_fn, pair_fp;
    if (s.costs.kind == CostSpec::Kind::pairs && !s.costs.pairs.empty()) {
      pair_fn.assign(classes * classes, 0.0);
      pair_fp.assign(classes * classes, 0.0);
      for (std::size_t i = 0; i < classes; ++i) pair_fn[i * classes + i] = 1.0;
      const auto [i, j] = s.costs.pairs.front();
      pair_fp[static_cast<std::size_t>(i) * classes + static_cast<std::size_t>(j)] =
          s.costs.pair_cost;
      ctx.w_fn_matrix = &pair_fn;
      ctx.w_fp_matrix = &pair_fp;
    } else if (s.costs.kind == CostSpec::Kind::matrix) {
      if (!s.costs.w_fn_matrix.empty()) ctx.w_fn_matrix = &s.costs.w_fn_matrix;
      if (!s.costs.w_fp_matrix.empty()) ctx.w_fp_matrix = &s.costs.w_fp_matrix;
    }
    if (ctx.classes > 0)
      for (const ModelSpec& m : s.models) {
        try {
          models::make_loss(m.loss, ctx);
        } catch (const InputError& e) {
          throw InputError(fmt::format(
              "{}: {}", TomlAt{table, "models." + m.name, source}.where("loss"), e.what()));
        }
      }
  }
  for (const auto& m : model_names)
    if (std::none_of(s.models.begin(), s.models.end(),
                     [&](const ModelSpec& ms) { return ms.name == m; }))
      throw InputError(
          fmt::format("{}: model {} is declared but no arm uses it", models_at->where(m), m));
  for (const ArmSpec& a : s.arms) {
    const ModelSpec& m = s.model(a.model);
    const bool tunes_on_val = (a.decision.kind == DecisionSpec::Kind::max_f1 ||
                               a.decision.kind == DecisionSpec::Kind::min_cost) &&
                              !a.decision.on_test;
    if (tunes_on_val && !m.validation && !(s.split.validation > 0))
      throw InputError(fmt::format(
          "{}: arm {} tunes its decision on validation rows, but model {} has none (split."
          "validation is 0 and the model sets no validation of its own); give [split] "
          "validation or models.{}.validation",
          TomlAt{table, "arms." + a.name, source}.where("decision"), a.name, m.name, m.name));
    if (m.sampling.kind != SamplingSpec::Kind::none && !binary)
      throw InputError(fmt::format("{}: over- and undersampling apply to binary tasks",
                                   TomlAt{table, "models." + m.name, source}.where("sampling")));
  }

  // Compare.
  const std::vector<std::string> known = run_metrics(binary, s.costs);
  s.compare.metrics = default_metrics(binary, s.costs);
  if (const auto c = top.table_at("compare")) {
    c->allow_only({"reference", "extra", "metrics", "gate", "unit", "rope", "bootstrap"});
    if (const auto unit = c->string("unit")) {
      // Aliases for the usual units; otherwise a runs.csv column.
      const std::string u = *unit == "task" || *unit == "pair" ? "dataset"
                            : *unit == "seed"                  ? "root_seed"
                            : *unit == "split"                 ? "split_seed"
                                                               : *unit;
      std::vector<std::string> columns = {"dataset", "root_seed", "split_seed"};
      if (s.data.tasks == DataSpec::Tasks::one_vs_rest) {
        columns.push_back(s.data.class_column);
        columns.push_back(s.data.block_column);
      }
      if (s.costs.kind == CostSpec::Kind::pairs) {
        columns.push_back("pair_true");
        columns.push_back("pair_pred");
      }
      if (std::find(columns.begin(), columns.end(), u) == columns.end())
        throw InputError(
            fmt::format("{}: '{}' is not a unit of these runs; expected task, pair, "
                        "seed, split or one of the columns {}",
                        c->where("unit"), *unit, fmt::join(columns, ", ")));
      s.compare.unit = u;
    }
    if (const auto rope = c->table_at("rope")) {
      for (const auto& [k, v] : rope->table) {
        const std::string metric(k.str());
        check_metric(*rope, metric, metric, known);
        const double w = *rope->number(metric);
        if (!(w >= 0))
          throw InputError(
              fmt::format("{}: a ROPE half-width is >= 0, found {}", rope->where(metric), w));
        s.compare.rope[metric] = w;
      }
    }
    s.compare.bootstrap =
        static_cast<std::size_t>(c->integer("bootstrap", 100, 10000000).value_or(10000));
    if (const auto ref = c->string("reference")) {
      if (s.arm(*ref) == nullptr)
        throw InputError(fmt::format("{}: no arm named '{}'", c->where("reference"), *ref));
      s.compare.reference = *ref;
      for (const ArmSpec& a : s.arms)
        if (a.name != *ref) s.compare.comparisons.emplace_back(a.name, *ref);
    }
    if (const toml::node* e = c->node("extra")) {
      const auto* arr = e->as_array();
      if (arr == nullptr)
        throw InputError(
            fmt::format("{}: expected a list of [arm, reference] pairs", c->where("extra")));
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto* pair = arr->get(i)->as_array();
        if (pair == nullptr || pair->size() != 2 || !pair->get(0)->is_string() ||
            !pair->get(1)->is_string())
          throw InputError(
              fmt::format("{}: element {} must be [\"arm\", \"reference\"]", c->where("extra"), i));
        const std::string a = pair->get(0)->as_string()->get(),
                          b = pair->get(1)->as_string()->get();
        if (s.arm(a) == nullptr || s.arm(b) == nullptr || a == b)
          throw InputError(fmt::format("{}: [\"{}\", \"{}\"] must name two different arms",
                                       c->where("extra"), a, b));
        s.compare.comparisons.emplace_back(a, b);
      }
    }
    if (const auto m = c->strings("metrics")) {
      for (const auto& metric : *m) check_metric(*c, "metrics", metric, known);
      s.compare.metrics = *m;
    }
    if (const auto g = c->strings("gate")) {
      for (const auto& metric : *g) {
        check_metric(*c, "gate", metric, known);
        if (!harness::worse_direction(metric))
          throw InputError(fmt::format("{}: '{}' has no better/worse direction for a gate",
                                       c->where("gate"), metric));
      }
      s.compare.gate = *g;
    }
  }
  if (s.compare.gate.empty()) {
    if (!binary)
      s.compare.gate = s.costs.kind == CostSpec::Kind::none
                           ? std::vector<std::string>{"top1_error"}
                           : std::vector<std::string>{"rwc", "high_cost", "top1_error"};
    else if (s.costs.kind == CostSpec::Kind::error_costs)
      s.compare.gate = {"rwc", "fn", "fp", "top1_error"};
    else if (s.costs.kind == CostSpec::Kind::payoff)
      s.compare.gate = {"expected_value", "fn", "fp"};
    else
      s.compare.gate = {"fn", "fp", "top1_error"};
  }

  // Report.
  if (const auto r = top.table_at("report")) {
    r->allow_only({"columns", "plots", "notes"});
    if (const toml::node* cols = r->node("columns")) {
      const auto* arr = cols->as_array();
      if (arr == nullptr)
        throw InputError(
            fmt::format("{}: expected a list of {{ metric, label, format }}", r->where("columns")));
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto* t = arr->get(i)->as_table();
        if (t == nullptr)
          throw InputError(
              fmt::format("{}: element {} must be {{ metric = ..., label = ..., "
                          "format = ... }}",
                          r->where("columns"), i));
        const TomlAt col{*t, fmt::format("report.columns[{}]", i), source};
        col.allow_only({"metric", "label", "format"});
        const std::string metric = col.string("metric").value_or("");
        check_metric(col, "metric", metric, known);
        harness::TableColumn tc = default_column(metric, s.costs);
        tc.label = col.string("label").value_or(tc.label);
        if (const auto f = col.string("format")) tc.format = cell_format(col, *f);
        s.report.columns.push_back(tc);
      }
    }
    s.report.plots = r->boolean("plots").value_or(false);
    s.report.notes = r->strings("notes").value_or(std::vector<std::string>{});
  }
  if (s.report.columns.empty())
    for (const auto& m : s.compare.metrics)
      if (m != "precision" && m != "recall" && m != "f1" && m != "auc")
        s.report.columns.push_back(default_column(m, s.costs));
  if (s.report.plots && !binary)
    throw InputError(
        fmt::format("{}: plots (score histograms, ROC, cost against threshold) are "
                    "drawn for binary tasks",
                    top.where("report")));
  if (with_published) s.published = read_published(top, s.arms, known);
  if (top.has("options")) read_options(top);  // checked here; the CLI reads them
  if (top.has("presets") && !top.node("presets")->is_table())
    throw InputError(fmt::format("{}: expected [presets.NAME] tables", top.where("presets")));
  return s;
}

// ---- canonical text ----

struct Entry {
  std::string section;  // "" top, "data", "data.tasks", "models.control", "arms.control1", ...
  std::string key, value;
};

std::string list_text(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + toml_number(v[i]);
  return s + "]";
}

std::string matrix_text(const std::vector<double>& m, std::size_t k) {
  std::string s = "[\n";
  for (std::size_t i = 0; i < k; ++i) {
    s += "  [";
    for (std::size_t j = 0; j < k; ++j) s += (j ? ", " : "") + toml_number(m[i * k + j]);
    s += "],\n";
  }
  return s + "]";
}

std::string strings_text(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + toml_string(v[i]);
  return s + "]";
}

std::string integer_text(std::size_t v) {
  return std::to_string(v);
}

std::string loss_text(const models::LossSettings& l) {
  std::string s = "{ kind = " + toml_string(l.kind);
  for (const auto& [k, v] : l.numbers) s += ", " + k + " = " + toml_number(v);
  for (const auto& [k, v] : l.lists) {
    const auto n = static_cast<std::size_t>(std::llround(std::sqrt(static_cast<double>(v.size()))));
    if (k != "class_weight" && n * n == v.size() && n > 1) {
      std::string m = "[";
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> row(v.begin() + static_cast<long>(i * n),
                                v.begin() + static_cast<long>((i + 1) * n));
        m += (i ? ", " : "") + list_text(row);
      }
      s += ", " + k + " = " + m + "]";
    } else {
      s += ", " + k + " = " + list_text(v);
    }
  }
  return s + " }";
}

std::string optimizer_text(const models::OptimizerConfig& o) {
  if (const auto* a = std::get_if<models::AdamConfig>(&o))
    return fmt::format("{{ kind = \"adam\", lr = {}, beta1 = {}, beta2 = {}, epsilon = {} }}",
                       toml_number(a->learning_rate), toml_number(a->beta1), toml_number(a->beta2),
                       toml_number(a->epsilon));
  return fmt::format("{{ kind = \"sgd\", lr = {} }}",
                     toml_number(std::get<models::SgdConfig>(o).learning_rate));
}

std::string sampling_text(const SamplingSpec& s) {
  switch (s.kind) {
    case SamplingSpec::Kind::oversample:
      return fmt::format("{{ kind = \"oversample\", factor = {} }}", s.factor);
    case SamplingSpec::Kind::undersample:
      return fmt::format("{{ kind = \"undersample\", keep = {} }}", toml_number(s.keep));
    default:
      return "{ kind = \"none\" }";
  }
}

std::string decision_text(const DecisionSpec& d) {
  std::string s = fmt::format("{{ kind = \"{}\"", decision_kind_name(d.kind));
  if (d.kind == DecisionSpec::Kind::threshold) s += ", value = " + toml_number(d.value);
  if (d.kind == DecisionSpec::Kind::max_f1 || d.kind == DecisionSpec::Kind::min_cost)
    s += fmt::format(", on = \"{}\", grid = {{ from = {}, to = {}, count = {} }}",
                     d.on_test ? "test" : "validation", toml_number(d.from), toml_number(d.to),
                     d.count);
  return s + " }";
}

const char* format_key(harness::CellFormat f) {
  return format_name(f);
}

std::vector<Entry> study_entries(const Study& s, const std::vector<StudyOption>& options) {
  std::vector<Entry> e;
  const auto put = [&](const std::string& section, const std::string& key, std::string value) {
    e.push_back({section, key, std::move(value)});
  };
  put("", "name", toml_string(s.name));
  put("", "title", toml_string(s.title));
  if (!s.description.empty()) put("", "description", toml_string(s.description));
  put("", "seed_stream", toml_string(s.seed_stream));
  if (!s.preset.empty()) put("", "preset", toml_string(s.preset));
  {
    // 1..N as the count N; otherwise the list, a single seed S as the range "S-S" (a bare "S"
    // would read as a count).
    bool one_to_n = true;
    for (std::size_t i = 0; i < s.seeds.size(); ++i) one_to_n = one_to_n && s.seeds[i] == i + 1;
    std::vector<std::string> seeds;
    for (auto v : s.seeds) seeds.push_back(std::to_string(v));
    if (one_to_n)
      put("", "seeds", std::to_string(s.seeds.size()));
    else if (seeds.size() == 1)
      put("", "seeds", toml_string(seeds[0] + "-" + seeds[0]));
    else
      put("", "seeds", toml_string(fmt::format("{}", fmt::join(seeds, ","))));
  }
  put("", "select", toml_string(s.select));
  put("", "loss_mode",
      toml_string(s.loss_mode == models::LossMode::logits ? "logits" : "keras-clip"));
  put("", "pairing", toml_string(pairing_name(s.pairing)));

  const DataSpec& d = s.data;
  static const char* kSources[] = {"mnist", "idx", "csv", "wdbc"};
  put("data", "source", toml_string(kSources[static_cast<int>(d.source)]));
  put("data", "name", toml_string(d.name));
  switch (d.source) {
    case DataSpec::Source::mnist:
      if (!d.dir.empty()) put("data", "dir", toml_string(d.dir));
      break;
    case DataSpec::Source::idx:
      put("data", "images", strings_text(d.images));
      put("data", "labels", strings_text(d.labels));
      put("data", "scale", toml_number(d.scale));
      break;
    case DataSpec::Source::csv:
      put("data", "path", toml_string(d.path));
      put("data", "label", toml_string(d.label));
      put("data", "standardize", d.standardize ? "true" : "false");
      break;
    case DataSpec::Source::wdbc:
      put("data", "standardize", d.standardize ? "true" : "false");
      break;
  }
  if (d.classes > 0) put("data", "classes", std::to_string(d.classes));
  static const char* kTasks[] = {"one_vs_rest", "binary", "multiclass"};
  put("data.tasks", "kind", toml_string(kTasks[static_cast<int>(d.tasks)]));
  if (d.tasks == DataSpec::Tasks::one_vs_rest) {
    if (d.positive.empty()) {
      put("data.tasks", "positive", toml_string("all"));
    } else {
      std::vector<double> p(d.positive.begin(), d.positive.end());
      std::string t = "[";
      for (std::size_t i = 0; i < d.positive.size(); ++i)
        t += (i ? ", " : "") + std::to_string(d.positive[i]);
      put("data.tasks", "positive", t + "]");
    }
    put("data.tasks", "block", integer_text(d.block));
    put("data.tasks", "blocks", d.blocks == 0 ? toml_string("all") : integer_text(d.blocks));
    put("data.tasks", "name", toml_string(d.task_name));
    put("data.tasks", "class_column", toml_string(d.class_column));
    put("data.tasks", "block_column", toml_string(d.block_column));
  }
  put("split", "kind",
      toml_string(s.split.kind == SplitSpec::Kind::paper ? "paper" : "stratified"));
  put("split", "test", toml_number(s.split.test));
  put("split", "validation", toml_number(s.split.validation));
  put("split", "seed", s.split.seed ? std::to_string(*s.split.seed) : toml_string("root"));

  const CostSpec& c = s.costs;
  switch (c.kind) {
    case CostSpec::Kind::none:
      break;
    case CostSpec::Kind::error_costs:
      put("costs", "w_fn", toml_number(c.w_fn));
      put("costs", "w_fp", toml_number(c.w_fp));
      break;
    case CostSpec::Kind::payoff:
      put("costs", "payoff",
          fmt::format("{{ tp = {}, fp = {}, tn = {}, fn = {} }}", toml_number(c.payoff.tp),
                      toml_number(c.payoff.fp), toml_number(c.payoff.tn),
                      toml_number(c.payoff.fn)));
      put("costs", "unit", toml_string(c.unit));
      put("costs", "dollars_per_unit", toml_number(c.dollars_per_unit));
      break;
    case CostSpec::Kind::pairs: {
      std::vector<std::string> names;
      for (const auto& [i, j] : c.pairs) names.push_back(fmt::format("{}-{}", i, j));
      put("costs", "pairs", strings_text(names));
      put("costs", "pair_cost", toml_number(c.pair_cost));
      break;
    }
    case CostSpec::Kind::matrix:
      put("costs", "decision_cost", matrix_text(c.decision_cost, c.classes));
      if (!c.w_fn_matrix.empty()) put("costs", "w_fn", matrix_text(c.w_fn_matrix, c.classes));
      if (!c.w_fp_matrix.empty()) put("costs", "w_fp", matrix_text(c.w_fp_matrix, c.classes));
      break;
  }
  if (c.high_cost_above) put("costs", "high_cost_above", toml_number(*c.high_cost_above));

  for (const ModelSpec& m : s.models) {
    const std::string sec = "models." + m.name;
    std::vector<double> layers(m.layers.begin(), m.layers.end());
    std::string l = "[";
    for (std::size_t i = 0; i < m.layers.size(); ++i)
      l += (i ? ", " : "") + std::to_string(m.layers[i]);
    put(sec, "layers", l + "]");
    put(sec, "loss", loss_text(m.loss));
    put(sec, "optimizer", optimizer_text(m.optimizer));
    put(sec, "epochs", std::to_string(m.epochs));
    put(sec, "batch", std::to_string(m.batch));
    put(sec, "sampling", sampling_text(m.sampling));
    if (m.validation) put(sec, "validation", toml_number(*m.validation));
    put(sec, "precision", m.float64 ? "\"float64\"" : "\"float32\"");
  }
  for (const ArmSpec& a : s.arms) {
    const std::string sec = "arms." + a.name;
    put(sec, "model", toml_string(a.model));
    put(sec, "decision", decision_text(a.decision));
    put(sec, "label", toml_string(a.label));
    put(sec, "short", toml_string(a.short_label));
    put(sec, "description", toml_string(a.description));
  }
  if (!s.compare.reference.empty()) put("compare", "reference", toml_string(s.compare.reference));
  {
    std::string extra = "[";
    bool any = false;
    for (const auto& [a, b] : s.compare.comparisons) {
      if (b == s.compare.reference) continue;
      extra += fmt::format("{}[{}, {}]", any ? ", " : "", toml_string(a), toml_string(b));
      any = true;
    }
    if (any) put("compare", "extra", extra + "]");
  }
  put("compare", "metrics", strings_text(s.compare.metrics));
  put("compare", "gate", strings_text(s.compare.gate));
  put("compare", "unit", toml_string(s.compare.unit));
  if (!s.compare.rope.empty()) {
    std::string r = "{ ";
    bool first = true;
    for (const auto& [m, w] : s.compare.rope) {
      r += (first ? "" : ", ") + m + " = " + toml_number(w);
      first = false;
    }
    put("compare", "rope", r + " }");
  }
  put("compare", "bootstrap", std::to_string(s.compare.bootstrap));
  {
    std::string cols = "[\n";
    for (const auto& col : s.report.columns)
      cols += fmt::format("  {{ metric = {}, label = {}, format = \"{}\" }},\n",
                          toml_string(col.metric), toml_string(col.label), format_key(col.format));
    put("report", "columns", cols + "]");
  }
  put("report", "plots", s.report.plots ? "true" : "false");
  if (!s.report.notes.empty()) put("report", "notes", strings_text(s.report.notes));
  const PublishedSpec& p = s.published;
  if (p.present()) {
    put("published", "source", toml_string(p.source));
    if (!p.notes.empty()) put("published", "notes", strings_text(p.notes));
    put("published", "protocol", toml_string(p.protocol));
    {
      std::string t = "{ ";
      bool first = true;
      for (const auto& [arm, digest] : p.arm_protocols) {
        t += (first ? "" : ", ") + arm + " = " + toml_string(digest);
        first = false;
      }
      put("published", "arm_protocols", t + " }");
    }
    put("published", "differences", strings_text(p.differences));
    put("published", "changed_arms", strings_text(p.changed_arms));
    for (const auto& [arm, values] : p.arms)
      for (const auto& [metric, v] : values) put("published.arms." + arm, metric, toml_number(v));
    std::size_t i = 0;
    for (const auto& [pair, values] : p.p_values) {
      std::string t = "{ ";
      bool first = true;
      for (const auto& [metric, v] : values) {
        t += (first ? "" : ", ") + metric + " = " + toml_number(v);
        first = false;
      }
      const std::string sec = fmt::format("published.comparisons#{}", i++);
      put(sec, "arm", toml_string(pair.first));
      put(sec, "reference", toml_string(pair.second));
      put(sec, "p", t + " }");
    }
  }
  for (const StudyOption& o : options) {
    const std::string sec = "options." + o.name;
    if (!o.key.empty()) put(sec, "key", toml_string(o.key));
    if (!o.help.empty()) put(sec, "help", toml_string(o.help));
    put(sec, "type", toml_string(o.type));
    if (o.type == "flag" && o.choices.empty()) put(sec, "value", o.value);
    if (o.type == "flag" && !o.choices.empty()) {
      std::string t = "{ ";
      for (std::size_t j = 0; j < o.choices[0].sets.size(); ++j)
        t += (j ? ", " : "") + toml_string(o.choices[0].sets[j].first) + " = " +
             o.choices[0].sets[j].second;
      put(sec, "sets", t + " }");
    } else if (!o.choices.empty()) {
      std::string t = "{ ";
      for (std::size_t i = 0; i < o.choices.size(); ++i) {
        std::string sets = "{ ";
        for (std::size_t j = 0; j < o.choices[i].sets.size(); ++j)
          sets += (j ? ", " : "") + toml_string(o.choices[i].sets[j].first) + " = " +
                  o.choices[i].sets[j].second;
        t += (i ? ", " : "") + toml_string(o.choices[i].given) + " = " + sets + " }";
      }
      put(sec, "choices", t + " }");
    }
  }
  return e;
}

std::string render_entries(const std::vector<Entry>& entries) {
  std::string out;
  std::string section = "\x01";
  for (const Entry& e : entries) {
    if (e.section != section) {
      section = e.section;
      if (section.empty()) {
      } else if (section.rfind("arms.", 0) == 0) {
        out += "\n[[arms]]\nname = " + toml_string(section.substr(5)) + "\n";
      } else if (section.rfind("published.comparisons#", 0) == 0) {
        out += "\n[[published.comparisons]]\n";
      } else {
        out += "\n[" + section + "]\n";
      }
    }
    out += e.key + " = " + e.value + "\n";
  }
  return out;
}

// The entries that define the protocol (what changes the numbers a published table reports):
// not the study's name, title, seeds, presentation, statistics or published numbers.
bool protocol_entry(const Entry& e) {
  // Where the verified MNIST files are is not part of the protocol; what they hold is (their
  // checksums are checked on every run).
  if (e.section == "data" && e.key == "dir") return false;
  if (e.section.empty()) return e.key == "select" || e.key == "loss_mode" || e.key == "pairing";
  if (e.section.rfind("arms.", 0) == 0) return e.key == "model" || e.key == "decision";
  for (const char* s : {"compare", "report", "published", "options"})
    if (e.section == s || e.section.rfind(std::string(s) + ".", 0) == 0) return false;
  return true;
}

std::map<std::string, std::string> flat_protocol(const Study& st) {
  std::map<std::string, std::string> m;
  for (const Entry& e : study_entries(st, {}))
    if (protocol_entry(e)) m[(e.section.empty() ? "" : e.section + ".") + e.key] = e.value;
  return m;
}

std::string digest(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

// The digest of the global protocol keys, and of each arm's model and decision (with its model's
// keys).
std::string global_digest(const std::map<std::string, std::string>& flat) {
  std::string text;
  for (const auto& [k, v] : flat)
    if (k.rfind("arms.", 0) != 0 && k.rfind("models.", 0) != 0) text += k + "=" + v + "\n";
  return digest(text);
}

std::string arm_digest(const Study& st, const std::map<std::string, std::string>& flat,
                       const std::string& arm) {
  const ArmSpec* a = st.arm(arm);
  if (a == nullptr) return "";
  std::string text;
  for (const auto& [k, v] : flat)
    if (k.rfind("arms." + arm + ".", 0) == 0 || k.rfind("models." + a->model + ".", 0) == 0)
      text += k.substr(k.find('.', k.find('.') + 1)) + "=" + v + "\n";
  return digest(text);
}

void compute_differences(Study& s, const Study& reference) {
  const auto ours = flat_protocol(s), theirs = flat_protocol(reference);
  s.published.protocol = global_digest(theirs);
  s.published.arm_protocols.clear();
  for (const auto& [arm, values] : reference.published.arms)
    s.published.arm_protocols[arm] = arm_digest(reference, theirs, arm);
  s.published.differences.clear();
  std::set<std::string> keys;
  for (const auto& [k, v] : ours) keys.insert(k);
  for (const auto& [k, v] : theirs) keys.insert(k);
  const auto is_ref_arm = [&](const std::string& a) { return reference.arm(a) != nullptr; };
  const auto ref_model_used = [&](const std::string& m) {
    return std::any_of(reference.arms.begin(), reference.arms.end(),
                       [&](const ArmSpec& a) { return a.model == m; });
  };
  std::set<std::string> changed;
  for (const std::string& k : keys) {
    const auto a = ours.find(k), b = theirs.find(k);
    const std::string here = a == ours.end() ? "(absent)" : a->second;
    const std::string paper = b == theirs.end() ? "(absent)" : b->second;
    if (here == paper) continue;
    const std::string diff = fmt::format("{}: paper {}, here {}", k, paper, here);
    if (k.rfind("arms.", 0) == 0) {
      const std::string arm = k.substr(5, k.find('.', 5) - 5);
      if (!is_ref_arm(arm)) continue;  // an arm the paper does not have
      changed.insert(arm);
      s.published.differences.push_back(diff);
    } else if (k.rfind("models.", 0) == 0) {
      const std::string model = k.substr(7, k.find('.', 7) - 7);
      if (!ref_model_used(model)) continue;  // a model the paper does not have
      for (const ArmSpec& arm : reference.arms)
        if (arm.model == model) changed.insert(arm.name);
      s.published.differences.push_back(diff);
    } else {
      s.published.differences.push_back(diff);
      changed.insert("*");
    }
  }
  s.published.changed_arms.assign(changed.begin(), changed.end());
}

// A printed study carries its protocol's digests instead of the reference: which published
// numbers still apply follows from comparing them with this study's own.
void check_digests(Study& s) {
  PublishedSpec& p = s.published;
  if (p.protocol.empty()) return;
  const auto flat = flat_protocol(s);
  std::set<std::string> changed;
  if (global_digest(flat) != p.protocol) changed.insert("*");
  for (const auto& [arm, d] : p.arm_protocols)
    if (arm_digest(s, flat, arm) != d) changed.insert(arm);
  const std::vector<std::string> now(changed.begin(), changed.end());
  std::vector<std::string> recorded;  // the recorded changes that the digests can see
  for (const auto& a : p.changed_arms)
    if (a == "*" || p.arm_protocols.count(a)) recorded.push_back(a);
  std::sort(recorded.begin(), recorded.end());
  if (now == recorded) return;  // the recorded differences still describe this study
  p.differences = {
      "the study's protocol keys differ from those the published numbers were "
      "produced with (compare with `rwwce run <built-in study> --print-study`)"};
  p.changed_arms = now;
}

}  // namespace

bool names_study_file(const std::string& spec) {
  return spec.find('/') != std::string::npos ||
         (spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".toml") == 0);
}

StudyTable load_study_table(const std::string& spec) {
  Loaded l = load(spec, fs::current_path(), {});
  StudyTable t;
  t.table = std::move(l.table);
  t.source = l.source;
  t.reference = std::move(l.reference);
  t.reference_source = l.reference_source;
  return t;
}

std::vector<StudyOption> study_options(const StudyTable& study) {
  return read_options(TomlAt{study.table, "", study.source});
}

std::vector<std::string> study_presets(const StudyTable& study) {
  std::vector<std::string> out;
  const TomlAt top{study.table, "", study.source};
  if (const auto own = top.string("preset")) out.push_back(*own);
  if (const auto p = top.table_at("presets"))
    for (const auto& [k, v] : p->table) out.emplace_back(k.str());
  return out;
}

void apply_preset(StudyTable& study, const std::string& name) {
  const TomlAt top{study.table, "", study.source};
  if (top.string("preset").value_or("") == name) return;
  const auto presets = top.table_at("presets");
  if (!presets || !presets->has(name)) {
    const auto known = study_presets(study);
    throw InputError(fmt::format("--preset {}: study {} has no such preset; {}", name,
                                 top.string("name").value_or(study.source),
                                 known.empty()
                                     ? std::string("it declares none")
                                     : fmt::format("it has: {}", fmt::join(known, ", "))));
  }
  const toml::table over = *presets->table_at(name)->table.as_table();
  study.table.erase("presets");
  merge_study_tables(study.table, over);
  study.table.insert_or_assign("preset", name);
}

Study resolve_study(const StudyTable& study) {
  Study s = resolve_table(study.table, study.source, true);
  if (study.reference) {
    toml::table ref = *study.reference;
    ref.erase("presets");
    const Study reference = resolve_table(ref, study.reference_source, true);
    if (s.published.present()) compute_differences(s, reference);
  } else if (s.published.present()) {
    check_digests(s);
  }
  s.resolved_toml = study_to_toml(s);
  // The canonical text keeps the options the study declares, so a printed study runs as is.
  const auto options = study_options(study);
  if (!options.empty()) s.resolved_toml = render_entries(study_entries(s, options));
  return s;
}

Study study_from_run(const harness::RunContext& context, const std::string& source) {
  if (context.study.empty()) {
    if (find_builtin_study(context.experiment) == nullptr)
      throw InputError(
          fmt::format("{}: records no study and '{}' is no built-in study; expected "
                      "a run directory written by rwwce run",
                      source, context.experiment));
    StudyTable t = load_study_table(context.experiment);
    if (!context.preset.empty()) apply_preset(t, context.preset);
    return resolve_study(t);
  }
  StudyTable t;
  t.table = parse_toml(context.study, source + " (its study)");
  t.source = source + " (its study)";
  return resolve_study(t);
}

std::string study_fingerprint(const Study& study) {
  // The study's name and the arms' descriptions are written into every record, so they count too.
  std::string out = "name = " + toml_string(study.name) +
                    "\nseed_stream = " + toml_string(study.seed_stream) + "\n";
  for (const Entry& e : study_entries(study, {}))
    if ((protocol_entry(e) && !(e.section.empty() && e.key == "select")) ||
        (e.section.rfind("arms.", 0) == 0 && e.key == "description"))
      out += (e.section.empty() ? "" : e.section + ".") + e.key + " = " + e.value + "\n";
  return out;
}

std::string study_to_toml(const Study& study) {
  return render_entries(study_entries(study, {}));
}

namespace {

// One seed written in decimal; `list_hint` adds the forms of a seed list to the message.
std::uint64_t parse_one_seed(const std::string& t, const std::string& what, bool list_hint) {
  if (t.empty() || t.size() > 20 || !std::all_of(t.begin(), t.end(), ::isdigit))
    throw InputError(fmt::format(
        "{}: '{}' is not a seed; expected {} 0..{}{}", what, t,
        list_hint ? "integers" : "a whole number", std::numeric_limits<std::uint64_t>::max(),
        list_hint ? " such as \"5\" (seeds 1-5), \"1-10\" or \"3,7,11\"" : ""));
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(t.c_str(), &end, 10);
  if (errno == ERANGE || *end != '\0')
    throw InputError(fmt::format("{}: '{}' is larger than the largest seed {}", what, t,
                                 std::numeric_limits<std::uint64_t>::max()));
  return static_cast<std::uint64_t>(v);
}

}  // namespace

std::uint64_t parse_seed(const std::string& text, const std::string& what) {
  return parse_one_seed(text, what, false);
}

std::vector<std::uint64_t> parse_seed_list(const std::string& text, const std::string& what) {
  const auto parse_u64 = [&](const std::string& t) { return parse_one_seed(t, what, true); };
  std::vector<std::uint64_t> out;
  if (text.find(',') == std::string::npos && text.find('-') == std::string::npos) {
    const std::uint64_t n = parse_u64(text);
    if (n < 1 || n > 100000)
      throw InputError(
          fmt::format("{}: a count of seeds must be 1..100000, found {}; for one "
                      "particular seed S use --seed S",
                      what, text));
    for (std::uint64_t i = 1; i <= n; ++i) out.push_back(i);
    return out;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::size_t dash = item.find('-');
    if (dash == std::string::npos) {
      out.push_back(parse_u64(item));
    } else {
      const std::uint64_t a = parse_u64(item.substr(0, dash)), b = parse_u64(item.substr(dash + 1));
      if (b < a || b - a >= 100000)
        throw InputError(
            fmt::format("{}: range '{}' must go up, over at most 100000 seeds", what, item));
      for (std::uint64_t v = a;; ++v) {
        out.push_back(v);
        if (v == b) break;
      }
    }
    start = comma + 1;
  }
  std::set<std::uint64_t> unique(out.begin(), out.end());
  if (unique.size() != out.size())
    throw InputError(fmt::format("{}: a seed is listed twice in '{}'", what, text));
  if (out.size() > 100000) throw InputError(fmt::format("{}: more than 100000 seeds", what));
  return out;
}

toml::table read_cost_file(const std::string& path, std::size_t classes) {
  const std::string text = read_text_file(path, kMaxStudyFileBytes, "cost file");
  toml::table t = parse_toml(text, path);
  const TomlAt at{t, "", path};
  at.allow_only({"w_fn", "w_fp", "decision_cost", "high_cost_above"});
  if (!at.has("decision_cost"))
    throw InputError(
        fmt::format("{}: a cost file needs decision_cost (and optionally w_fn, "
                    "w_fp), each a {}x{} array of arrays, rows the true class",
                    path, classes, classes));
  // Checked here, so errors name this file; the study checks them again with its data.
  DataSpec multiclass;
  multiclass.tasks = DataSpec::Tasks::multiclass;
  read_costs_at(TomlAt{t, "costs", path}, multiclass, classes);
  return t;
}

const char* pairing_name(Pairing p) {
  switch (p) {
    case Pairing::independent:
      return "independent";
    case Pairing::shared_order:
      return "shared-order";
    case Pairing::shared_init:
      return "shared-init";
  }
  return "independent";
}

const char* decision_kind_name(DecisionSpec::Kind k) {
  switch (k) {
    case DecisionSpec::Kind::threshold:
      return "threshold";
    case DecisionSpec::Kind::max_f1:
      return "max_f1";
    case DecisionSpec::Kind::elkan:
      return "elkan";
    case DecisionSpec::Kind::min_cost:
      return "min_cost";
    case DecisionSpec::Kind::argmax:
      return "argmax";
    case DecisionSpec::Kind::min_expected_cost:
      return "min_expected_cost";
  }
  return "threshold";
}

bool PublishedSpec::shows(const std::string& arm) const {
  if (!present()) return false;
  if (std::find(changed_arms.begin(), changed_arms.end(), "*") != changed_arms.end()) return false;
  return std::find(changed_arms.begin(), changed_arms.end(), arm) == changed_arms.end();
}

const ModelSpec& Study::model(const std::string& name) const {
  for (const auto& m : models)
    if (m.name == name) return m;
  throw InputError("study " + this->name + ": no model named '" + name + "'");
}

const ArmSpec* Study::arm(const std::string& name) const {
  for (const auto& a : arms)
    if (a.name == name) return &a;
  return nullptr;
}

bool Study::binary() const {
  return data.tasks != DataSpec::Tasks::multiclass;
}

}  // namespace rwwce::experiments
