#pragma once
// Names read from files (a run's table names, its finished tasks) become parts of paths: only
// plain names may, so nothing a file says can reach outside its directory.
#include <string>
#include <string_view>

#include "core/input_error.hpp"

namespace rwwce {

// 1-128 of [A-Za-z0-9_.@-], not "." or "..": no separator, nothing that climbs.
inline bool is_plain_name(std::string_view s) {
  if (s.empty() || s.size() > 128 || s == "." || s == "..") return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.' || c == '@';
    if (!ok) return false;
  }
  return true;
}

// InputError naming `what` and `source` unless `name` is plain.
inline void require_plain_name(std::string_view name, std::string_view what,
                               std::string_view source) {
  if (!is_plain_name(name))
    throw InputError(std::string(source) + ": " + std::string(what) + " '" +
                     std::string(name.substr(0, 80)) +
                     "' is not a plain name (1-128 letters, digits, '_', '-', '.', '@'; no path "
                     "separator, not '.' or '..')");
}

}  // namespace rwwce
