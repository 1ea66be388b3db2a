#include "harness/metrics/classification_report.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/input_error.hpp"

using rwwce::InputError;
using rwwce::harness::classification_report;
using rwwce::harness::classification_report_rows;

// Goldens: /usr/bin/python3, sklearn 1.2.1, with y_true = [1]*tp + [0]*fp + [1]*fn + [0]*tn and
// y_pred = [1]*tp + [1]*fp + [0]*fn + [0]*tn:
//   sklearn.metrics.classification_report(y_true, y_pred, labels=[0, 1],
//                                         target_names=[...], digits=...)

// AWS built-in model, tp=51 fp=3 fn=4 tn=85, target_names=["benign", "malignant"], digits=2.
TEST(ClassificationReport, MatchesSklearnAwsBuiltin) {
  const std::string golden =
      "              precision    recall  f1-score   support\n\n      benign       0.96      0.97 "
      "     0.96        88\n   malignant       0.94      0.93      0.94        55\n\n    accuracy "
      "                          0.95       143\n   macro avg       0.95      0.95      0.95       "
      "143\nweighted avg       0.95      0.95      0.95       143\n";
  EXPECT_EQ(classification_report(51, 3, 4, 85), golden);
}

// Malignant never predicted: tp=0 fp=0 fn=55 tn=88, digits=2. sklearn warns
// (UndefinedMetricWarning) and prints precision and f1 as 0.00; we print the same.
TEST(ClassificationReport, MatchesSklearnWhenAClassIsNeverPredicted) {
  const std::string golden =
      "              precision    recall  f1-score   support\n\n      benign       0.62      1.00 "
      "     0.76        88\n   malignant       0.00      0.00      0.00        55\n\n    accuracy "
      "                          0.62       143\n   macro avg       0.31      0.50      0.38       "
      "143\nweighted avg       0.38      0.62      0.47       143\n";
  EXPECT_EQ(classification_report(0, 0, 55, 88), golden);
}

// AWS medical model, tp=54 fp=22 fn=1 tn=66, digits=4.
TEST(ClassificationReport, MatchesSklearnWithFourDigits) {
  const std::string golden =
      "              precision    recall  f1-score   support\n\n      benign     0.9851    0.7500 "
      "   0.8516        88\n   malignant     0.7105    0.9818    0.8244        55\n\n    accuracy "
      "                        0.8392       143\n   macro avg     0.8478    0.8659    0.8380     "
      "  143\nweighted avg     0.8795    0.8392    0.8412       143\n";
  EXPECT_EQ(classification_report(54, 22, 1, 66, {"benign", "malignant"}, 4), golden);
}

// A label longer than "weighted avg" widens the first column: tp=7 fp=2 fn=3 tn=1,
// target_names=["negative class", "pos"], digits=3.
TEST(ClassificationReport, MatchesSklearnWithLongTargetName) {
  const std::string golden =
      "                precision    recall  f1-score   support\n\nnegative class      0.250     "
      "0.333     0.286         3\n           pos      0.778     0.700     0.737        10\n\n     "
      " accuracy                          0.615        13\n     macro avg      0.514     0.517   "
      "  0.511        13\n  weighted avg      0.656     0.615     0.633        13\n";
  EXPECT_EQ(classification_report(7, 2, 3, 1, {"negative class", "pos"}, 3), golden);
}

TEST(ClassificationReport, RowsHoldUnroundedValues) {
  const auto rows = classification_report_rows(0, 0, 55, 88);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].label, "benign");
  EXPECT_NEAR(rows[0].precision, 88.0 / 143.0, 1e-15);
  EXPECT_NEAR(rows[0].recall, 1.0, 0.0);
  // f1 = 2pr/(p+r) with p = 88/143, r = 1 -> 176/231
  EXPECT_NEAR(rows[0].f1, 176.0 / 231.0, 1e-15);
  EXPECT_EQ(rows[0].support, 88);
  EXPECT_EQ(rows[1].label, "malignant");
  EXPECT_NEAR(rows[1].precision, 0.0, 0.0);  // zero_division: undefined -> 0 as sklearn
  EXPECT_NEAR(rows[1].f1, 0.0, 0.0);
  EXPECT_EQ(rows[1].support, 55);
  EXPECT_EQ(rows[2].label, "accuracy");
  EXPECT_NEAR(rows[2].f1, 88.0 / 143.0, 1e-15);
  EXPECT_EQ(rows[3].label, "macro avg");
  EXPECT_NEAR(rows[3].recall, 0.5, 1e-15);
  EXPECT_EQ(rows[4].label, "weighted avg");
  // (176/231 * 88 + 0 * 55) / 143
  EXPECT_NEAR(rows[4].f1, 176.0 / 231.0 * 88.0 / 143.0, 1e-15);
  EXPECT_EQ(rows[4].support, 143);
}

TEST(ClassificationReport, RejectsBadInput) {
  EXPECT_THROW(classification_report(0, 0, 0, 0), InputError);
  EXPECT_THROW(classification_report(1, -1, 0, 0), InputError);
  EXPECT_THROW(classification_report(1, 1, 1, 1, {"only one"}), InputError);
  EXPECT_THROW(classification_report(1, 1, 1, 1, {"a", "b"}, -1), InputError);
}
