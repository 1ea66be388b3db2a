#include "harness/report/csv_reporter.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

// Found by tests/fuzz/csv_reader_fuzzer.cpp: "\n-0e1\n" read -0.0, wrote "-0", which read back
// as the integer 0 and was re-written as "0".
TEST(CsvReporter, NegativeZeroStaysADoubleThroughARoundTrip) {
  Record r;
  r.set("mean_diff", -0.0);
  const std::string text = to_csv({r});
  EXPECT_EQ(text, "mean_diff\n-0\n");
  const auto parsed = parse_csv(text, "negative-zero.csv");
  ASSERT_EQ(parsed.size(), 1u);
  const auto* value = std::get_if<double>(parsed[0].find("mean_diff"));
  ASSERT_NE(value, nullptr);
  EXPECT_TRUE(std::signbit(*value));
  EXPECT_EQ(to_csv(parsed), text);
  EXPECT_EQ(to_csv(parse_csv("\n-0e1\n", "fuzz.csv")), "\n-0\n");
  EXPECT_EQ(std::get<std::int64_t>(*parse_csv("x\n0\n", "zero.csv")[0].find("x")), 0);
}

// Found by tests/fuzz/csv_reader_fuzzer.cpp: the quoted text "04" (and "\f3") was written
// unquoted, then read back as the number 4 (3) and re-written "4" ("3"). Text that would read
// back as a number spelled differently is now quoted; text that reads back the same is not.
TEST(CsvReporter, TextThatLooksLikeAnotherNumberIsQuoted) {
  const auto parsed = parse_csv("a,b,c,d\n\"04\",\"\f3\", 4,\"12\"\n", "numbers-as-text.csv");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(std::get<std::string>(*parsed[0].find("a")), "04");
  EXPECT_EQ(std::get<std::string>(*parsed[0].find("b")), "\f3");
  EXPECT_EQ(std::get<double>(*parsed[0].find("c")), 4.0);  // unquoted: a number, as before
  const std::string once = to_csv(parsed);
  EXPECT_EQ(once, "a,b,c,d\n\"04\",\"\f3\",4,12\n");
  EXPECT_EQ(to_csv(parse_csv(once, "numbers-as-text-rewritten.csv")), once);
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
