#include "harness/metrics/binary_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// Scores exactly representable in float, with ties inside and across classes.
const std::vector<std::uint8_t> kLabels{1, 0, 1, 1, 0, 0, 1, 0, 0, 1};
const std::vector<float> kScores{0.9f, 0.5f,   0.5f,   0.75f,   0.25f,
                                 0.5f, 0.125f, 0.125f, 0.0625f, 0.5f};

TEST(BinaryMetrics, ConfusionIsStrictlyAboveThreshold) {
  // At 0.5 the four scores equal to 0.5 are negative: positives 0.9 (1) and 0.75 (1).
  const Confusion c = confusion_at(kScores.data(), kLabels.data(), kLabels.size(), 0.5);
  EXPECT_EQ(c.tp, 2);
  EXPECT_EQ(c.fp, 0);
  EXPECT_EQ(c.fn, 3);
  EXPECT_EQ(c.tn, 5);
  const Confusion c2 = confusion_at(kScores.data(), kLabels.data(), kLabels.size(), 0.4);
  EXPECT_EQ(c2.tp, 4);
  EXPECT_EQ(c2.fp, 2);
}

TEST(BinaryMetrics, PrecisionRecallF1) {
  const Confusion c{4, 2, 1, 3};
  EXPECT_NEAR(*precision(c), 4.0 / 6.0, 1e-15);
  EXPECT_NEAR(*recall(c), 4.0 / 5.0, 1e-15);
  // sklearn.metrics.f1_score: 2PR/(P+R) = 8/11
  EXPECT_NEAR(*f1(c), 8.0 / 11.0, 1e-15);
}

TEST(BinaryMetrics, NothingPredictedPositiveIsUndefinedNotZero) {
  // sklearn.metrics.precision_score([1,0,1], [0,0,0]) -> 0.0 and f1_score -> 0.0 (sklearn
  // 1.2.1, zero_division="warn"); the harness reports "undefined" instead.
  const Confusion c{0, 0, 2, 1};
  EXPECT_FALSE(precision(c).has_value());
  EXPECT_FALSE(f1(c).has_value());
  ASSERT_TRUE(recall(c).has_value());
  EXPECT_EQ(*recall(c), 0.0);
  // No actual positive: recall and F1 undefined.
  EXPECT_FALSE(recall(Confusion{0, 3, 0, 1}).has_value());
  EXPECT_FALSE(f1(Confusion{0, 3, 0, 1}).has_value());
  // Both defined and tp = 0: F1 is 0 (sklearn agrees).
  EXPECT_EQ(*f1(Confusion{0, 1, 1, 1}), 0.0);
}

TEST(BinaryMetrics, RocAucMatchesSklearnWithTies) {
  // sklearn.metrics.roc_auc_score(y, s) for the data above -> 0.78 (sklearn 1.2.1)
  EXPECT_NEAR(roc_auc(kScores.data(), kLabels.data(), kLabels.size()), 0.78, 1e-12);
}

TEST(BinaryMetrics, RocAucExtremesAndMissingClass) {
  const std::vector<std::uint8_t> y{0, 0, 1, 1};
  const std::vector<float> perfect{0.1f, 0.2f, 0.8f, 0.9f}, reversed{0.9f, 0.8f, 0.2f, 0.1f},
      flat{0.5f, 0.5f, 0.5f, 0.5f};
  EXPECT_EQ(roc_auc(perfect.data(), y.data(), 4), 1.0);
  EXPECT_EQ(roc_auc(reversed.data(), y.data(), 4), 0.0);
  EXPECT_EQ(roc_auc(flat.data(), y.data(), 4), 0.5);
  const std::vector<std::uint8_t> only_neg{0, 0, 0, 0};
  EXPECT_TRUE(std::isnan(roc_auc(perfect.data(), only_neg.data(), 4)));
  const std::vector<float> with_nan{0.1f, NAN, 0.8f, 0.9f};
  EXPECT_THROW(roc_auc(with_nan.data(), y.data(), 4), InputError);
}

TEST(BinaryMetrics, RocCurveMatchesSklearnWithoutDroppingPoints) {
  // fpr, tpr, th = sklearn.metrics.roc_curve(y, s, drop_intermediate=False) (sklearn 1.2.1):
  // fpr 0.0, 0.0, 0.0, 0.4, 0.6, 0.8, 1.0
  // tpr 0.0, 0.2, 0.4, 0.8, 0.8, 1.0, 1.0
  // th  1.9, 0.9, 0.75, 0.5, 0.25, 0.125, 0.0625
  const std::vector<double> fpr{0.0, 0.0, 0.0, 0.4, 0.6, 0.8, 1.0};
  const std::vector<double> tpr{0.0, 0.2, 0.4, 0.8, 0.8, 1.0, 1.0};
  const std::vector<double> th{1.9, 0.9, 0.75, 0.5, 0.25, 0.125, 0.0625};
  const std::vector<RocPoint> roc = roc_curve(kScores.data(), kLabels.data(), kLabels.size());
  ASSERT_EQ(roc.size(), fpr.size());
  for (std::size_t i = 0; i < roc.size(); ++i) {
    EXPECT_NEAR(roc[i].fpr, fpr[i], 1e-15) << i;
    EXPECT_NEAR(roc[i].tpr, tpr[i], 1e-15) << i;
    // thresholds are the float scores widened to double (0.9f != 0.9)
    EXPECT_NEAR(roc[i].threshold, th[i], 1e-7) << i;
  }
}

TEST(BinaryMetrics, RejectsNonBinaryLabels) {
  const std::vector<std::uint8_t> y{0, 2};
  const std::vector<float> s{0.1f, 0.2f};
  EXPECT_THROW(confusion_at(s.data(), y.data(), 2, 0.5), InputError);
  EXPECT_THROW(roc_auc(s.data(), y.data(), 2), InputError);
  EXPECT_THROW(roc_curve(s.data(), y.data(), 0), InputError);
}

}  // namespace
}  // namespace rwwce::harness
