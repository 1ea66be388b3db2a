// The CSV reader of a user's data (datasets/csv_data.hpp, a study's `source = "csv"`): what
// it accepts is a matrix with one row per label, finite features, labels below num_classes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "datasets/csv_data.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  const std::string text(fuzz::as_text(data, size));
  fuzz::expect_only_input_errors([&] {
    const datasets::LabelledData d = datasets::parse_csv_data(text, "y", "fuzz.csv");
    fuzz::check(d.x.shape()[0] == d.y.size() && d.y.size() > 0, "one row per label");
    fuzz::check(d.dim() >= 1 && d.feature_names.size() == d.dim(), "named features");
    for (float v : d.x) fuzz::check(std::isfinite(v), "features finite");
    for (auto label : d.y) fuzz::check(label < d.num_classes, "labels below num_classes");
  });
  return 0;
}
