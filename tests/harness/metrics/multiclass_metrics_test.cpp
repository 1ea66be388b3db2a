#include "harness/metrics/multiclass_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// probs (6, 3); row 1 ties classes 0 and 1.
const std::vector<float> kProbs{0.1f, 0.7f, 0.2f, 0.4f, 0.4f, 0.2f, 0.3f, 0.3f, 0.4f,
                                0.5f, 0.2f, 0.3f, 0.2f, 0.2f, 0.6f, 0.2f, 0.5f, 0.3f};
const std::vector<std::uint8_t> kLabels{1, 0, 2, 1, 2, 1};

TEST(MulticlassMetrics, ArgmaxFirstMaximumWinsLikeNumpy) {
  // numpy.argmax(probs, axis=1) -> [1 0 2 0 2 1] (numpy 1.24.2)
  const std::vector<std::uint8_t> expected{1, 0, 2, 0, 2, 1};
  EXPECT_EQ(argmax_decisions(kProbs.data(), 6, 3), expected);
  // numpy.argmax([0.2, nan, 0.9, nan]) -> 1: a NaN counts as the maximum.
  const std::vector<float> with_nan{0.2f, NAN, 0.9f, NAN};
  EXPECT_EQ(argmax_decisions(with_nan.data(), 1, 4), std::vector<std::uint8_t>{1});
  EXPECT_THROW(argmax_decisions(kProbs.data(), 1, 0), InputError);
  EXPECT_THROW(argmax_decisions(kProbs.data(), 1, 257), InputError);
}

TEST(MulticlassMetrics, ConfusionMatrixIsTrueByPredicted) {
  // sklearn.metrics.confusion_matrix(y, pred, labels=[0,1,2]).ravel()
  //   -> [1 0 0 1 2 0 0 0 2] (sklearn 1.2.1)
  const std::vector<std::uint8_t> pred = argmax_decisions(kProbs.data(), 6, 3);
  const std::vector<std::int64_t> expected{1, 0, 0, 1, 2, 0, 0, 0, 2};
  const std::vector<std::int64_t> cm = confusion_matrix(kLabels.data(), pred.data(), 6, 3);
  EXPECT_EQ(cm, expected);
  EXPECT_NEAR(top1_error(cm, 3), 1.0 / 6.0, 1e-15);
}

TEST(MulticlassMetrics, RejectsOutOfRangeClassesAndMisSizedMatrices) {
  const std::vector<std::uint8_t> y{0, 3}, p{0, 1};
  EXPECT_THROW(confusion_matrix(y.data(), p.data(), 2, 3), InputError);
  EXPECT_THROW(confusion_matrix(p.data(), y.data(), 2, 3), InputError);
  EXPECT_THROW(top1_error({1, 2, 3}, 2), InputError);
  EXPECT_TRUE(std::isnan(top1_error({0, 0, 0, 0}, 2)));
}

}  // namespace
}  // namespace rwwce::harness
