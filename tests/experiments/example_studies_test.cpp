// Every example file under experiments/studies/examples/ (a study, a cost file, a --config file)
// says in a `# Run: rwwce ...` line how it is used, and that command resolves: the CLI reads the
// file, checks every key and prints the resolved study (--print-study), without reading data or
// training. So an example that the format outgrew fails here, not in a user's hands.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::slurp;

const fs::path kRoot = RWWCE_SOURCE_DIR;
const std::string kExamplesRel = "experiments/studies/examples/";

// The arguments after "# Run: rwwce " in `text`, or "" when it has no such line.
std::string run_line(const std::string& text) {
  std::istringstream in(text);
  const std::string marker = "# Run: rwwce ";
  for (std::string line; std::getline(in, line);)
    if (line.rfind(marker, 0) == 0) return line.substr(marker.size());
  return {};
}

// `args` with every repository-relative example path made absolute, so the command runs from
// any working directory.
std::string absolute_paths(std::string args) {
  const std::string absolute = (kRoot / kExamplesRel).string();
  for (std::size_t at = args.find(kExamplesRel); at != std::string::npos;
       at = args.find(kExamplesRel, at + absolute.size()))
    if (at == 0 || args[at - 1] == ' ') args.replace(at, kExamplesRel.size(), absolute);
  return args;
}

std::vector<fs::path> example_tomls() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kRoot / kExamplesRel))
    if (e.path().extension() == ".toml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ExampleStudies, RunLinesAreFoundAndMadeAbsolute) {
  EXPECT_EQ(run_line("# A study\n#\n# Run: rwwce run x.toml --seeds 2\nname = \"x\"\n"),
            "run x.toml --seeds 2");
  EXPECT_EQ(run_line("# rwwce run x.toml\n"), "");
  EXPECT_EQ(absolute_paths("run table2 --cost-file " + kExamplesRel + "c.toml"),
            "run table2 --cost-file " + (kRoot / kExamplesRel).string() + "c.toml");
}

TEST(ExampleStudies, EveryExampleResolvesAsItsRunLineSays) {
  const auto files = example_tomls();
  // annotated-study, control1-collapse, mnist-costs, own-csv, payoff-options, table1-heuristics
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string args = run_line(slurp(file));
    ASSERT_FALSE(args.empty()) << file << " has no '# Run: rwwce ...' line saying how to use it";
    EXPECT_NE(args.find(kExamplesRel + file.filename().string()), std::string::npos)
        << "its run line does not use the file itself: " << args;
    const auto r = run_rwwce(absolute_paths(args) + " --print-study --quiet");
    ASSERT_EQ(r.exit_code, 0) << "rwwce " << args << " --print-study: " << r.err;
    // The resolved study, as TOML that runs as is.
    EXPECT_NE(r.out.find("\nname = "), std::string::npos) << r.out.substr(0, 400);
    EXPECT_NE(r.out.find("[[arms]]"), std::string::npos);
  }
}

TEST(ExampleStudies, TheCostAndPayoffExamplesReachTheResolvedCosts) {
  // mnist-costs.toml: its 3 -> 8 mistake costs 20, and RWWCE's w_fp carries 19 there.
  const auto costs =
      run_rwwce("run table2 --cost-file '" + (kRoot / kExamplesRel / "mnist-costs.toml").string() +
                "' --print-study");
  ASSERT_EQ(costs.exit_code, 0) << costs.err;
  EXPECT_NE(costs.out.find("  [1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 20.0, 1.0],"),
            std::string::npos)
      << costs.out;
  EXPECT_NE(costs.out.find("  [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 19.0, 0.0],"),
            std::string::npos);
  EXPECT_EQ(costs.out.find("pairs = "), std::string::npos) << "a cost file replaces the pairs";
  // payoff-options.toml: the statistics question's payoff and five root seeds.
  const auto payoff =
      run_rwwce("run wdbc --config '" + (kRoot / kExamplesRel / "payoff-options.toml").string() +
                "' --print-study");
  ASSERT_EQ(payoff.exit_code, 0) << payoff.err;
  EXPECT_NE(payoff.out.find("payoff = { tp = 10.0, fp = -1.0, tn = 0.0, fn = 0.0 }"),
            std::string::npos)
      << payoff.out;
  EXPECT_NE(payoff.out.find("dollars_per_unit = 1.0\n"), std::string::npos);
  EXPECT_NE(payoff.out.find("\nseeds = 5\n"), std::string::npos);
}

}  // namespace
}  // namespace rwwce
