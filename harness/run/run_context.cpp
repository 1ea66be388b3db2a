#include "harness/run/run_context.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cblas.h>
#include <oneapi/tbb/version.h>
#include <boost/version.hpp>
#include <ctime>
#include <xtensor/xtensor_config.hpp>

#include "core/input_error.hpp"
#include "harness/run/version.hpp"

namespace rwwce::harness {
namespace {

std::string format_utc(const char* pattern) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

}  // namespace

std::string utc_timestamp() {
  return format_utc("%Y-%m-%dT%H:%M:%SZ");
}
std::string utc_timestamp_compact() {
  return format_utc("%Y%m%dT%H%M%SZ");
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string join_command_line(int argc, const char* const* argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_of(" \t\"'$\\") == std::string::npos;
    if (i) out += ' ';
    if (plain) {
      out += arg;
    } else {
      out += '\'';
      for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  return out;
}

nlohmann::ordered_json context_json(const RunContext& c) {
  nlohmann::ordered_json j;
  j["rwwce_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["experiment"] = c.experiment;
  j["preset"] = c.preset;
  j["root_seed"] = c.root_seed;
  j["command_line"] = c.command_line;
  j["host"] = host_name();
  j["threads"] = c.threads;
  j["started_utc"] = c.started_utc;
  j["finished_utc"] = c.finished_utc;
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  for (const auto& [k, v] : c.settings) settings[k] = v;
  j["settings"] = settings;
  j["tasks"] = c.tasks;
  if (!c.shard.empty()) j["shard"] = c.shard;
  if (!c.seeds.empty()) j["seeds"] = c.seeds;
  if (!c.data_files.empty()) {
    nlohmann::ordered_json data;
    data["checked"] = c.data_checked;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& file : c.data_files) {
      nlohmann::ordered_json f;
      f["path"] = file.first;
      f["sha256"] = file.second;
      files.push_back(f);
    }
    data["files"] = files;
    j["data"] = data;
  }
  if (!c.study.empty()) j["study"] = c.study;
  if (!c.merged_from.empty()) j["merged_from"] = c.merged_from;
  nlohmann::ordered_json libs;
  libs["xtensor"] =
      fmt::format("{}.{}.{}", XTENSOR_VERSION_MAJOR, XTENSOR_VERSION_MINOR, XTENSOR_VERSION_PATCH);
  libs["openblas"] = openblas_get_config();
  libs["openblas_kernels"] = openblas_get_corename();  // models::pin_blas_kernels
  libs["onetbb"] = fmt::format("{}.{}", TBB_VERSION_MAJOR, TBB_VERSION_MINOR);
  libs["boost"] = fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000,
                              BOOST_VERSION % 100);
  libs["fmt"] = fmt::format("{}", FMT_VERSION);
  libs["compiler"] = __VERSION__;
  j["libraries"] = libs;
  return j;
}

RunContext context_from_json(const nlohmann::ordered_json& j, const std::string& source) {
  auto field = [&](const char* name) -> const nlohmann::ordered_json& {
    if (!j.is_object() || !j.contains(name))
      throw InputError(
          fmt::format("{}: the context block has no '{}' (expected a results.json "
                      "written by rwwce run or rwwce merge)",
                      source, name));
    return j.at(name);
  };
  RunContext c;
  try {
    c.experiment = field("experiment").get<std::string>();
    c.preset = field("preset").get<std::string>();
    c.root_seed = field("root_seed").get<std::uint64_t>();
    c.threads = field("threads").get<int>();
    c.command_line = field("command_line").get<std::string>();
    c.started_utc = field("started_utc").get<std::string>();
    c.finished_utc = field("finished_utc").get<std::string>();
    for (const auto& [k, v] : field("settings").items())
      c.settings.emplace_back(k, v.get<std::string>());
    if (j.contains("tasks")) c.tasks = j.at("tasks").get<std::vector<std::string>>();
    if (j.contains("shard")) c.shard = j.at("shard").get<std::string>();
    if (j.contains("seeds")) c.seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
    if (j.contains("data")) {
      c.data_checked = j.at("data").at("checked").get<bool>();
      for (const auto& f : j.at("data").at("files"))
        c.data_files.emplace_back(f.at("path").get<std::string>(),
                                  f.at("sha256").get<std::string>());
    }
    if (j.contains("study")) c.study = j.at("study").get<std::string>();
    if (j.contains("merged_from"))
      c.merged_from = j.at("merged_from").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: malformed context block: {}", source, e.what()));
  }
  return c;
}

}  // namespace rwwce::harness
