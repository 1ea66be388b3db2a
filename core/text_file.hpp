#pragma once
// Reading a whole input file (a study, a config, a cost file, a CSV, a run file) safely: only a
// regular file (a FIFO or a device would block or never end), only up to a stated size (checked
// before anything is allocated), and every failure an InputError that names the file and says
// what was expected and what was found.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include "core/input_error.hpp"

namespace rwwce {

// A size for messages: "12.0 MiB", "512 bytes".
inline std::string byte_size_text(std::uintmax_t n) {
  std::ostringstream s;
  s.precision(1);
  if (n >= (1u << 30))
    s << std::fixed << static_cast<double>(n) / (1u << 30) << " GiB";
  else if (n >= (1u << 20))
    s << std::fixed << static_cast<double>(n) / (1u << 20) << " MiB";
  else if (n >= (1u << 10))
    s << std::fixed << static_cast<double>(n) / (1u << 10) << " KiB";
  else
    s << n << " bytes";
  return s.str();
}

// Throws InputError unless `path` names a regular file (following symlinks); `what` says what
// the file is for ("study file", "cost file"). Returns its size.
inline std::uintmax_t require_regular_file(const std::filesystem::path& path,
                                           std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) {
    if (ec == std::errc::too_many_symbolic_link_levels)
      throw InputError(std::string(what) + " " + path.string() +
                       ": a loop of symbolic links; expected a regular file");
    if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory)
      throw InputError(std::string(what) + " " + path.string() + ": no such file");
    throw InputError(std::string(what) + " " + path.string() + ": cannot be examined (" +
                     ec.message() + ")");
  }
  if (st.type() == fs::file_type::not_found)
    throw InputError(std::string(what) + " " + path.string() + ": no such file");
  if (st.type() == fs::file_type::directory)
    throw InputError(std::string(what) + " " + path.string() +
                     ": is a directory; expected a regular file");
  if (st.type() != fs::file_type::regular)
    throw InputError(std::string(what) + " " + path.string() +
                     ": not a regular file (a FIFO, socket or device); expected a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec)
    throw InputError(std::string(what) + " " + path.string() + ": cannot read its size (" +
                     ec.message() + ")");
  return size;
}

// The whole file as bytes. Refuses anything but a regular file and files larger than
// `max_bytes` (before reading), each with an InputError naming the limit.
inline std::string read_text_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                  std::string_view what) {
  const std::uintmax_t size = require_regular_file(path, what);
  if (size > max_bytes)
    throw InputError(std::string(what) + " " + path.string() + ": " + byte_size_text(size) +
                     ", larger than the " + byte_size_text(max_bytes) + " a " + std::string(what) +
                     " may be");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(std::string(what) + " " + path.string() + ": cannot be opened (" +
                     std::strerror(errno) + ")");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size) || in.bad())
    throw InputError(std::string(what) + " " + path.string() + ": read " +
                     std::to_string(in.gcount()) + " of its " + std::to_string(size) +
                     " bytes (I/O error or the file changed while read)");
  return text;
}

}  // namespace rwwce
