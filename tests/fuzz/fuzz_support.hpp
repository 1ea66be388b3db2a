#pragma once
// What every libFuzzer target shares. A target feeds its input to one reader: an
// rwwce::InputError is the expected answer to bad input; any other exception, a failed
// check, a crash, a sanitizer report or a leak is a bug, reported by libFuzzer with the input
// that caused it.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/input_error.hpp"

namespace rwwce::fuzz {

// A finding: print what went wrong and abort, so libFuzzer saves the input as a crash.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

inline void check(bool ok, const char* what) {
  if (!ok) fail(std::string("check failed: ") + what);
}

// Runs `body`; InputError (bad input) is swallowed, every other exception is a finding.
template <class Body>
void expect_only_input_errors(Body&& body) {
  try {
    body();
  } catch (const InputError&) {
  } catch (const std::exception& e) {
    fail(std::string("unexpected exception (only rwwce::InputError may signal bad input): ") +
         e.what());
  } catch (...) {
    fail("unexpected exception of a non-std type");
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A private directory for targets whose reader takes a path, made once per process and removed
// when it exits (libFuzzer exits normally after -max_total_time / -runs).
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rwwce-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) fail("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) fail("cannot write " + path.string());
}

}  // namespace rwwce::fuzz
