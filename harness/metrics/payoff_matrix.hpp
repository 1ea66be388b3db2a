#pragma once
#include <string_view>

namespace rwwce::harness {

// The VALUE of each outcome of a binary decision: benefits positive, costs negative, in any unit
// (QALY, dollars, points). Example, the AWS breast-cancer study (QALY relative to a true
// negative): {tp = -0.3528, fp = -0.0128767, tn = 0, fn = -2.52}.
struct Payoff {
  double tp = 0.0;
  double fp = 0.0;
  double tn = 0.0;
  double fn = 0.0;
};

// Parses "tp=10,fp=-1,tn=0,fn=0": each of tp, fp, tn, fn exactly once, in any order, separated by
// commas (spaces around items allowed); each value a complete finite decimal number. Throws
// InputError saying what was expected and what was found.
Payoff parse_payoff(std::string_view spec);

// The payoff of plain error costs: a false negative costs w_fn, a false positive w_fp, correct
// decisions are worth 0 (tp = 0, tn = 0, fp = -w_fp, fn = -w_fn).
Payoff payoff_from_error_costs(double w_fn, double w_fp);

// The Bayes-optimal threshold on a calibrated probability p = P(y = 1 | x) (Elkan 2001): decide
// positive iff p > p*. With costs C = -value,
//   p* = (C_FP - C_TN) / (C_FP - C_TN + C_FN - C_TP).
// Throws InputError when no threshold in [0, 1] describes the optimal decision (see the .cpp).
double elkan_threshold(const Payoff& payoff);

}  // namespace rwwce::harness
