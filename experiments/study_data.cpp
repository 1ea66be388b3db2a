#include "experiments/study_data.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "datasets/csv_data.hpp"
#include "datasets/data_files.hpp"
#include "datasets/idx_data.hpp"
#include "datasets/mnist.hpp"
#include "datasets/wdbc.hpp"
#include "models/train.hpp"

namespace rwwce::experiments {

datasets::LabelledData load_study_data(const Study& s, bool trust) {
  const DataSpec& d = s.data;
  datasets::LabelledData data;
  switch (d.source) {
    case DataSpec::Source::mnist: {
      const std::string dir = d.dir.empty() ? datasets::default_data_dir() : d.dir;
      data = datasets::load_mnist(dir, trust);
      break;
    }
    case DataSpec::Source::idx:
      data = datasets::read_idx_data(d.images, d.labels, d.scale, models::kSparseDensityThreshold);
      break;
    case DataSpec::Source::csv:
      data = datasets::read_csv_data(d.path, d.label);
      data.csr = {};
      datasets::attach_sparse_copy(data, models::kSparseDensityThreshold);
      break;
    case DataSpec::Source::wdbc: {
      datasets::Wdbc w = datasets::load_wdbc();
      data.x = std::move(w.x);
      data.y = std::move(w.y);
      data.num_classes = 2;
      data.files.emplace_back(datasets::default_wdbc_path(), datasets::kWdbcSha256);
      break;
    }
  }
  data.name = d.name;
  const std::string what = fmt::format("study {}: data {}", s.name, d.name);
  if (data.size() == 0) throw InputError(what + ": no examples");
  const auto counts = datasets::label_counts(data);
  std::size_t present = 0;
  for (auto c : counts) present += c > 0;
  switch (d.tasks) {
    case DataSpec::Tasks::binary:
      if (data.num_classes > 2)
        throw InputError(fmt::format(
            "{}: a binary task needs labels 0/1, found labels up to {}; use tasks = {{ kind = "
            "\"one_vs_rest\" }} or \"multiclass\"",
            what, data.num_classes - 1));
      if (present < 2)
        throw InputError(
            fmt::format("{}: a binary task needs both labels 0 and 1; all {} "
                        "examples are {}",
                        what, data.size(), data.y.front()));
      data.num_classes = 2;
      break;
    case DataSpec::Tasks::one_vs_rest:
      if (present < 2)
        throw InputError(fmt::format("{}: a one-vs-rest task needs at least two classes", what));
      for (int c : d.positive)
        if (c >= data.num_classes || counts[static_cast<std::size_t>(c)] == 0)
          throw InputError(fmt::format("{}: positive class {} has no examples", what, c));
      break;
    case DataSpec::Tasks::multiclass: {
      if (present < 2)
        throw InputError(fmt::format("{}: a multiclass task needs at least two classes", what));
      const std::size_t k = s.costs.classes > 0 ? s.costs.classes : d.classes;
      if (k > 0 && static_cast<std::size_t>(data.num_classes) > k)
        throw InputError(fmt::format("{}: labels go up to {} but the study's costs are {}x{}", what,
                                     data.num_classes - 1, k, k));
      if (k > 0) data.num_classes = static_cast<int>(k);
      break;
    }
  }
  return data;
}

}  // namespace rwwce::experiments
