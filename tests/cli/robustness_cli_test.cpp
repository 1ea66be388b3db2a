// Safe to run unattended, through the binary: every defect the issue listed, each a test that
// failed before its fix. Exit codes as the README promises: 2 for bad input or an unusable
// path, never a crash (139), an abort (134) or an internal error (3); nothing hangs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "datasets/mnist.hpp"
#include "harness/report/csv_reporter.hpp"
#include "harness/run/run_lock.hpp"
#include "tests/cli_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

const std::string kSmall = "run table1 --datasets d0b0 --epochs 1 --quiet ";

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// `args` exits 2 within `seconds`, its message containing `message`.
// A run that has not exited after `seconds` is killed and reported as exit 124.
void expect_bad_input(const std::string& args, const std::string& message, int seconds = 60) {
  const auto r = run_rwwce(args, seconds);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
}

// 2. The resume fingerprint covers the cost file's contents and the data files' contents.
TEST(Robustness, ResumeRefusesChangedCostsOrData) {
  ScratchDir dir("resume");
  auto matrix = [](double high) {
    std::string m = "[";
    for (int i = 0; i < 10; ++i) {
      m += i ? ", [" : "[";
      for (int j = 0; j < 10; ++j)
        m += (j ? ", " : "") + std::to_string(i == j ? 0.0 : (i == 3 && j == 8 ? high : 1.0));
      m += "]";
    }
    return m + "]";
  };
  const auto costs = [&](double high) {
    std::string eye = "[";
    for (int i = 0; i < 10; ++i) {
      eye += i ? ", [" : "[";
      for (int j = 0; j < 10; ++j) eye += (j ? ", " : "") + std::string(i == j ? "1" : "0");
      eye += "]";
    }
    eye += "]";
    std::string fp = "[";
    for (int i = 0; i < 10; ++i) {
      fp += i ? ", [" : "[";
      for (int j = 0; j < 10; ++j)
        fp += (j ? ", " : "") + std::string(i == 3 && j == 8 ? "19" : "0");
      fp += "]";
    }
    fp += "]";
    write(dir.path() / "costs.toml",
          "decision_cost = " + matrix(high) + "\nw_fn = " + eye + "\nw_fp = " + fp + "\n");
  };
  costs(20);
  const std::string args =
      "run table2 --cost-file " + (dir / "costs.toml") + " --epochs 1 --quiet --out " + (dir / "o");
  ASSERT_EQ(run_rwwce(args).exit_code, 0);
  costs(50);
  const auto changed = run_rwwce(args);
  EXPECT_EQ(changed.exit_code, 2) << changed.err;
  EXPECT_NE(changed.err.find("holds finished runs of a different configuration"), std::string::npos)
      << changed.err;
  EXPECT_NE(changed.err.find("costs.decision_cost"), std::string::npos) << changed.err;

  // A CSV study whose data file changes under the same --out.
  write(dir.path() / "d.csv",
        "a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n11,0\n12,1\n");
  write(dir.path() / "s.toml", R"(name = "tiny"
[data]
source = "csv"
path = "d.csv"
label = "y"
[split]
validation = 0
[model_defaults]
epochs = 1
batch = 4
[models.m]
loss = { kind = "bce" }
[[arms]]
name = "a"
model = "m"
decision = { kind = "threshold", value = 0.5 }
)");
  const std::string csv_args = "run '" + (dir / "s.toml") + "' --quiet --out " + (dir / "c");
  ASSERT_EQ(run_rwwce(csv_args).exit_code, 0);
  write(dir.path() / "d.csv",
        "a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n11,0\n13,1\n");
  const auto data = run_rwwce(csv_args);
  EXPECT_EQ(data.exit_code, 2) << data.err;
  EXPECT_NE(data.err.find("data d.csv was"), std::string::npos) << data.err;
}

