#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace rwwce::harness {

// One line of the report: a class ("benign", "malignant") or an average ("accuracy",
// "macro avg", "weighted avg"; for "accuracy" precision, recall and f1 all hold the accuracy).
struct ClassReportRow {
  std::string label;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  std::int64_t support = 0;
};

// The rows of sklearn 1.2's classification_report for a binary confusion matrix, as if called
// with labels=[0, 1]: class 0 (negative) first, then class 1, then accuracy, macro avg and
// weighted avg. Undefined ratios are 0, as sklearn's default zero_division="warn" sets them (a
// class never predicted has precision 0 and f1 0; a class with no true cases has recall 0).
// Throws InputError on negative counts, n == 0 or target_names.size() != 2.
std::vector<ClassReportRow> classification_report_rows(
    std::int64_t tp, std::int64_t fp, std::int64_t fn, std::int64_t tn,
    const std::vector<std::string>& target_names = {"benign", "malignant"});

// The text of sklearn 1.2's classification_report(y_true, y_pred, labels=[0, 1],
// target_names=target_names, digits=digits), byte for byte, including its column widths and
// trailing newline.
std::string classification_report(
    std::int64_t tp, std::int64_t fp, std::int64_t fn, std::int64_t tn,
    const std::vector<std::string>& target_names = {"benign", "malignant"}, int digits = 2);

}  // namespace rwwce::harness
