// Studies as data, end to end through the binary: the example studies run as they are; the idx
// and csv sources give the built-in studies' numbers; options that would do nothing are
// refused; every study works with merge, report and compare; the printed study runs as is.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "datasets/mnist.hpp"
#include "harness/report/csv_reporter.hpp"
#include "tests/cli_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

const std::string kExamples = std::string(RWWCE_SOURCE_DIR) + "/experiments/studies/examples/";

std::vector<harness::Record> runs_of(const fs::path& dir) {
  return harness::parse_csv(slurp(dir / "runs.csv"), (dir / "runs.csv").string());
}

// Every field of two runs.csv files equal, row for row, except those in `skip`.
void expect_same_runs(const std::vector<harness::Record>& a, const std::vector<harness::Record>& b,
                      const std::vector<std::string>& skip) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].fields.size(), b[i].fields.size()) << "row " << i;
    for (std::size_t f = 0; f < a[i].fields.size(); ++f) {
      const auto& [name, value] = a[i].fields[f];
      EXPECT_EQ(name, b[i].fields[f].first);
      if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
      EXPECT_EQ(harness::format_value(value), harness::format_value(b[i].fields[f].second))
          << "row " << i << " field " << name;
    }
  }
}

TEST(StudyCli, StudiesListsTheBuiltInOnes) {
  const auto r = run_rwwce("studies");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"table1", "table2", "wdbc"}) EXPECT_NE(r.out.find(s), std::string::npos);
}

