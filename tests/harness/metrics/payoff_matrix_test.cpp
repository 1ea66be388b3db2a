#include "harness/metrics/payoff_matrix.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/input_error.hpp"

using rwwce::InputError;
using rwwce::harness::elkan_threshold;
using rwwce::harness::parse_payoff;
using rwwce::harness::Payoff;
using rwwce::harness::payoff_from_error_costs;

TEST(PayoffMatrix, ParsesAllFourKeysInAnyOrder) {
  const Payoff p = parse_payoff("fn=-2.52, tn=0 ,tp=-0.3528,fp=-1.28767e-2");
  EXPECT_DOUBLE_EQ(p.tp, -0.3528);
  EXPECT_DOUBLE_EQ(p.fp, -0.0128767);
  EXPECT_DOUBLE_EQ(p.tn, 0.0);
  EXPECT_DOUBLE_EQ(p.fn, -2.52);
}

TEST(PayoffMatrix, ParseErrorsSayWhatWasExpectedAndFound) {
  const auto message = [](const char* spec) {
    try {
      parse_payoff(spec);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message("tp=10,fp=-1,tn=0").find("no value for 'fn'"), std::string::npos);
  EXPECT_NE(message("tp=10,fp=-1,tn=0,fn=0,tp=3").find("'tp' more than once"), std::string::npos);
  EXPECT_NE(message("tp=10,fp=-1,tn=0,fx=0").find("unknown key 'fx'"), std::string::npos);
  EXPECT_NE(message("tp=10,fp=-1,tn=0,fn").find("without '='"), std::string::npos);
  EXPECT_NE(message("tp=10,fp=-1x,tn=0,fn=0").find("'-1x' as the value of 'fp'"),
            std::string::npos);
  EXPECT_NE(message("tp=,fp=-1,tn=0,fn=0").find("empty value for 'tp'"), std::string::npos);
  EXPECT_NE(message("tp=nan,fp=-1,tn=0,fn=0").find("not a number"), std::string::npos);
  EXPECT_NE(message("tp=1e999,fp=-1,tn=0,fn=0").find("not a finite number"), std::string::npos);
  EXPECT_NE(message("tp=0x10,fp=-1,tn=0,fn=0").find("not a number"), std::string::npos);
  EXPECT_NE(message("").find("empty string"), std::string::npos);
  EXPECT_NE(message("tp=1,,fp=-1,tn=0,fn=0").find("without '='"), std::string::npos);
  // Every message shows the expected form.
  EXPECT_NE(message("tp=1").find("expected a payoff like 'tp=10,fp=-1,tn=0,fn=0'"),
            std::string::npos);
}

// The statistics question (seeds/stats-question-payoff-matrix.txt): TP +10, FP -1, TN 0, FN 0,
// "with an opportunity cost of 10 for a missed positive". Costs C = -value:
//   C_TP = -10, C_FP = 1, C_TN = 0, C_FN = 0
//   p* = (C_FP - C_TN) / (C_FP - C_TN + C_FN - C_TP) = (1 - 0) / (1 - 0 + 0 + 10) = 1/11.
// Check by hand: deciding positive is worth 10p - (1 - p) = 11p - 1 > 0 iff p > 1/11.
// The opportunity cost is the same 10 seen as regret: stating the payoff as regrets
// (TP 0, FP -1, TN 0, FN -10) gives (1 - 0) / (1 - 0 + 10 - 0) = 1/11 again, because shifting
// both outcomes of the positive class by -10 leaves C_FN - C_TP = 10. Counting it twice
// (TP +10 AND FN -10) would give 1/(1 + 10 + 10) = 1/21, which undervalues false alarms.
TEST(PayoffMatrix, StatsQuestionThresholdIsOneEleventh) {
  EXPECT_NEAR(elkan_threshold(parse_payoff("tp=10,fp=-1,tn=0,fn=0")), 1.0 / 11.0, 1e-15);
  EXPECT_NEAR(elkan_threshold(parse_payoff("tp=0,fp=-1,tn=0,fn=-10")), 1.0 / 11.0, 1e-15);
  EXPECT_NEAR(elkan_threshold(parse_payoff("tp=10,fp=-1,tn=0,fn=-10")), 1.0 / 21.0, 1e-15);
}

// The AWS table in QALY (docs/protocol.md, section 'The AWS study'): TN 0, FP -0.0128767, TP
// -0.3528, FN -2.52.
//   p* = 0.0128767 / (0.0128767 + 2.52 - 0.3528) = 0.0128767 / 2.1800767
//      = 0.005906535306762371   (/usr/bin/python3: a/(a+b), a = 0.0128767, b = 2.52 - 0.3528)
// The dollar scale (x 100000) cancels.
TEST(PayoffMatrix, AwsTableThreshold) {
  const Payoff qaly{-0.3528, -0.0128767, 0.0, -2.52};
  EXPECT_NEAR(elkan_threshold(qaly), 0.005906535306762371, 1e-15);
  const Payoff dollars{-35280.0, -1287.67, 0.0, -252000.0};
  EXPECT_NEAR(elkan_threshold(dollars), 0.005906535306762371, 1e-15);
}

// Found while writing tests/fuzz/payoff_fuzzer.cpp (its halving check fails on these): with
// values near the limits of double, a + b overflowed and p* came out 0 (a = b = 1.5e308: p* =
// 1/2) or NaN, refused (a = b = 2e308, which overflow: p* = 1/2 too). The threshold depends
// only on the ratio of the regrets.
TEST(PayoffMatrix, ThresholdOfHugeValuesDoesNotOverflow) {
  EXPECT_EQ(elkan_threshold(parse_payoff("tp=0,fp=-1.5e308,tn=0,fn=-1.5e308")), 0.5);
  EXPECT_EQ(elkan_threshold(parse_payoff("tp=1e308,fp=-1e308,tn=1e308,fn=-1e308")), 0.5);
  // a = 1e308, b = 1e308 + 1e308 = 2e308 (overflows unscaled): p* = 1/3.
  EXPECT_NEAR(elkan_threshold(parse_payoff("tp=1e308,fp=-1e308,tn=0,fn=-1e308")), 1.0 / 3.0, 1e-15);
}

// Error costs only: p* = w_fp / (w_fp + w_fn); the RWWCE paper's 2000:100 gives 100/2100.
TEST(PayoffMatrix, ErrorCostsGiveClassicThreshold) {
  const Payoff p = payoff_from_error_costs(2000.0, 100.0);
  EXPECT_EQ(p.tp, 0.0);
  EXPECT_EQ(p.tn, 0.0);
  EXPECT_EQ(p.fp, -100.0);
  EXPECT_EQ(p.fn, -2000.0);
  EXPECT_NEAR(elkan_threshold(p), 100.0 / 2100.0, 1e-15);
  EXPECT_NEAR(elkan_threshold(payoff_from_error_costs(1.0, 1.0)), 0.5, 1e-15);
  EXPECT_THROW(payoff_from_error_costs(-1.0, 1.0), InputError);
}

TEST(PayoffMatrix, ThresholdRejectsPayoffsWithoutAThresholdRule) {
  // All outcomes equal: denominator 0.
  EXPECT_THROW(elkan_threshold(Payoff{0, 0, 0, 0}), InputError);
  // Signs flipped (errors rewarded): denominator < 0.
  EXPECT_THROW(elkan_threshold(Payoff{-1, 1, -1, 1}), InputError);
  // A false positive beats a true negative: p* < 0, always positive.
  EXPECT_THROW(elkan_threshold(Payoff{10, 1, 0, 0}), InputError);
  // A miss beats a hit: p* > 1, never positive.
  EXPECT_THROW(elkan_threshold(Payoff{0, -1, 0, 0.5}), InputError);
  // Edges stay valid: no cost of a false alarm gives p* = 0.
  EXPECT_NEAR(elkan_threshold(Payoff{0, 0, 0, -1}), 0.0, 0.0);
}
