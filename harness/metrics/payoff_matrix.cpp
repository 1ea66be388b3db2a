#include "harness/metrics/payoff_matrix.hpp"

#include <fmt/core.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

constexpr std::string_view kExpected =
    "expected a payoff like 'tp=10,fp=-1,tn=0,fn=0' (the value of each outcome, each of "
    "tp, fp, tn, fn exactly once)";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad(std::string_view spec, const std::string& found) {
  throw InputError(fmt::format("bad payoff '{}': {}; found {}", spec, kExpected, found));
}

// Strict: the whole text must be one finite number ("1e-3", "-0.5"); no trailing characters,
// no empty value, no "nan"/"inf".
double parse_number(std::string_view spec, std::string_view key, std::string_view text) {
  const std::string s(text);
  if (s.empty()) bad(spec, fmt::format("an empty value for '{}'", key));
  const char first = s.front();
  if (!(std::isdigit(static_cast<unsigned char>(first)) || first == '-' || first == '+' ||
        first == '.') ||
      s.find_first_of("xXnN") != std::string::npos) {  // no hex, no nan/inf spellings
    bad(spec, fmt::format("'{}' as the value of '{}', not a number", s, key));
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) {
    bad(spec, fmt::format("'{}' as the value of '{}', not a finite number", s, key));
  }
  return v;
}

}  // namespace

Payoff parse_payoff(std::string_view spec) {
  Payoff p;
  constexpr std::array<std::string_view, 4> kKeys{"tp", "fp", "tn", "fn"};
  std::array<bool, 4> seen{};
  std::string_view rest = spec;
  if (trim(rest).empty()) bad(spec, "an empty string");
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      bad(spec, fmt::format("the item '{}' without '='", item));
    }
    const std::string_view key = trim(item.substr(0, eq));
    const std::string_view value = trim(item.substr(eq + 1));
    std::size_t k = 0;
    while (k < kKeys.size() && kKeys[k] != key) ++k;
    if (k == kKeys.size()) bad(spec, fmt::format("the unknown key '{}'", key));
    if (seen[k]) bad(spec, fmt::format("'{}' more than once", key));
    seen[k] = true;
    const double v = parse_number(spec, key, value);
    switch (k) {
      case 0:
        p.tp = v;
        break;
      case 1:
        p.fp = v;
        break;
      case 2:
        p.tn = v;
        break;
      default:
        p.fn = v;
        break;
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  for (std::size_t k = 0; k < kKeys.size(); ++k) {
    if (!seen[k]) bad(spec, fmt::format("no value for '{}'", kKeys[k]));
  }
  return p;
}

Payoff payoff_from_error_costs(double w_fn, double w_fp) {
  if (!std::isfinite(w_fn) || !std::isfinite(w_fp) || w_fn < 0.0 || w_fp < 0.0) {
    throw InputError(fmt::format(
        "bad error costs: expected finite non-negative costs of a false negative and a false "
        "positive; found w_fn = {}, w_fp = {}",
        w_fn, w_fp));
  }
  return Payoff{0.0, -w_fp, 0.0, -w_fn};
}

// Decide positive for probability p when its expected cost is no larger than deciding negative:
//   p*C_TP + (1-p)*C_FP  <=  p*C_FN + (1-p)*C_TN
//   <=>  (1-p)*a <= p*b    with a = C_FP - C_TN (regret of a false alarm),
//                               b = C_FN - C_TP (regret of a miss)
//   <=>  a <= p*(a + b).
// If a + b > 0 this is p >= a/(a+b) = p*, a threshold rule (ties are indifferent, so the strict
// "p > p*" used by the harness is as good). If a + b <= 0 the inequality either holds for no p,
// for every p or only for small p: no "score above threshold" rule is optimal. If a + b > 0 but
// a < 0 (a false alarm beats a true negative) then p* < 0: always decide positive; if b < 0 (a
// miss beats a hit) then p* > 1: never decide positive. Both mean the scores do not matter, which
// is almost surely a sign error in the payoff, so they are errors too. Adding a constant to both
// outcomes of one true class (e.g. counting an opportunity cost on a miss while also valuing a
// hit) shifts C_FN and C_TP together and leaves b, hence p*, unchanged.
double elkan_threshold(const Payoff& payoff) {
  double a = (-payoff.fp) - (-payoff.tn);
  double b = (-payoff.fn) - (-payoff.tp);
  if (!std::isfinite(a + b)) {
    // Finite values near the limits of double overflow a, b or a + b (p* came out 0 or NaN).
    // p* depends only on the ratio a : b, and a quarter of each value (exact) cannot overflow.
    a = (-payoff.fp / 4) - (-payoff.tn / 4);
    b = (-payoff.fn / 4) - (-payoff.tp / 4);
  }
  const double denom = a + b;
  const std::string shown =
      fmt::format("tp={},fp={},tn={},fn={}", payoff.tp, payoff.fp, payoff.tn, payoff.fn);
  if (!(denom > 0.0)) {
    throw InputError(fmt::format(
        "payoff {} has no cost-optimal threshold: expected (v_tn - v_fp) + (v_tp - v_fn) > 0 "
        "(a correct decision worth more than an error overall), found {}; check the signs "
        "(benefits positive, costs negative)",
        shown, denom));
  }
  const double p = a / denom;
  if (!(p >= 0.0 && p <= 1.0)) {
    throw InputError(fmt::format(
        "payoff {} gives the threshold p* = {} outside [0, 1]: the best decision ignores the "
        "score ({}); expected v_tn >= v_fp and v_tp >= v_fn, check the signs",
        shown, p,
        p < 0.0 ? "always positive: a false positive beats a true negative"
                : "never positive: a false negative beats a true positive"));
  }
  return p;
}

}  // namespace rwwce::harness
