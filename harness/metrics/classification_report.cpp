#include "harness/metrics/classification_report.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// sklearn's _prf_divide with zero_division="warn": x / 0 is reported as 0.
double ratio(double num, double den) {
  return den == 0.0 ? 0.0 : num / den;
}

// sklearn's f-score with beta = 1, in its operation order: (1 + 1) * p * r / (p + r), 0 if p + r
// is 0.
double f1_of(double p, double r) {
  const double denom = p + r;
  return 2.0 * p * r / (denom == 0.0 ? 1.0 : denom);
}

}  // namespace

std::vector<ClassReportRow> classification_report_rows(
    std::int64_t tp, std::int64_t fp, std::int64_t fn, std::int64_t tn,
    const std::vector<std::string>& target_names) {
  if (tp < 0 || fp < 0 || fn < 0 || tn < 0 || tp + fp + fn + tn == 0) {
    throw InputError(fmt::format(
        "classification report: expected non-negative counts with at least one case, found "
        "tp={} fp={} fn={} tn={}",
        tp, fp, fn, tn));
  }
  if (target_names.size() != 2) {
    throw InputError(fmt::format(
        "classification report: expected 2 target names (negative class first), found {}",
        target_names.size()));
  }
  const auto d = [](std::int64_t v) { return static_cast<double>(v); };
  // Class 0 (negative): its "true positives" are the true negatives.
  ClassReportRow neg{target_names[0], ratio(d(tn), d(tn + fn)), ratio(d(tn), d(tn + fp)), 0.0,
                     tn + fp};
  ClassReportRow pos{target_names[1], ratio(d(tp), d(tp + fp)), ratio(d(tp), d(tp + fn)), 0.0,
                     tp + fn};
  neg.f1 = f1_of(neg.precision, neg.recall);
  pos.f1 = f1_of(pos.precision, pos.recall);
  const std::int64_t n = tp + fp + fn + tn;

  // Micro averaging over both classes is the accuracy (sklearn labels this row "accuracy" and
  // prints only its f-score, which it computes from micro precision = micro recall).
  const double acc = d(tp + tn) / d(n);
  ClassReportRow accuracy{"accuracy", acc, acc, f1_of(acc, acc), n};
  // np.mean and np.average(weights=support) over the two classes.
  ClassReportRow macro{"macro avg", (neg.precision + pos.precision) / 2.0,
                       (neg.recall + pos.recall) / 2.0, (neg.f1 + pos.f1) / 2.0, n};
  const double wn = d(neg.support), wp = d(pos.support), ws = d(n);
  ClassReportRow weighted{"weighted avg", (neg.precision * wn + pos.precision * wp) / ws,
                          (neg.recall * wn + pos.recall * wp) / ws,
                          (neg.f1 * wn + pos.f1 * wp) / ws, n};
  return {neg, pos, accuracy, macro, weighted};
}

std::string classification_report(std::int64_t tp, std::int64_t fp, std::int64_t fn,
                                  std::int64_t tn, const std::vector<std::string>& target_names,
                                  int digits) {
  if (digits < 0 || digits > 17) {
    throw InputError(
        fmt::format("classification report: expected 0 <= digits <= 17, found {}", digits));
  }
  const auto rows = classification_report_rows(tp, fp, fn, tn, target_names);
  // sklearn: width = max(longest target name, len("weighted avg"), digits); each column is a
  // space plus a right-aligned field of 9; the label column is followed by one space.
  const std::size_t width =
      std::max<std::size_t>({target_names[0].size(), target_names[1].size(),
                             std::string("weighted avg").size(), static_cast<std::size_t>(digits)});
  std::string out = fmt::format("{:>{}} ", "", width);
  for (const char* h : {"precision", "recall", "f1-score", "support"}) {
    out += fmt::format(" {:>9}", h);
  }
  out += "\n\n";
  const auto row = [&](const ClassReportRow& r) {
    return fmt::format("{:>{}}  {:>9.{}f} {:>9.{}f} {:>9.{}f} {:>9}\n", r.label, width, r.precision,
                       digits, r.recall, digits, r.f1, digits, r.support);
  };
  out += row(rows[0]);
  out += row(rows[1]);
  out += "\n";
  // The accuracy line leaves the precision and recall fields blank.
  out += fmt::format("{:>{}}  {:>9} {:>9} {:>9.{}f} {:>9}\n", rows[2].label, width, "", "",
                     rows[2].f1, digits, rows[2].support);
  out += row(rows[3]);
  out += row(rows[4]);
  return out;
}

}  // namespace rwwce::harness
