#include "harness/report/csv_reporter.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

std::vector<Record> sample() {
  Record a, b;
  a.set("dataset", std::string("d0b0")).set("tp", std::int64_t{165}).set("rwc", 2.8166);
  a.set_optional("precision", std::nullopt);
  a.set("seed", std::string("18446744073709551615"));
  b.set("dataset", std::string("a,\"b\"")).set("tp", std::int64_t{-3}).set("rwc", 1e-300);
  b.set("precision", 0.1 + 0.2).set("extra", std::string("x"));
  return {a, b};
}

TEST(CsvReporter, ExactOutput) {
  // Header: union of fields in first-seen order; Undefined and missing cells empty; text with a
  // comma or quote is quoted; doubles in shortest round-trip form.
  EXPECT_EQ(to_csv(sample()),
            "dataset,tp,rwc,precision,seed,extra\n"
            "d0b0,165,2.8166,,18446744073709551615,\n"
            "\"a,\"\"b\"\"\",-3,1e-300,0.30000000000000004,,x\n");
}

TEST(CsvReporter, RoundTripIsByteIdentical) {
  const std::string text = to_csv(sample());
  const auto parsed = parse_csv(text, "sample.csv");
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(to_csv(parsed), text);
  EXPECT_EQ(parsed[0].text("seed"), "18446744073709551615");  // beyond int64: kept as text
  EXPECT_EQ(parsed[0].number("tp"), 165.0);
  EXPECT_FALSE(parsed[0].number("precision").has_value());
  EXPECT_DOUBLE_EQ(*parsed[1].number("precision"), 0.1 + 0.2);
}

TEST(CsvReporter, RejectsTruncatedAndRaggedFiles) {
  EXPECT_THROW(parse_csv("", "empty.csv"), InputError);
  EXPECT_THROW(parse_csv("a,b\n1,2", "truncated.csv"), InputError);
  EXPECT_THROW(parse_csv("a,b\n1\n", "ragged.csv"), InputError);
  EXPECT_THROW(parse_csv("a,b\n\"1,2\n", "open-quote.csv"), InputError);
  try {
    parse_csv("a,b\n1\n", "ragged.csv");
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ragged.csv: row 2 has 1 cells, the header has 2"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace rwwce::harness