TEST(StudyCli, HeuristicsExampleComparesEveryNewArmWithRwwceOnTableOnesRuns) {
  ScratchDir dir("heuristics");
  const std::string common = " --datasets d0b0,d8b4 --epochs 1 --quiet --threads 2 --out ";
  const auto h = run_rwwce("run '" + kExamples + "table1-heuristics.toml'" + common + (dir / "h"));
  ASSERT_EQ(h.exit_code, 0) << h.err;
  const auto t = run_rwwce("run table1" + common + (dir / "t"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const auto hr = runs_of(dir.path() / "h"), tr = runs_of(dir.path() / "t");
  ASSERT_EQ(hr.size(), 2u * 9u);  // 2 datasets x (5 Table I arms + 4 heuristics)
  // The base study's arms train exactly as in Table I (its seeds are kept).
  for (std::size_t d = 0; d < 2; ++d)
    for (std::size_t a = 0; a < 5; ++a)
      for (const char* f : {"arm", "seed", "tp", "fp", "fn", "tn", "rwc", "auc"})
        EXPECT_EQ(harness::format_value(*hr[d * 9 + a].find(f)),
                  harness::format_value(*tr[d * 5 + a].find(f)))
            << d << " " << a << " " << f;
  // Oversampling replicates the fit split's positives 20 times; undersampling keeps 5% of the
  // negatives and every positive.
  const auto& base = hr[0];
  const auto& over = hr[7];
  const auto& under = hr[8];
  ASSERT_EQ(over.text("arm"), "oversample20");
  ASSERT_EQ(under.text("arm"), "undersample5pct");
  EXPECT_GT(*over.number("n_fit"), *base.number("n_fit"));
  EXPECT_LT(*under.number("n_fit"), *base.number("n_fit") / 10);
  const std::string summary = slurp(dir.path() / "h/summary.csv");
  for (const char* arm : {"wbce20", "focal", "oversample20", "undersample5pct"})
    EXPECT_NE(summary.find(std::string("comparison,") + arm + ",rwwce,rwc,"), std::string::npos)
        << arm;
}

TEST(StudyCli, OwnCsvExampleRunsAsIs) {
  ScratchDir dir("own-csv");
  const auto r = run_rwwce("run '" + kExamples + "own-csv.toml' --quiet --out " + (dir / "o"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = runs_of(dir.path() / "o");
  ASSERT_EQ(runs.size(), 5u * 3u);  // 5 root seeds x 3 arms
  EXPECT_EQ(runs[0].text("dataset"), "own-csv");
  EXPECT_EQ(runs.back().text("root_seed"), "5");
  EXPECT_EQ(*runs[0].number("n_test"), 300.0);                   // ceil(0.25 * 1200)
  EXPECT_NEAR(*runs[1].number("threshold"), 1.0 / 51.0, 1e-15);  // Elkan at w_fn 50, w_fp 1
  const std::string summary = slurp(dir.path() / "o/summary.csv");
  EXPECT_NE(summary.find("comparison,plain_elkan,rwwce,rwc,"), std::string::npos);
  EXPECT_EQ(r.out.find("(paper)"), std::string::npos) << r.out;
}

TEST(StudyCli, IdxSourceOnTheMnistFilesGivesTableOnesNumbers) {
  ScratchDir dir("idx");
  const std::string data = datasets::default_data_dir();
  {
    std::ofstream(dir / "idx.toml")
        << "extends = \"table1\"\nname = \"table1-idx\"\n[data]\n"
           "source = \"idx\"\nimages = [\""
        << data << "/train-images-idx3-ubyte\", \"" << data
        << "/t10k-images-idx3-ubyte\"]\nlabels = [\"" << data << "/train-labels-idx1-ubyte\", \""
        << data << "/t10k-labels-idx1-ubyte\"]\n";
  }
  const std::string common = " --datasets d0b0,d5b3,d9b9 --epochs 1 --quiet --out ";
  const auto i = run_rwwce("run '" + (dir / "idx.toml") + "'" + common + (dir / "i"));
  ASSERT_EQ(i.exit_code, 0) << i.err;
  const auto t = run_rwwce("run table1" + common + (dir / "t"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  expect_same_runs(runs_of(dir.path() / "i"), runs_of(dir.path() / "t"), {"experiment"});
}

TEST(StudyCli, CsvSourceOnTheWdbcDataGivesTheAwsStudysNumbers) {
  ScratchDir dir("csv-wdbc");
  {
    // The vendored file as a plain CSV: a header naming the columns, malignant = 1.
    std::ifstream in(std::string(RWWCE_SOURCE_DIR) + "/datasets/vendor/wdbc/breast_cancer.csv");
    std::ofstream out(dir / "wdbc.csv");
    std::string line;
    std::getline(in, line);  // 569,30,malignant,benign
    for (int j = 0; j < 30; ++j) out << "f" << j << ",";
    out << "malignant\n";
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto comma = line.rfind(',');
      out << line.substr(0, comma + 1) << (line.substr(comma + 1) == "0" ? "1" : "0") << "\n";
    }
  }
  {
    std::ofstream(dir / "csv.toml") << "extends = \"wdbc\"\nname = \"wdbc-csv\"\n[data]\n"
                                       "source = \"csv\"\npath = \"wdbc.csv\"\n"
                                       "label = \"malignant\"\nstandardize = true\n";
  }
  const std::string common = " --repeats 3 --epochs 5 --no-plots --quiet --out ";
  const auto c = run_rwwce("run '" + (dir / "csv.toml") + "'" + common + (dir / "c"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const auto w = run_rwwce("run wdbc" + common + (dir / "w"));
  ASSERT_EQ(w.exit_code, 0) << w.err;
  expect_same_runs(runs_of(dir.path() / "c"), runs_of(dir.path() / "w"), {"experiment"});
}

TEST(StudyCli, OptionsThatWouldDoNothingAreRefused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run table2 --preset sound", "has no such preset; it has: paper"},
      {"run wdbc --preset sound", "has no such preset; it has: paper"},
      {"run wdbc --data-dir /nonexistent", "--data-dir has no effect on study wdbc"},
      {"run table2 --w-fn 5", "--w-fn has no effect on study table2"},
      {"run wdbc --w-fn 5", "its costs are a payoff; use --payoff"},
      {"run table1 --payoff tp=1,fp=-1,tn=0,fn=0", "use --w-fn and --w-fp"},
      {"run table2 --datasets 3", "use --pairs"},
      {"run table1 --pairs 3", "--pairs has no effect on study table1"},
      {"run table1 --cost-file /dev/null", "--cost-file has no effect on study table1"},
      {"run table2 --plots", "plots are drawn for binary tasks"},
      {"run table1 --no-plots", "it draws no plots by default"},
      {"run table1 --repeats 3", "repeats"},
      {"run table1 --seed 2 --seeds 3", "give one"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_rwwce(args + " --quiet --out /tmp/rwwce-never-written");
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
  }
  EXPECT_FALSE(fs::exists("/tmp/rwwce-never-written"));
}

TEST(StudyCli, ChangedCostsDropThePaperColumnAndTheTableSaysWhatRan) {
  ScratchDir dir("w-fn");
  const auto r =
      run_rwwce("run table1 --w-fn 5000 --datasets 3 --epochs 1 --quiet --out " + (dir / "o"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = slurp(dir.path() / "o/table1.md");
  EXPECT_NE(md.find("on 3 imbalanced one-vs-rest MNIST datasets"), std::string::npos) << md;
  EXPECT_NE(md.find("RWC = (5000 FN + 100 FP) / n_test"), std::string::npos) << md;
  EXPECT_NE(md.find("costs.w_fn: paper 2000.0, here 5000.0"), std::string::npos) << md;
  EXPECT_EQ(md.find("(45.4)"), std::string::npos) << md;  // no paper numbers
  EXPECT_EQ(md.find("100 imbalanced"), std::string::npos) << md;
}

TEST(StudyCli, ThePrintedStudyRunsAsIsAndGivesTheSameRuns) {
  ScratchDir dir("printed");
  const std::string opts = " --datasets d2b2 --epochs 1 --w-fn 3000";
  const auto p = run_rwwce("run table1" + opts + " --print-study");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  { std::ofstream(dir / "p.toml") << p.out; }
  const auto a = run_rwwce("run '" + (dir / "p.toml") + "' --quiet --out " + (dir / "a"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = run_rwwce("run table1" + opts + " --quiet --out " + (dir / "b"));
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(slurp(dir.path() / "a/runs.csv"), slurp(dir.path() / "b/runs.csv"));
  EXPECT_EQ(slurp(dir.path() / "a/table1.md"), slurp(dir.path() / "b/table1.md"));
  // study.toml in a run directory is that printed study.
  EXPECT_NE(slurp(dir.path() / "b/study.toml").find(p.out.substr(p.out.find('\n') + 1)),
            std::string::npos);
}

TEST(StudyCli, AwsStudyRunsMergeReportAndCompareLikeTheTables) {
  ScratchDir dir("wdbc-ops");
  const std::string common = "run wdbc --repeats 3 --epochs 2 --no-plots --quiet --threads 1 ";
  const auto whole = run_rwwce(common + "--out " + (dir / "whole"));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  for (const char* k : {"0", "1"}) {
    const auto s =
        run_rwwce(common + "--shard " + k + "/2 --out " + (dir / ("s" + std::string(k))));
    ASSERT_EQ(s.exit_code, 0) << s.err;
  }
  const auto m =
      run_rwwce("merge " + (dir / "s0") + " " + (dir / "s1") + " --quiet --out " + (dir / "m"));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(slurp(dir.path() / "m/runs.csv"), slurp(dir.path() / "whole/runs.csv"));
  EXPECT_EQ(slurp(dir.path() / "m/summary.csv"), slurp(dir.path() / "whole/summary.csv"));
  for (const char* format : {"md", "tex", "csv", "json"}) {
    const auto rep = run_rwwce("report " + (dir / "m") + " --format " + format);
    EXPECT_EQ(rep.exit_code, 0) << format << rep.err;
  }
  const auto md = run_rwwce("report " + (dir / "whole") + " --format md");
  EXPECT_EQ(md.out, slurp(dir.path() / "whole/wdbc.md"));
  const auto cmp = run_rwwce("compare " + (dir / "whole") + " " + (dir / "m"));
  EXPECT_EQ(cmp.exit_code, 0) << cmp.out << cmp.err;
}

TEST(StudyCli, SaveScoresWritesEveryTestExamplesScorePerModel) {
  ScratchDir dir("scores");
  const auto r = run_rwwce(
      "run wdbc --repeats 2 --epochs 1 --no-plots --save-scores --quiet --out " + (dir / "o"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto scores = harness::parse_csv(slurp(dir.path() / "o/scores.csv"), "scores.csv");
  EXPECT_EQ(scores.size(), 2u * 4u * 143u);  // seeds x models x test rows
  const auto& s = scores.front();
  for (const char* f : {"dataset", "root_seed", "model", "row", "label", "score"})
    EXPECT_NE(s.find(f), nullptr) << f;
}

}  // namespace
}  // namespace rwwce
