#pragma once
#include <stdexcept>
#include <string>

namespace rwwce {

// Bad input from the user or the disk: a missing or corrupt file, a malformed option, an
// impossible configuration. The message says what was expected, what was found and, where it
// helps, what to do. `main` prints it and exits with code 2; nothing else is a user error.
struct InputError : std::runtime_error {
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace rwwce
