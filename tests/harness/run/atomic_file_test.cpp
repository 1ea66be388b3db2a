#include "harness/run/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/input_error.hpp"

namespace fs = std::filesystem;
using rwwce::InputError;
using rwwce::harness::write_file_atomically;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("rwwce_atomic_file_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

}  // namespace

TEST(AtomicFile, WritesContentAndCreatesParents) {
  const fs::path dir = fresh_dir("content");
  const fs::path target = dir / "a" / "b" / "out.csv";
  const std::string content("x,y\n1,2\n\0binary", 16);
  write_file_atomically(target, content);
  EXPECT_EQ(slurp(target), content);
  EXPECT_EQ(entries(target.parent_path()), 1u);  // no temporary left beside it
}

TEST(AtomicFile, OverwritesExistingFile) {
  const fs::path dir = fresh_dir("overwrite");
  const fs::path target = dir / "results.json";
  write_file_atomically(target, "a much longer first version of the file\n");
  write_file_atomically(target, "short\n");
  EXPECT_EQ(slurp(target), "short\n");
  EXPECT_EQ(entries(dir), 1u);
}

TEST(AtomicFile, EmptyContentGivesEmptyFile) {
  const fs::path dir = fresh_dir("empty");
  write_file_atomically(dir / "empty.txt", "");
  EXPECT_TRUE(fs::is_regular_file(dir / "empty.txt"));
  EXPECT_EQ(fs::file_size(dir / "empty.txt"), 0u);
}

TEST(AtomicFile, PathUnderRegularFileThrowsNamingPathAndError) {
  const fs::path dir = fresh_dir("under_file");
  write_file_atomically(dir / "plain.txt", "I am a file\n");
  const fs::path bad = dir / "plain.txt" / "child.txt";
  try {
    write_file_atomically(bad, "never written");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(bad.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("Not a directory"), std::string::npos) << msg;
  }
  EXPECT_EQ(slurp(dir / "plain.txt"), "I am a file\n");
  EXPECT_EQ(entries(dir), 1u);
}

TEST(AtomicFile, FailedRenameLeavesNoTemporaryAndKeepsTarget) {
  const fs::path dir = fresh_dir("rename_fails");
  fs::create_directories(dir / "target_is_a_dir" / "inside");  // rename over a non-empty dir fails
  EXPECT_THROW(write_file_atomically(dir / "target_is_a_dir", "data"), InputError);
  EXPECT_TRUE(fs::is_directory(dir / "target_is_a_dir" / "inside"));
  EXPECT_EQ(entries(dir), 1u);  // only the directory: the temporary was removed
}
