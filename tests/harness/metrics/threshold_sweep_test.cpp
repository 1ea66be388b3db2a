#include "harness/metrics/threshold_sweep.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "core/input_error.hpp"
#include "harness/metrics/expected_value.hpp"

using rwwce::InputError;
using rwwce::harness::default_threshold_grid;
using rwwce::harness::Payoff;
using rwwce::harness::SweepRow;
using rwwce::harness::threshold_sweep;
using rwwce::harness::thresholds_csv;

namespace {
// Scores exactly representable in float and double, with a tie at 0.25.
const std::vector<float> kScores{0.125f, 0.375f, 0.25f, 0.75f, 0.25f, 0.875f, 0.5f, 0.625f};
const std::vector<std::uint8_t> kLabels{0, 0, 1, 1, 0, 1, 0, 1};
const Payoff kStats{10, -1, 0, 0};  // the statistics question's payoff
}  // namespace

TEST(ThresholdSweep, DefaultGridIsHundredthsComputedAsIOver100) {
  const auto grid = default_threshold_grid();
  ASSERT_EQ(grid.size(), 101u);
  for (int i = 0; i <= 100; ++i) EXPECT_EQ(grid[static_cast<std::size_t>(i)], i / 100.0);
}

// Counts by hand (positive iff score > t; P = 4, N = 4):
//   t = 0     all 8 positive            tp 4 fp 4 fn 0 tn 0, precision 1/2, EV (40-4)/8 = 4.5
//   t = 0.25  0.375 0.75 0.875 0.5 0.625 (the two 0.25s are NOT above: strict)
//                                       tp 3 fp 2 fn 1 tn 2, precision 3/5, EV (30-2)/8 = 3.5
//   t = 0.5   0.75 0.875 0.625          tp 3 fp 0 fn 1 tn 4, precision 1, EV 30/8 = 3.75
//   t = 0.875 none                      tp 0 fp 0 fn 4 tn 4, precision and F1 undefined, EV 0
TEST(ThresholdSweep, HandCountedRowsWithStrictComparison) {
  const auto rows = threshold_sweep(kScores.data(), kLabels.data(), kScores.size(), kStats,
                                    {0, 0.25, 0.5, 0.875});
  ASSERT_EQ(rows.size(), 4u);
  const std::int64_t expect[4][4] = {{4, 4, 0, 0}, {3, 2, 1, 2}, {3, 0, 1, 4}, {0, 0, 4, 4}};
  const double ev[4] = {4.5, 3.5, 3.75, 0.0};
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(rows[k].tp, expect[k][0]) << k;
    EXPECT_EQ(rows[k].fp, expect[k][1]) << k;
    EXPECT_EQ(rows[k].fn, expect[k][2]) << k;
    EXPECT_EQ(rows[k].tn, expect[k][3]) << k;
    EXPECT_NEAR(rows[k].expected_value, ev[k], 1e-15) << k;
  }
  EXPECT_NEAR(*rows[1].precision, 0.6, 1e-15);
  EXPECT_NEAR(rows[1].recall, 0.75, 1e-15);
  EXPECT_NEAR(*rows[1].f1, 2.0 / 3.0, 1e-15);  // 2 * 0.6 * 0.75 / 1.35
  EXPECT_NEAR(*rows[2].f1, 6.0 / 7.0, 1e-15);  // 2 * 1 * 0.75 / 1.75
  EXPECT_FALSE(rows[3].precision.has_value());
  EXPECT_FALSE(rows[3].f1.has_value());
  EXPECT_NEAR(rows[3].recall, 0.0, 0.0);
}

// Oracle: count every threshold by brute force over random scores on the default grid, including
// scores placed exactly on grid values (compared in double) and ties.
TEST(ThresholdSweep, AgreesWithBruteForceOnRandomScores) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<float> s(500);
  std::vector<std::uint8_t> y(500);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = i % 10 == 0 ? static_cast<float>((i % 101) / 100.0) : u(rng);
    y[i] = static_cast<std::uint8_t>(rng() % 3 == 0);
  }
  const Payoff aws{-0.3528, -0.0128767, 0.0, -2.52};
  const auto rows = threshold_sweep(s.data(), y.data(), s.size(), aws);
  const auto grid = default_threshold_grid();
  ASSERT_EQ(rows.size(), grid.size());
  for (std::size_t g = 0; g < grid.size(); ++g) {
    std::int64_t tp = 0, fp = 0, fn = 0, tn = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const bool pred = static_cast<double>(s[i]) > grid[g];
      (pred ? (y[i] ? tp : fp) : (y[i] ? fn : tn)) += 1;
    }
    EXPECT_EQ(rows[g].threshold, grid[g]);
    EXPECT_EQ(rows[g].tp, tp) << g;
    EXPECT_EQ(rows[g].fp, fp) << g;
    EXPECT_EQ(rows[g].fn, fn) << g;
    EXPECT_EQ(rows[g].tn, tn) << g;
    EXPECT_NEAR(rows[g].expected_value, rwwce::harness::expected_value(tp, fp, fn, tn, aws), 1e-15);
  }
}

TEST(ThresholdSweep, RejectsBadInput) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> s{0.1f, nan};
  const std::vector<std::uint8_t> y{1, 0};
  EXPECT_THROW(threshold_sweep(s.data(), y.data(), 2, kStats), InputError);
  const std::vector<float> ok{0.1f, 0.2f};
  const std::vector<std::uint8_t> two{1, 2};
  EXPECT_THROW(threshold_sweep(ok.data(), two.data(), 2, kStats), InputError);
  const std::vector<std::uint8_t> none{0, 0};
  EXPECT_THROW(threshold_sweep(ok.data(), none.data(), 2, kStats), InputError);
  EXPECT_THROW(threshold_sweep(ok.data(), y.data(), 0, kStats), InputError);
}

TEST(ThresholdSweep, CsvExactOutput) {
  const auto rows = threshold_sweep(kScores.data(), kLabels.data(), kScores.size(), kStats,
                                    {0, 0.25, 0.5, 0.875});
  const auto aws_rows = threshold_sweep(kScores.data(), kLabels.data(), kScores.size(),
                                        Payoff{-0.3528, -0.0128767, 0.0, -2.52}, {0.5});
  const std::string csv = thresholds_csv({{"5:1, weighted", rows}, {"medical", aws_rows}});
  // medical at 0.5: (0*4 + 0*-0.0128767 + 3*-0.3528 + 1*-2.52)/8 = -0.4473 -> "{:.6g}" -0.4473
  const std::string expected =
      "model,threshold,tp,fp,fn,tn,precision,recall,f1,expected_value\n"
      "\"5:1, weighted\",0,4,4,0,0,0.5,1,0.666667,4.5\n"
      "\"5:1, weighted\",0.25,3,2,1,2,0.6,0.75,0.666667,3.5\n"
      "\"5:1, weighted\",0.5,3,0,1,4,1,0.75,0.857143,3.75\n"
      "\"5:1, weighted\",0.875,0,0,4,4,,0,,0\n"
      "medical,0.5,3,0,1,4,1,0.75,0.857143,-0.4473\n";
  EXPECT_EQ(csv, expected);
}
