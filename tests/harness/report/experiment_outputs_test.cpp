#include "harness/report/experiment_outputs.hpp"

#include <gtest/gtest.h>

#include "tests/cli_support.hpp"

namespace rwwce::harness {
namespace {

ExperimentResult fixed_result() {
  ExperimentResult r;
  r.context.experiment = "demo";
  r.context.preset = "paper";
  r.context.root_seed = 7;
  r.context.settings = {{"epochs", "1"}};
  Record a, b;
  a.set("dataset", std::string("d0")).set("arm", std::string("x")).set("fn", std::int64_t{3});
  a.set_optional("precision", std::nullopt);
  b.set("dataset", std::string("d0")).set("arm", std::string("y")).set("fn", std::int64_t{1});
  b.set("precision", 0.5);
  r.tables["runs"] = {a, b};
  r.spec.arms = {"x", "y"};
  r.spec.metrics = {"fn"};
  r.spec.comparisons = {{"x", "y"}};
  r.summary = summarize(r.tables["runs"], r.spec);
  r.table.name = "demo";
  r.table.title = "Demo";
  r.table.columns = {{"fn", "FN", CellFormat::count1}};
  r.table.rows = {{"x", "X", {2.5}}, {"y", "Y", {std::nullopt}}};
  return r;
}

TEST(ExperimentOutputs, RecordsJsonExactOutput) {
  // Undefined -> null; integers stay integers; field order kept.
  EXPECT_EQ(records_json(fixed_result().tables["runs"]).dump(),
            R"([{"dataset":"d0","arm":"x","fn":3,"precision":null},)"
            R"({"dataset":"d0","arm":"y","fn":1,"precision":0.5}])");
}

TEST(ExperimentOutputs, ResultsJsonOpensWithContext) {
  const auto j = results_json(fixed_result());
  auto it = j.begin();
  EXPECT_EQ(it.key(), "context");
  EXPECT_EQ(j["context"]["experiment"], "demo");
  EXPECT_EQ(j["context"]["root_seed"], 7);
  EXPECT_EQ(j["context"]["settings"]["epochs"], "1");
  EXPECT_TRUE(j["context"].contains("git_commit"));
  EXPECT_TRUE(j["context"]["libraries"].contains("openblas"));
  EXPECT_EQ(j["paper"][0]["fn"], 2.5);
  EXPECT_EQ(j["runs"].size(), 2u);
  // Summary rows: 2 means, then 1 comparison (one pair: mean difference only, p undefined);
  // the seed-level kinds follow.
  ASSERT_GE(j["summary"].size(), 3u);
  EXPECT_EQ(j["summary"][0]["kind"], "mean");
  EXPECT_EQ(j["summary"][1]["kind"], "mean");
  EXPECT_EQ(j["summary"][2]["kind"], "comparison");
  EXPECT_EQ(j["summary"][2]["mean_diff"], 2.0);
  EXPECT_TRUE(j["summary"][2]["p"].is_null());
  for (std::size_t i = 3; i < j["summary"].size(); ++i) EXPECT_NE(j["summary"][i]["kind"], "mean");
}

TEST(ExperimentOutputs, WritesEveryFile) {
  testing::ScratchDir dir("outputs");
  const auto written = write_experiment_outputs(dir.path() / "run", fixed_result());
  EXPECT_EQ(written.size(), 5u);
  EXPECT_EQ(testing::slurp(dir.path() / "run" / "runs.csv"),
            "dataset,arm,fn,precision\nd0,x,3,\nd0,y,1,0.5\n");
  for (const char* f : {"summary.csv", "results.json", "demo.md", "demo.tex"})
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "run" / f)) << f;
}

}  // namespace
}  // namespace rwwce::harness