// 3. One writer per --out: a second is refused at once, naming the holder's PID; a lock left
// by a process that is gone never blocks.
TEST(Robustness, SecondWriterIsRefusedAndStaleLocksDoNotBlock) {
  ScratchDir dir("lock");
  const fs::path out = dir.path() / "o";
  {
    const harness::RunLock held(out, "a test holding the lock");
    const auto r = run_rwwce(kSmall + "--out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("another rwwce is writing there (PID " + std::to_string(::getpid())),
              std::string::npos)
        << r.err;
    const auto m = run_rwwce("merge " + out.string() + " --out " + out.string());
    EXPECT_EQ(m.exit_code, 2) << m.err;
  }
  EXPECT_TRUE(fs::exists(out / ".rwwce.lock"));  // left behind, but nobody holds it
  const auto r = run_rwwce(kSmall + "--out " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// 4. Crashes and internal errors on bad input are now exit 2.
TEST(Robustness, ExtremeOptionsAreBadInput) {
  ScratchDir dir("extreme");
  write(dir.path() / "file", "x");
  fs::create_symlink(dir.path() / "loop", dir.path() / "loop");
  expect_bad_input(kSmall + "--threads 100000",
                   "--threads 100000: expected a whole number from 0 to 1024");
  expect_bad_input(kSmall + "--threads 2147483647", "expected a whole number from 0 to 1024");
  expect_bad_input(kSmall + "--batch 1000000000000", "expected a whole number from 1 to 100000000");
  expect_bad_input(kSmall + "--batch 50000 --out " + (dir / "b"),
                   "is larger than task d0b0's fit split (43015 examples)");
  expect_bad_input("--config /dev/zero " + kSmall, "not a regular file", 10);
  expect_bad_input("run table1 --epochs 1 --quiet --datasets 99999999999999999999",
                   "expected a count from 1 to 100");
  expect_bad_input(kSmall + "--out " + (dir / "file"), "is a file, not a directory");
  expect_bad_input(kSmall + "--out " + (dir / "loop"), "a loop of symbolic links");
  expect_bad_input(kSmall + "--out " + (dir / "file") + "/sub", "cannot create the directory");
}

// 5. NaN and divergence are never results.
TEST(Robustness, NanAndDivergenceAreRefused) {
  ScratchDir dir("nan");
  expect_bad_input(kSmall + "--lr nan", "--lr nan: expected a finite number");
  expect_bad_input("run table2 --pairs 1 --epochs 1 --lr nan",
                   "--lr nan: expected a finite number");
  expect_bad_input("run wdbc --dollars-per-unit nan", "--dollars-per-unit nan: expected");
  expect_bad_input(kSmall + "--w-fn 1e308",
                   "--w-fn 1e308: expected a finite number > 0 and <= 1e+12");
  expect_bad_input(kSmall + "--seed -1", "'-1' is not a seed");
  expect_bad_input(kSmall + "--seed 1e23", "'1e23' is not a seed");
  expect_bad_input(kSmall + "--seed 18446744073709551616", "is larger than the largest seed");
  // A study whose costs are finite but enormous: training diverges and the run stops, naming
  // where; nothing is written as a result.
  write(dir.path() / "s.toml", R"(extends = "table1"
name = "huge-costs"
[costs]
w_fn = 1e300
w_fp = 1e300
)");
  const auto r = run_rwwce("run '" + (dir / "s.toml") +
                           "' --datasets d0b0 --epochs 1 --quiet --out " + (dir / "o"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("task d0b0 (root seed 1), model rwwce: training diverged"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "o/runs.csv"));
}

// 6. Every run checks its data and records what it read.
TEST(Robustness, EveryRunChecksItsDataAndRecordsIt) {
  ScratchDir dir("data");
  const std::string src = datasets::default_data_dir();
  const fs::path copy = dir.path() / "mnist";
  fs::create_directories(copy);
  for (const char* f : datasets::kMnistFiles) fs::copy_file(src + "/" + f, copy / f);
  {
    std::fstream io(copy / "train-images-idx3-ubyte",
                    std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(100000);
    io.put(static_cast<char>(0x42));
  }
  const std::string args = kSmall + "--data-dir " + copy.string() + " --out " + (dir / "o");
  const auto bad = run_rwwce(args);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("train-images-idx3-ubyte' has SHA-256"), std::string::npos) << bad.err;
  const auto trusted = run_rwwce(args + " --trust-data");
  EXPECT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_NE(slurp(dir.path() / "o/results.json").find("\"checked\": false"), std::string::npos);
  // All-zero training labels: refused by the label counts (and the checksum).
  for (const char* f : datasets::kMnistFiles)
    fs::copy_file(src + "/" + f, copy / f, fs::copy_options::overwrite_existing);
  {
    std::vector<char> zeros(60000, 0);
    std::fstream io(copy / "train-labels-idx1-ubyte",
                    std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(8);
    io.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  const auto labels = run_rwwce(kSmall + "--data-dir " + copy.string() + " --out " + (dir / "z"));
  EXPECT_EQ(labels.exit_code, 2) << labels.err;
  const auto good = run_rwwce(kSmall + "--out " + (dir / "g"));
  ASSERT_EQ(good.exit_code, 0) << good.err;
  const std::string json = slurp(dir.path() / "g/results.json");
  EXPECT_NE(json.find("\"checked\": true"), std::string::npos);
  EXPECT_NE(json.find("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            std::string::npos);
}

// 7. Parts are complete or absent: a part cut at a line boundary is run again by resume and
// refused by merge.
TEST(Robustness, TruncatedPartsAreNotTakenAsComplete) {
  ScratchDir dir("parts");
  const std::string args = "run table1 --datasets 2 --epochs 1 --quiet --threads 1 --out ";
  ASSERT_EQ(run_rwwce(args + (dir / "whole")).exit_code, 0);
  ASSERT_EQ(run_rwwce(args + (dir / "cut")).exit_code, 0);
  const fs::path part = dir.path() / "cut/parts/d0b1@s1/runs.csv";
  std::string text = slurp(part);
  text = text.substr(0, text.rfind('\n', text.size() - 2) + 1);  // drop the last record
  write(part, text);
  const auto m = run_rwwce("merge " + (dir / "cut") + " --out " + (dir / "merged"));
  EXPECT_EQ(m.exit_code, 2) << m.err;
  EXPECT_NE(m.err.find("the finished task is damaged: runs.csv differs"), std::string::npos)
      << m.err;
  const auto resumed =
      run_rwwce("run table1 --datasets 2 --epochs 1 --threads 1 --out " + (dir / "cut"));
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("damaged"), std::string::npos) << resumed.err;
  EXPECT_EQ(slurp(dir.path() / "cut/runs.csv"), slurp(dir.path() / "whole/runs.csv"));
}

// 8. Huge files are refused from their size before they are read.
TEST(Robustness, HugeFilesAreRefusedQuickly) {
  ScratchDir dir("huge");
  const std::string src = datasets::default_data_dir();
  const fs::path copy = dir.path() / "mnist";
  fs::create_directories(copy);
  for (const char* f : datasets::kMnistFiles) fs::copy_file(src + "/" + f, copy / f);
  fs::resize_file(copy / "train-images-idx3-ubyte", std::uintmax_t{4} << 30);  // sparse
  expect_bad_input(kSmall + "--data-dir " + copy.string(), "header promises 47040016", 10);
  write(dir.path() / "big.toml", std::string(2 << 20, '#'));
  expect_bad_input("--config " + (dir / "big.toml") + " " + kSmall, "larger than the 1.0 MiB", 10);
}

// 9. Names read from run files are checked before they become paths.
TEST(Robustness, NamesFromRunFilesCannotEscapeTheRunDirectory) {
  ScratchDir dir("names");
  ASSERT_EQ(run_rwwce(kSmall + "--out " + (dir / "o")).exit_code, 0);
  std::string json = slurp(dir.path() / "o/results.json");
  const auto at = json.find("\"timings\": [");
  ASSERT_NE(at, std::string::npos);
  json.replace(at, 10, "\"../../x\":");
  write(dir.path() / "o/results.json", json);
  expect_bad_input("report " + (dir / "o"), "table '../../x' is not a plain name");
  ASSERT_EQ(run_rwwce(kSmall + "--out " + (dir / "p")).exit_code, 0);
  const fs::path done = dir.path() / "p/parts/d0b0@s1/done";
  write(done, slurp(done) + "../../../etc/passwd 1 abc\n");
  expect_bad_input("merge " + (dir / "p") + " --out " + (dir / "m"), "is not a plain name");
}

// 10. Smaller ones: FIFOs never block; a killed write's temporary files are cleared.
TEST(Robustness, FifosDoNotHangAndTemporariesAreCleared) {
  ScratchDir dir("fifo");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  expect_bad_input("--config " + (dir / "fifo") + " " + kSmall, "not a regular file", 10);
  expect_bad_input("run table2 --cost-file " + (dir / "fifo") + " --quiet", "not a regular file",
                   10);
  expect_bad_input("run " + (dir / "fifo") + ".toml", "no such file", 10);
  ASSERT_EQ(run_rwwce(kSmall + "--out " + (dir / "o")).exit_code, 0);
  write(dir.path() / "o/.runs.csv.tmp.AbC123", "half");
  write(dir.path() / "o/parts/d0b0@s1/.runs.csv.tmp.XyZ789", "half");
  ASSERT_EQ(run_rwwce(kSmall + "--out " + (dir / "o")).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir.path() / "o/.runs.csv.tmp.AbC123"));
  EXPECT_FALSE(fs::exists(dir.path() / "o/parts/d0b0@s1/.runs.csv.tmp.XyZ789"));
}

}  // namespace
}  // namespace rwwce
