// The CSV reader of run files (harness/report/csv_reporter.hpp parse_csv). What it accepts,
// written back by to_csv, must read back to the same text: to_csv(parse(to_csv(parse(x)))) ==
// to_csv(parse(x)), so `merge` and `report` never change a file they re-read.
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/report/csv_reporter.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  const std::string text(fuzz::as_text(data, size));
  fuzz::expect_only_input_errors([&] {
    const auto records = harness::parse_csv(text, "fuzz.csv");
    const std::string once = harness::to_csv(records);
    std::string twice;
    try {
      twice = harness::to_csv(harness::parse_csv(once, "fuzz-rewritten.csv"));
    } catch (const InputError& e) {
      fuzz::fail(std::string("to_csv wrote a file parse_csv refuses: ") + e.what());
    }
    fuzz::check(once == twice, "parse_csv(to_csv(records)) writes back the same text");
  });
  return 0;
}
