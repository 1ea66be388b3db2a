#include "harness/stats/summary.hpp"

#include <gtest/gtest.h>

#include "harness/report/csv_reporter.hpp"

namespace rwwce::harness {
namespace {

std::vector<Record> runs() {
  const std::vector<double> fn_c{45, 50, 38, 61, 47}, fn_t{16, 20, 15, 19, 12};
  const std::vector<double> fp_c{12, 13, 9, 15, 10}, fp_t{127, 120, 133, 119, 140};
  std::vector<Record> out;
  for (int i = 0; i < 5; ++i) {
    const std::string ds = "d" + std::to_string(i);
    Record c, t;
    c.set("dataset", ds).set("arm", std::string("control")).set("fn", fn_c[i]).set("fp", fp_c[i]);
    // One undefined precision: excluded from its arm's mean and from the pairs.
    c.set_optional("precision", i == 2 ? std::optional<double>{} : std::optional<double>{0.5});
    t.set("dataset", ds).set("arm", std::string("test")).set("fn", fn_t[i]).set("fp", fp_t[i]);
    t.set("precision", 0.25);
    out.push_back(c);
    out.push_back(t);
  }
  return out;
}

SummarySpec spec() {
  SummarySpec s;
  s.arms = {"control", "test"};
  s.metrics = {"fn", "fp", "precision"};
  s.comparisons = {{"control", "test"}};
  return s;
}

TEST(Summary, MeansAndPairedStatisticsMatchScipy) {
  const Summary s = summarize(runs(), spec());
  ASSERT_NE(s.mean_of("control", "fn"), nullptr);
  EXPECT_DOUBLE_EQ(s.mean_of("control", "fn")->mean, 48.2);
  EXPECT_EQ(s.mean_of("control", "precision")->n_defined, 4u);
  EXPECT_EQ(s.mean_of("control", "precision")->n_runs, 5u);

  const Comparison* fn = s.comparison_of("control", "test", "fn");
  ASSERT_NE(fn, nullptr);
  // scipy.stats.ttest_rel([45,50,38,61,47], [16,20,15,19,12]) -> statistic 9.98638125903911,
  // pvalue 0.0005649765753575784; confidence_interval() -> (22.95886405144266,
  // 40.64113594855734) (scipy 1.10.1)
  EXPECT_NEAR(std::get<double>(fn->t), 9.98638125903911, 1e-12);
  EXPECT_NEAR(std::get<double>(fn->p), 0.0005649765753575784, 1e-15);
  EXPECT_NEAR(std::get<double>(fn->ci95_low), 22.95886405144266, 1e-9);
  EXPECT_NEAR(std::get<double>(fn->ci95_high), 40.64113594855734, 1e-9);
  // scipy.stats.wilcoxon(same) -> statistic 0.0, pvalue 0.0625 (exact, n = 5)
  EXPECT_DOUBLE_EQ(std::get<double>(fn->wilcoxon_statistic), 0.0);
  EXPECT_NEAR(std::get<double>(fn->wilcoxon_p), 0.0625, 1e-12);

  const Comparison* fp = s.comparison_of("control", "test", "fp");
  // scipy.stats.ttest_rel([12,13,9,15,10], [127,120,133,119,140]) -> -23.531783952073802,
  // 1.9333980584080957e-05 (scipy 1.10.1)
  EXPECT_NEAR(std::get<double>(fp->p), 1.9333980584080957e-05, 1e-16);
  // Holm over the three p-values (0 for precision, see below): sorted 0*3, 1.933e-05*2 =
  // 3.8668e-05, then max(5.650e-04*1, 3.8668e-05) = 5.650e-04.
  EXPECT_NEAR(std::get<double>(fp->p_holm), 2 * 1.9333980584080957e-05, 1e-16);
  EXPECT_NEAR(std::get<double>(fn->p_holm), 0.0005649765753575784, 1e-15);

  const Comparison* prec = s.comparison_of("control", "test", "precision");
  EXPECT_EQ(prec->n_pairs, 4u);
  // A constant non-zero difference (0.5 - 0.25 on every pair): scipy.stats.ttest_rel gives
  // t = inf and p = 0.0; an infinite t is written as undefined, p stays 0.
  EXPECT_TRUE(std::holds_alternative<Undefined>(prec->t));
  EXPECT_EQ(std::get<double>(prec->p), 0.0);
}

TEST(Summary, OneDatasetStillSummarises) {
  const std::vector<Record> all = runs();
  const std::vector<Record> two(all.begin(), all.begin() + 2);
  const Summary s = summarize(two, spec());
  const Comparison* fn = s.comparison_of("control", "test", "fn");
  EXPECT_EQ(fn->n_pairs, 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(fn->mean_diff), 29.0);
  EXPECT_TRUE(std::holds_alternative<Undefined>(fn->p));
}

TEST(Summary, DuplicateRunsAreAnError) {
  auto r = runs();
  r.push_back(r.front());
  EXPECT_THROW(summarize(r, spec()), std::exception);
}

TEST(Summary, RecordsHaveOneRowPerMeanAndComparisonFirst) {
  const auto rows = summary_records(summarize(runs(), spec()));
  std::size_t means = 0, comparisons = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string kind = rows[i].text("kind");
    if (i < 6) {
      EXPECT_EQ(kind, "mean");
    } else if (i < 9) {
      EXPECT_EQ(kind, "comparison");
    }
    means += kind == "mean";
    comparisons += kind == "comparison";
  }
  EXPECT_EQ(means, 2u * 3u);
  EXPECT_EQ(comparisons, 1u * 3u);
  // The columns of the mean and comparison rows come first, as summary.csv always had them.
  const std::string csv = to_csv(rows);
  EXPECT_EQ(csv.substr(0, csv.find('\n'))
                .rfind("kind,arm,reference,metric,n,mean,sd,mean_diff,t,df,p,ci95_low,ci95_high,"
                       "wilcoxon_statistic,wilcoxon_p,p_holm",
                       0),
            0u);
}

}  // namespace
}  // namespace rwwce::harness
