#include "harness/run/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

[[noreturn]] void fail(const std::string& doing, const std::filesystem::path& path, int err) {
  throw InputError("cannot write '" + path.string() + "': " + doing + " failed (" +
                   std::strerror(err) +
                   "); expected a writable location: check the path and its permissions");
}

// Closes the descriptor and removes the temporary file unless released: every early exit
// (including an exception) leaves no stray temporary behind.
struct TempGuard {
  int fd = -1;
  std::string name;
  bool keep = false;
  ~TempGuard() {
    if (fd >= 0) ::close(fd);
    if (!keep && !name.empty()) ::unlink(name.c_str());
  }
};

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  if (path.empty() || !path.has_filename()) {
    throw InputError("cannot write '" + path.string() +
                     "': expected a file path, found an empty path or a directory name");
  }
  const std::filesystem::path parent =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) fail("creating directory '" + parent.string() + "'", path, ec.value());

  // mkstemp gives a name unique in this directory even across processes and threads.
  std::string pattern = (parent / ("." + path.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  TempGuard tmp;
  tmp.fd = ::mkstemp(buf.data());
  if (tmp.fd < 0) fail("creating a temporary file in '" + parent.string() + "'", path, errno);
  tmp.name = buf.data();
  // mkstemp creates 0600; give the file the permissions an ordinary create would (umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(tmp.fd, 0666 & ~mask);

  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t w = ::write(tmp.fd, data, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("writing", path, errno);
    }
    data += w;
    left -= static_cast<std::size_t>(w);
  }
  if (::fsync(tmp.fd) != 0) fail("fsync", path, errno);
  const int fd = tmp.fd;
  tmp.fd = -1;
  if (::close(fd) != 0) fail("closing", path, errno);
  if (::rename(tmp.name.c_str(), path.c_str()) != 0) fail("renaming into place", path, errno);
  tmp.keep = true;  // the temporary is now the target

  // Make the rename itself durable.
  const int dfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0) fail("opening directory '" + parent.string() + "' to fsync", path, errno);
  const int rc = ::fsync(dfd);
  const int err = errno;
  ::close(dfd);
  if (rc != 0) fail("fsync of directory '" + parent.string() + "'", path, err);
}

}  // namespace rwwce::harness
