#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace rwwce::harness {

// Counts of a binary decision against 0/1 labels (1 = positive).
struct Confusion {
  std::int64_t tp, fp, fn, tn;
};

// Throws InputError unless every label is 0 or 1. `who` names the caller in the message.
void require_binary_labels(const std::uint8_t* labels, std::size_t n, const char* who);

// Predicted positive iff scores[i] > threshold (strict; a NaN score is never positive).
// scores, labels: (n). Labels must be 0/1 (InputError otherwise).
Confusion confusion_at(const float* scores, const std::uint8_t* labels, std::size_t n,
                       double threshold);

// tp / (tp + fp); nullopt ("undefined") when nothing is predicted positive. sklearn would
// return 0 there (zero_division="warn"); 0 would read as a real, terrible precision.
std::optional<double> precision(const Confusion& c);
// tp / (tp + fn); nullopt when there is no actual positive (sklearn: 0 with a warning).
std::optional<double> recall(const Confusion& c);
// Harmonic mean of precision and recall, computed as 2 tp / (2 tp + fp + fn); nullopt when
// precision or recall is undefined. When both are defined and tp = 0 it is 0 (the limit, and
// sklearn's value). sklearn's f1_score returns 0 in every undefined case instead.
std::optional<double> f1(const Confusion& c);

// Area under the ROC curve as the Mann-Whitney statistic: the fraction of (positive,
// negative) pairs ranked correctly, ties counted 1/2; equals sklearn.metrics.roc_auc_score.
// NaN when one class is absent (sklearn raises ValueError). A NaN score is an InputError.
double roc_auc(const float* scores, const std::uint8_t* labels, std::size_t n);

struct RocPoint {
  double threshold, fpr, tpr;
};
// sklearn 1.2 sklearn.metrics.roc_curve(labels, scores, drop_intermediate=False): one point
// per distinct score, thresholds descending, preceded by (max score + 1, 0, 0). NOTE its
// convention: the point at threshold t counts score >= t as positive, not the strict > of
// confusion_at. fpr (tpr) is NaN throughout when there is no negative (positive), as sklearn
// (which warns). n = 0 or a NaN score is an InputError.
std::vector<RocPoint> roc_curve(const float* scores, const std::uint8_t* labels, std::size_t n);

}  // namespace rwwce::harness
