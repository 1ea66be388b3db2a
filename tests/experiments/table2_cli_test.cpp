// End to end through the CLI on real MNIST: two Table II pairs with 1 epoch.
#include <gtest/gtest.h>

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
            "experiment,dataset,pair_true,pair_pred,arm,model,seed,decision,high_cost,errors,"
            "top1_error,rwc,n_test");
  const auto runs = harness::parse_csv(text, "runs.csv");
  ASSERT_EQ(runs.size(), 2u * 3u);  // 2 pairs x {control, control_mincost, rwwce}
  EXPECT_EQ(runs[0].text("dataset"), "1-2");
  EXPECT_EQ(runs[3].text("dataset"), "9-4");
  EXPECT_EQ(*runs[3].number("pair_true"), 9.0);
  EXPECT_EQ(*runs[3].number("pair_pred"), 4.0);

  // confusion.csv (long form) agrees with runs.csv: errors, the high-cost cell, RWC =
  // (off-diagonal errors + 19 x C[i][j]) / n_test, n_test = 17500 (PROTOCOL.md section 3).
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
                            " --repeats 2 --epochs 1 --quiet --out " + (dir / "out"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto runs = harness::parse_csv(slurp(dir / "out/runs.csv"), "runs.csv");
  ASSERT_EQ(runs.size(), 2u * 3u);
  EXPECT_EQ(runs[0].text("dataset"), "custom-r0");

  {
    std::ofstream f(dir / "bad.toml");
    f << "w_fn = " << matrix(1, 0, -1, -1, 0) << "\nw_fp = [[1, 2]]\n"
      << "decision_cost = " << matrix(0, 1, 3, 8, 20) << "\n";
  }
  const auto bad =
      run_rwwce("run table2 --cost-file " + (dir / "bad.toml") + " --quiet --out " + (dir / "bad"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'w_fp' has 1 rows, expected 10"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace rwwce
