// Study files (experiments/study_file.hpp): the built-in studies, extends, presets, the printed
// study, and every kind of bad study file getting an error that says what is wrong.
#include "experiments/study_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/input_error.hpp"
#include "experiments/builtin_studies.hpp"
#include "tests/cli_support.hpp"

namespace rwwce::experiments {
namespace {

using rwwce::testing::ScratchDir;

Study resolved(const std::string& spec) {
  return resolve_study(load_study_table(spec));
}

// The error a study text gets, or "(no error)".
std::string error_of(const std::string& text, const std::string& extra_file = {},
                     const std::string& extra_text = {}) {
  ScratchDir dir("study");
  { std::ofstream(dir / "s.toml") << text; }
  if (!extra_file.empty()) std::ofstream(dir / extra_file) << extra_text;
  try {
    resolved(dir / "s.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// A small valid study to break one key at a time.
const std::string kValid = R"(
name = "small"
[data]
source = "wdbc"
standardize = true
[split]
validation = 0.1
[costs]
w_fn = 5
w_fp = 1
[models.m]
loss = { kind = "bce" }
optimizer = { kind = "sgd", lr = 0.01 }
epochs = 2
[[arms]]
name = "a"
model = "m"
decision = { kind = "threshold", value = 0.5 }
[[arms]]
name = "b"
model = "m"
decision = { kind = "min_cost" }
[compare]
reference = "a"
)";

std::string with(const std::string& from, const std::string& to) {
  std::string t = kValid;
  const auto at = t.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return t.replace(at, from.size(), to);
}

TEST(StudyFile, BuiltInStudiesResolveWithTheirPaperProtocol) {
  ASSERT_EQ(builtin_studies().size(), 3u);
  const Study t1 = resolved("table1");
  EXPECT_EQ(t1.arms.size(), 5u);
  EXPECT_EQ(t1.models.size(), 2u);
  EXPECT_EQ(t1.models[0].name, "control");  // in order of first use: trained side by side
  EXPECT_EQ(t1.pairing, Pairing::shared_order);
  EXPECT_EQ(t1.data.block, 630u);
  EXPECT_TRUE(t1.published.present());
  EXPECT_TRUE(t1.published.differences.empty());
  EXPECT_TRUE(t1.published.shows("control1"));
  const Study t2 = resolved("table2");
  EXPECT_EQ(t2.costs.kind, CostSpec::Kind::pairs);
  EXPECT_EQ(t2.costs.pairs.size(), 90u);
  const Study w = resolved("wdbc");
  EXPECT_EQ(w.seeds.size(), 30u);
  EXPECT_EQ(w.split.validation, 0.0);  // the blog fits on all 426 training rows
  EXPECT_EQ(*w.model("builtin_tuned").validation, 0.1);
}

TEST(StudyFile, ThePrintedStudyResolvesToItself) {
  for (const char* name : {"table1", "table2", "wdbc"}) {
    const Study s = resolved(name);
    ScratchDir dir("printed");
    { std::ofstream(dir / "p.toml") << s.resolved_toml; }
    const Study again = resolved(dir / "p.toml");
    EXPECT_EQ(again.resolved_toml, s.resolved_toml) << name;
    EXPECT_EQ(study_fingerprint(again), study_fingerprint(s)) << name;
    // The printed study carries the protocol's digests: its published numbers still apply.
    EXPECT_TRUE(again.published.differences.empty()) << name;
  }
}

TEST(StudyFile, PresetsChangeTheArmsTheyNameAndDropThoseArmsPublishedNumbers) {
  StudyTable t = load_study_table("table1");
  apply_preset(t, "sound");
  const Study s = resolve_study(t);
  EXPECT_FALSE(s.arm("control2")->decision.on_test);
  EXPECT_EQ(s.arm("control2")->description, "max F1 on validation");
  EXPECT_EQ(s.published.changed_arms, std::vector<std::string>{"control2"});
  EXPECT_TRUE(s.published.shows("control1"));
  EXPECT_FALSE(s.published.shows("control2"));
  StudyTable t2 = load_study_table("table2");
  try {
    apply_preset(t2, "sound");
    ADD_FAILURE() << "table2 has no sound preset";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("has no such preset; it has: paper"), std::string::npos)
        << e.what();
  }
}

TEST(StudyFile, ExtendsAddsArmsKeepsTheBaseSeedsAndItsPublishedNumbers) {
  ScratchDir dir("extends");
  {
    std::ofstream(dir / "x.toml") << R"(
extends = "table1"
name = "mine"
[models.w]
loss = { kind = "weighted_bce", pos_weight = 20 }
[[arms]]
name = "w20"
model = "w"
decision = { kind = "threshold", value = 0.5 }
[[arms]]
name = "control1"
label = "Control 1 renamed"
)";
  }
  const Study s = resolved(dir / "x.toml");
  EXPECT_EQ(s.name, "mine");
  EXPECT_EQ(s.seed_stream, "table1");  // the base's models train exactly as in the base
  EXPECT_EQ(s.arms.size(), 6u);
  EXPECT_EQ(s.arms[0].label, "Control 1 renamed");  // merged into the arm of that name
  EXPECT_EQ(s.arms[5].name, "w20");
  EXPECT_TRUE(s.published.differences.empty());  // new arms do not change the paper's
  EXPECT_TRUE(s.published.shows("rwwce"));
}

TEST(StudyFile, PrintedSeedsReadBackAsTheSameSeeds) {
  for (const std::string seeds : {"1", "4", "\"5-5\"", "\"3,7,11\"", "\"2-4\"", "[9]"}) {
    ScratchDir dir("seeds");
    {
      std::ofstream(dir / "s.toml")
          << "extends = \"wdbc\"\nname = \"w\"\nseeds = " << seeds << "\n";
    }
    const Study s = resolved(dir / "s.toml");
    { std::ofstream(dir / "p.toml") << s.resolved_toml; }
    EXPECT_EQ(resolved(dir / "p.toml").seeds, s.seeds) << seeds;
  }
}

TEST(StudyFile, SeedListsAreParsedExactly) {
  EXPECT_EQ(parse_seed_list("3", "x"), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(parse_seed_list("3,7,11", "x"), (std::vector<std::uint64_t>{3, 7, 11}));
  EXPECT_EQ(parse_seed_list("4-6", "x"), (std::vector<std::uint64_t>{4, 5, 6}));
  EXPECT_EQ(parse_seed_list("18446744073709551615-18446744073709551615", "x"),
            (std::vector<std::uint64_t>{18446744073709551615ULL}));
  for (const char* bad : {"0", "-1", "18446744073709551616-18446744073709551616", "1e3", "5-2",
                          "1,1", "", "a", "1,,2"})
    EXPECT_THROW(parse_seed_list(bad, "x"), InputError) << bad;
}

TEST(StudyFile, BadStudyFilesSayWhatIsWrong) {
  EXPECT_EQ(error_of(kValid), "(no error)");
  const auto expect = [](const std::string& err, const std::string& part) {
    EXPECT_NE(err.find(part), std::string::npos) << err;
  };
  // Unknown keys, listing the valid ones.
  expect(error_of(with("name = \"small\"", "name = \"small\"\nepoch = 3")),
         "unknown key 'epoch'; valid keys at the top: name, title");
  expect(error_of(with("epochs = 2", "epochs = 2\nepohcs = 3")),
         "unknown key 'epohcs'; valid keys in [models.m]: layers, loss");
  // Unknown loss, sampling and decision kinds.
  expect(error_of(with("kind = \"bce\"", "kind = \"hinge\"")), "unknown loss kind 'hinge'");
  expect(error_of(with("epochs = 2", "epochs = 2\nsampling = { kind = \"smote\" }")),
         "unknown value 'smote'; expected one of: none, oversample, undersample");
  expect(error_of(with("kind = \"min_cost\"", "kind = \"cheapest\"")),
         "unknown value 'cheapest'; expected one of: threshold, max_f1");
  // A decision that needs validation rows when the split has none.
  expect(error_of(with("validation = 0.1", "validation = 0")),
         "arm b tunes its decision on validation rows, but model m has none");
  // Costs missing for a loss or a decision that needs them.
  expect(error_of(with("w_fn = 5\nw_fp = 1", "").append("\n")),
         "decision min_cost needs the study's error costs");
  // extends naming an unknown study, or itself.
  expect(error_of("extends = \"table9\"\n"), "unknown study 'table9'");
  expect(error_of("extends = \"s.toml\"\nname = \"x\"\n"), "a study cannot extend itself");
  // A model nobody uses, an arm naming no model.
  expect(error_of(kValid + "[models.unused]\nloss = { kind = \"bce\" }\n"),
         "model unused is declared but no arm uses it");
  expect(error_of(with("model = \"m\"\ndecision = { kind = \"min_cost\" }",
                       "model = \"n\"\ndecision = { kind = \"min_cost\" }")),
         "no model named 'n'");
  // Values out of range, and syntax errors with their line.
  expect(error_of(with("epochs = 2", "epochs = 0")), "expected a whole number from 1 to 100000");
  expect(error_of(with("value = 0.5", "value = 1.5")), "a number in [0, 1]");
  expect(error_of("name = \"x\"\n[data\n"), "not valid TOML");
  // A multiclass decision on a binary task.
  expect(error_of(with("kind = \"min_cost\"", "kind = \"argmax\"")),
         "decision argmax is for multiclass tasks");
}

TEST(StudyFile, CsvDataProblemsNameTheLineAndColumn) {
  const std::string csv_study = R"(
name = "c"
[data]
source = "csv"
path = "d.csv"
label = "y"
[split]
validation = 0
[models.m]
loss = { kind = "bce" }
[[arms]]
name = "a"
model = "m"
decision = { kind = "threshold", value = 0.5 }
)";
  ScratchDir dir("csv");
  const auto run = [&](const std::string& csv) {
    std::ofstream(dir / "s.toml") << csv_study;
    std::ofstream(dir / "d.csv") << csv;
    return rwwce::testing::run_rwwce("run '" + (dir / "s.toml") + "' --quiet --out '" +
                                     (dir / "out") + "'");
  };
  const auto missing = run("a,b\n1,0\n");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(
      missing.err.find("no column named 'y' (the study's data.label); the header names: a, b"),
      std::string::npos)
      << missing.err;
  const auto cell = run("a,y\n1,0\nx2,1\n");
  EXPECT_EQ(cell.exit_code, 2);
  EXPECT_NE(cell.err.find("line 3, column 1 ('a'): expected a finite number, found 'x2'"),
            std::string::npos)
      << cell.err;
  const auto labels = run("a,y\n1,0\n2,1\n3,2\n");
  EXPECT_EQ(labels.exit_code, 2);
  EXPECT_NE(labels.err.find("a binary task needs labels 0/1, found labels up to 2"),
            std::string::npos)
      << labels.err;
}

}  // namespace
}  // namespace rwwce::experiments
