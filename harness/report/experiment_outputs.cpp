#include "harness/report/experiment_outputs.hpp"

#include "harness/report/csv_reporter.hpp"
#include "harness/report/latex_table.hpp"
#include "harness/run/atomic_file.hpp"

namespace rwwce::harness {

nlohmann::ordered_json records_json(const std::vector<Record>& records) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& r : records) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (const auto& field : r.fields) {
      // A plain reference, not a structured binding: C++17 lambdas cannot capture bindings
      // (GCC allows it, clang does not).
      const std::string& name = field.first;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Undefined>)
              obj[name] = nullptr;
            else
              obj[name] = v;
          },
          field.second);
    }
    arr.push_back(std::move(obj));
  }
  return arr;
}

std::vector<Record> all_summary_records(const ExperimentResult& result) {
  std::vector<Record> out = summary_records(result.summary);
  out.insert(out.end(), result.summary_extra.begin(), result.summary_extra.end());
  return out;
}

nlohmann::ordered_json results_json(const ExperimentResult& result) {
  nlohmann::ordered_json j;
  j["context"] = context_json(result.context);
  j["summary"] = records_json(all_summary_records(result));
  nlohmann::ordered_json paper = nlohmann::ordered_json::array();
  for (const auto& row : result.table.rows) {
    nlohmann::ordered_json r;
    r["arm"] = row.arm;
    for (std::size_t i = 0; i < result.table.columns.size(); ++i)
      if (row.published[i]) r[result.table.columns[i].metric] = *row.published[i];
    paper.push_back(r);
  }
  for (const auto& cmp : result.table.comparisons) {
    nlohmann::ordered_json r;
    r["arm"] = cmp.arm;
    r["reference"] = cmp.reference;
    for (std::size_t i = 0; i < result.table.columns.size(); ++i)
      if (cmp.published_p[i]) r["p_" + result.table.columns[i].metric] = *cmp.published_p[i];
    paper.push_back(r);
  }
  j["paper"] = paper;
  for (const auto& [name, records] : result.tables) j[name] = records_json(records);
  return j;
}

std::vector<std::filesystem::path> write_experiment_outputs(const std::filesystem::path& dir,
                                                            const ExperimentResult& result) {
  std::vector<std::filesystem::path> written;
  auto put = [&](const std::string& file, const std::string& content) {
    write_file_atomically(dir / file, content);
    written.push_back(dir / file);
  };
  for (const auto& [name, records] : result.tables) put(name + ".csv", to_csv(records));
  put("summary.csv", to_csv(all_summary_records(result)));
  put("results.json", results_json(result).dump(2) + "\n");
  put(result.table.name + ".md",
      result.markdown.empty() ? render_markdown(result.table, result.summary) : result.markdown);
  put(result.table.name + ".tex",
      result.latex.empty() ? render_latex(result.table, result.summary) : result.latex);
  return written;
}

}  // namespace rwwce::harness
