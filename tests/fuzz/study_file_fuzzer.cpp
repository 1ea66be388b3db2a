// The study-file loader (experiments/study_file.hpp): a study file is parsed, `extends`
// resolved, every key checked and the study printed in canonical form. What is accepted must
// print as a study that resolves to itself (the printed study runs as is).
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiments/study_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce;
  static const fuzz::ScratchDir scratch;
  const std::string path = (scratch.path() / "study.toml").string();
  const std::string printed = (scratch.path() / "printed.toml").string();
  fuzz::write_file(path, fuzz::as_text(data, size));
  fuzz::expect_only_input_errors([&] {
    const experiments::Study s = experiments::resolve_study(experiments::load_study_table(path));
    fuzz::check(!s.arms.empty() && !s.models.empty() && !s.seeds.empty(),
                "a study has arms, models and seeds");
    fuzz::write_file(printed, s.resolved_toml);
    experiments::Study again;
    try {
      again = experiments::resolve_study(experiments::load_study_table(printed));
    } catch (const InputError& e) {
      fuzz::fail(std::string("the printed study does not resolve: ") + e.what());
    }
    fuzz::check(again.resolved_toml == s.resolved_toml, "the printed study resolves to itself");
  });
  return 0;
}
