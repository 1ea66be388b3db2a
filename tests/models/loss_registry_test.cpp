// Building losses by their study-file names (models/loss_registry.hpp).
#include "models/loss_registry.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rwwce::models {
namespace {

LossSettings settings(std::string kind, std::map<std::string, double> numbers = {},
                      std::map<std::string, std::vector<double>> lists = {}) {
  return LossSettings{std::move(kind), std::move(numbers), std::move(lists)};
}

LossContext binary(std::optional<double> w_fn = std::nullopt,
                   std::optional<double> w_fp = std::nullopt) {
  LossContext c;
  c.classes = 1;
  c.w_fn = w_fn;
  c.w_fp = w_fp;
  return c;
}

TEST(LossRegistry, EveryKindBuildsForItsArity) {
  const std::vector<double> eye = {1, 0, 0, 1}, hi = {0, 19, 0, 0};
  LossContext two;
  two.classes = 2;
  two.w_fn_matrix = &eye;
  two.w_fp_matrix = &hi;
  EXPECT_EQ(describe(make_loss(settings("bce"), binary())), "bce(mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("weighted_bce", {{"pos_weight", 20}}), binary())),
            "weighted_bce(pos_weight=20; mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("rwwce"), binary(2000, 100))),
            "rwwce(w_fn=2000, w_fp=100; mode=keras_clip)");
  // Settings in the loss win over [costs].
  EXPECT_EQ(describe(make_loss(settings("rwwce", {{"w_fn", 5}}), binary(2000, 100))),
            "rwwce(w_fn=5, w_fp=100; mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("rwwce"), two)),
            "rwwce(w_fn=I(2), w_fp={[0][1]=19}; mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("cce"), two)), "cce(mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("softmax_bce"), two)), "softmax_bce(mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("weighted_cce", {}, {{"class_weight", {1, 3}}}), two)),
            "weighted_cce(class_weight=[1, 3]; mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("weighted_absolute_error", {{"c_fn", 5}, {"c_fp", 1}}),
                               binary())),
            "weighted_absolute_error(c_fn=5, c_fp=1; mode=keras_unclipped)");
  EXPECT_EQ(
      describe(make_loss(settings("binary_focal", {{"gamma", 2}, {"alpha", 0.25}}), binary())),
      "binary_focal(alpha=0.25, gamma=2; mode=keras_clip)");
  EXPECT_EQ(describe(make_loss(settings("categorical_focal"), two)),
            "categorical_focal(alpha=0.25, gamma=2; mode=keras_clip)");
  LossContext logits = binary();
  logits.mode = LossMode::logits;
  EXPECT_EQ(describe(make_loss(settings("bce"), logits)), "bce(mode=logits)");
  EXPECT_EQ(loss_kinds().size(), std::variant_size_v<AnyLoss>);
}

std::string error_of(const LossSettings& s, const LossContext& c) {
  try {
    make_loss(s, c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LossRegistry, BadSettingsSayWhatWasExpected) {
  EXPECT_NE(error_of(settings("hinge"), binary()).find("unknown loss kind 'hinge'"),
            std::string::npos);
  EXPECT_NE(error_of(settings("hinge"), binary()).find("weighted_bce (binary)"), std::string::npos);
  EXPECT_NE(error_of(settings("cce"), binary()).find("not available for a binary"),
            std::string::npos);
  EXPECT_NE(error_of(settings("weighted_bce", {{"pos_weigth", 2}}), binary())
                .find("unknown key 'pos_weigth'; valid keys: kind, pos_weight"),
            std::string::npos);
  // RWWCE without costs anywhere.
  EXPECT_NE(error_of(settings("rwwce"), binary()).find("needs w_fn"), std::string::npos);
  LossContext three;
  three.classes = 3;
  EXPECT_NE(error_of(settings("weighted_cce", {}, {{"class_weight", {1, 2}}}), three)
                .find("a list of 3 weights"),
            std::string::npos);
  EXPECT_NE(error_of(settings("rwwce"), three).find("needs the 3 x 3 matrix w_fn"),
            std::string::npos);
}

}  // namespace
}  // namespace rwwce::models
