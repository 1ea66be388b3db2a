// End to end through the CLI on real MNIST: two Table II pairs with 1 epoch.
#include <gtest/gtest.h>

#include <fstream>

#include "harness/report/csv_reporter.hpp"
#include "tests/cli_support.hpp"

namespace rwwce {
namespace {
using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

TEST(Table2Cli, TwoPairsAreCompleteAndIndependentOfThreadCount) {
  ScratchDir dir("table2");
  const std::string common = "run table2 --pairs 1-2,9-4 --epochs 1 --quiet --out ";
  const auto one = run_rwwce(common + (dir / "t1") + " --threads 1");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = run_rwwce(common + (dir / "t2") + " --threads 2");
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(slurp(dir / "t1/runs.csv"), slurp(dir / "t2/runs.csv"));
  EXPECT_EQ(slurp(dir / "t1/summary.csv"), slurp(dir / "t2/summary.csv"));
  EXPECT_EQ(slurp(dir / "t1/confusion.csv"), slurp(dir / "t2/confusion.csv"));

  const std::string text = slurp(dir / "t1/runs.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "experiment,dataset,pair_true,pair_pred,root_seed,arm,model,seed,decision,high_cost,"
            "errors,top1_error,rwc,n_test,n_fit,n_val,split_seed,degenerate,dead_units");
  const auto runs = harness::parse_csv(text, "runs.csv");
  ASSERT_EQ(runs.size(), 2u * 3u);  // 2 pairs x {control, control_mincost, rwwce}
  EXPECT_EQ(runs[0].text("dataset"), "1-2");
  EXPECT_EQ(runs[3].text("dataset"), "9-4");
  EXPECT_EQ(*runs[3].number("pair_true"), 9.0);
  EXPECT_EQ(*runs[3].number("pair_pred"), 4.0);

  // confusion.csv (long form) agrees with runs.csv: errors, the high-cost cell, RWC =
  // (off-diagonal errors + 19 x C[i][j]) / n_test, n_test = 17500
  // (docs/protocol.md, section 'Table II').
  const auto confusion = harness::parse_csv(slurp(dir / "t1/confusion.csv"), "confusion.csv");
  ASSERT_EQ(confusion.size(), 2u * 3u * 100u);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    double total = 0, errors = 0, high = 0;
    for (std::size_t c = r * 100; c < (r + 1) * 100; ++c) {
      const auto& cell = confusion[c];
      ASSERT_EQ(cell.text("arm"), runs[r].text("arm"));
      const double count = *cell.number("count");
      total += count;
      if (*cell.number("true") != *cell.number("predicted")) errors += count;
      if (*cell.number("true") == *runs[r].number("pair_true") &&
          *cell.number("predicted") == *runs[r].number("pair_pred"))
        high = count;
    }
    EXPECT_EQ(total, 17500.0);
    EXPECT_EQ(*runs[r].number("n_test"), 17500.0);
    EXPECT_EQ(*runs[r].number("errors"), errors);
    EXPECT_EQ(*runs[r].number("high_cost"), high);
    EXPECT_NEAR(*runs[r].number("rwc"), (errors + 19 * high) / 17500.0, 1e-15);
  }
  // The minimum-expected-cost decision never makes more high-cost mistakes than argmax on
  // the same model: it only moves predictions away from the costly cell.
  EXPECT_LE(*runs[1].number("high_cost"), *runs[0].number("high_cost"));
}

TEST(Table2Cli, CostFileIsCheckedAndUsed) {
  ScratchDir dir("table2-costs");
  auto matrix = [](double diag, double off, int hi, int hj, double high) {
    std::string m = "[";
    for (int i = 0; i < 10; ++i) {
      m += i ? ", [" : "[";
      for (int j = 0; j < 10; ++j)
        m += (j ? ", " : "") + std::to_string(i == j ? diag : (i == hi && j == hj ? high : off));
      m += "]";
    }
    return m + "]";
  };
  {
    std::ofstream f(dir / "costs.toml");
    f << "w_fn = " << matrix(1, 0, -1, -1, 0) << "\n"
      << "w_fp = " << matrix(0, 0, 3, 8, 19) << "\n"
      << "decision_cost = " << matrix(0, 1, 3, 8, 20) << "\n";
  }
  const auto ok = run_rwwce("run table2 --cost-file " + (dir / "costs.toml") +
                            " --seeds 2 --epochs 1 --quiet --out " + (dir / "out"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto runs = harness::parse_csv(slurp(dir / "out/runs.csv"), "runs.csv");
  ASSERT_EQ(runs.size(), 2u * 3u);  // one task (the custom costs) x 2 root seeds x 3 arms
  EXPECT_EQ(runs[0].text("dataset"), "mnist10");
  EXPECT_EQ(runs[0].text("root_seed"), "1");
  EXPECT_EQ(runs[3].text("root_seed"), "2");
  // High-cost mistakes follow decision_cost (the 3 -> 8 cell costs 20, the rest 1), not w_fp.
  const auto confusion = harness::parse_csv(slurp(dir / "out/confusion.csv"), "confusion.csv");
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t c = r * 100; c < (r + 1) * 100; ++c) {
      if (*confusion[c].number("true") == 3 && *confusion[c].number("predicted") == 8) {
        EXPECT_EQ(*runs[r].number("high_cost"), *confusion[c].number("count"));
      }
    }

  // Costs stated only in decision_cost still count high-cost mistakes.
  {
    std::ofstream f(dir / "decision-only.toml");
    f << "decision_cost = " << matrix(0, 1, 3, 8, 20) << "\n";
  }
  const auto only = run_rwwce("run table2 --cost-file " + (dir / "decision-only.toml") +
                              " --epochs 1 --quiet --out " + (dir / "only"));
  EXPECT_EQ(only.exit_code, 2);  // the RWWCE model needs w_fn and w_fp
  EXPECT_NE(only.err.find("needs the 10 x 10 matrix w_fn"), std::string::npos) << only.err;

  // A non-zero w_fp diagonal would count correct predictions as mistakes: refused.
  {
    std::ofstream f(dir / "diag.toml");
    f << "w_fn = " << matrix(1, 0, -1, -1, 0) << "\n"
      << "w_fp = " << matrix(1, 0, 3, 8, 19) << "\n"
      << "decision_cost = " << matrix(0, 1, 3, 8, 20) << "\n";
  }
  const auto diag = run_rwwce("run table2 --cost-file " + (dir / "diag.toml") + " --quiet --out " +
                              (dir / "diag"));
  EXPECT_EQ(diag.exit_code, 2);
  EXPECT_NE(diag.err.find("w_fp (line 2): [0][0] must be 0"), std::string::npos) << diag.err;

  {
    std::ofstream f(dir / "bad.toml");
    f << "w_fn = " << matrix(1, 0, -1, -1, 0) << "\nw_fp = [[1, 2]]\n"
      << "decision_cost = " << matrix(0, 1, 3, 8, 20) << "\n";
  }
  const auto bad =
      run_rwwce("run table2 --cost-file " + (dir / "bad.toml") + " --quiet --out " + (dir / "bad"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("costs.w_fp (line 2): expected a 10x10 array of arrays of numbers (rows: "
                         "the true class); found 1 rows"),
            std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("bad.toml"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace rwwce
