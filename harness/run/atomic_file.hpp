#pragma once
#include <filesystem>
#include <string_view>

namespace rwwce::harness {

// Writes `content` to `path` so that a reader sees either the old file or the complete new one,
// never a half-written file: creates the parent directories, writes a unique temporary file in
// the same directory, flushes and fsyncs it, renames it over `path` and fsyncs the directory.
// On any failure the temporary file is removed, the target is untouched and InputError names the
// path and the system's error text.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace rwwce::harness
