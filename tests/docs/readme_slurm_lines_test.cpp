// The README's SLURM lines are the ones the `slurm` test runs: tests/slurm/slurm_array_test.sh
// runs the command blocks of docs/slurm.md marked "<!-- slurm_array_test: NAME -->", and every
// line of a README shell block that calls sbatch must be, verbatim, a line of one of those
// blocks. A README edited on its own (a renamed script, a changed dependency) fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli_support.hpp"

namespace {

namespace fs = std::filesystem;
using rwwce::testing::slurp;

const fs::path kRoot = RWWCE_SOURCE_DIR;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines inside the fenced blocks of `text` that follow a line starting with `marker`
// (every fenced block when `marker` is empty).
std::vector<std::string> block_lines(const std::string& text, const std::string& marker) {
  std::vector<std::string> out;
  bool armed = marker.empty(), fenced = false, collecting = false;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind("```", 0) == 0) {
      collecting = !fenced && armed;
      if (fenced) armed = marker.empty();
      fenced = !fenced;
    } else if (fenced) {
      if (collecting) out.push_back(line);
    } else if (!marker.empty() && line.rfind(marker, 0) == 0) {
      armed = true;
    }
  }
  return out;
}

bool calls_sbatch(const std::string& line) {
  return line.find("sbatch ") != std::string::npos && line.rfind("#", 0) != 0;
}

TEST(ReadmeSlurmLines, BlockLinesFindsOnlyTheMarkedBlocks) {
  const std::string text =
      "intro\n```sh\nnot marked\n```\n<!-- slurm_array_test: a -->\n```sh\nline 1\nline 2\n```\n"
      "```sh\nafter\n```\n";
  EXPECT_EQ(block_lines(text, "<!-- slurm_array_test:"),
            (std::vector<std::string>{"line 1", "line 2"}));
  EXPECT_EQ(block_lines(text, ""),
            (std::vector<std::string>{"not marked", "line 1", "line 2", "after"}));
}

TEST(ReadmeSlurmLines, EverySbatchLineOfTheReadmeIsALineTheSlurmTestRuns) {
  const std::vector<std::string> tested =
      block_lines(slurp(kRoot / "docs" / "slurm.md"), "<!-- slurm_array_test:");
  ASSERT_FALSE(tested.empty()) << "docs/slurm.md has no block marked for the slurm test";
  const std::set<std::string> runs(tested.begin(), tested.end());
  std::size_t checked = 0;
  for (const std::string& line : block_lines(slurp(kRoot / "README.md"), "")) {
    if (!calls_sbatch(line)) continue;
    ++checked;
    EXPECT_TRUE(runs.count(line)) << "README.md runs\n  " << line
                                  << "\nwhich no block of docs/slurm.md marked "
                                     "\"<!-- slurm_array_test: ... -->\" holds";
  }
  // The README shows the array and its merge job.
  EXPECT_GE(checked, 2u) << "README.md has no sbatch line: the test would check nothing";
}

}  // namespace
