#include "harness/report/gnuplot_render.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/run/atomic_file.hpp"

extern char** environ;

namespace rwwce::harness {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::seconds kGnuplotTimeout{60};

// Both terminals, chosen inside the script so it runs on any gnuplot 5 build.
std::string svg_terminal(const std::string& stem, int w, int h) {
  return fmt::format(
      "set terminal svg size {},{} noenhanced font 'Sans,12' background rgb 'white'\n"
      "set output {}\n",
      w, h, gp_string(stem + ".svg"));
}
std::string png_terminal(const std::string& stem, int w, int h) {
  return fmt::format(
      "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {{\n"
      "  set terminal pngcairo size {0},{1} noenhanced font 'Sans,11' background rgb 'white'\n"
      "}} else {{\n"
      "  set terminal png size {0},{1} noenhanced background rgb 'white'\n"
      "}}\n"
      "set output {2}\n",
      w, h, gp_string(stem + ".png"));
}

std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

std::string tail_of(const fs::path& file, std::size_t max_chars) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max_chars) text = "..." + text.substr(text.size() - max_chars);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string plot_file_stem(const std::string& name) {
  std::string s = name.empty() ? std::string("model") : name;
  for (char& c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) c = '_';
  }
  return s;
}

std::string gp_string(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "''";
    else if (c == '\n' || c == '\r')
      q += ' ';
    else
      q += c;
  }
  return q + "'";
}

// `body` draws the figure; it is emitted once per output format.
std::string gnuplot_script(const std::string& stem, int w, int h, const std::string& body) {
  return "# Written by rwwce (harness/report/gnuplot_render.cpp). Run in this directory: gnuplot " +
         stem + ".gp\n" + svg_terminal(stem, w, h) + body + "unset multiplot\nset output\n" +
         "reset\n" + png_terminal(stem, w, h) + body + "unset multiplot\nset output\n";
}

PlotResult render_gnuplot(const fs::path& dir, const std::string& stem, const std::string& data,
                          const std::string& script) {
  PlotResult result;
  const fs::path data_path = dir / (stem + ".dat");
  const fs::path script_path = dir / (stem + ".gp");
  write_file_atomically(data_path, data);
  write_file_atomically(script_path, script);
  result.files = {data_path, script_path};
  const std::string how = fmt::format("cd {} && gnuplot {}", dir.string(), stem + ".gp");

  const std::string gnuplot = find_on_path("gnuplot");
  if (gnuplot.empty()) {
    result.message = fmt::format(
        "gnuplot not found on PATH: wrote {} and {} but no {}.svg/.png; to get the plots, "
        "install gnuplot (apt-get install gnuplot-nox), then run: {}",
        data_path.string(), script_path.string(), stem, how);
    return result;
  }

  const fs::path log_path = dir / (stem + ".gnuplot.log");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const std::string script_name = stem + ".gp";
  std::array<char*, 3> argv{const_cast<char*>(gnuplot.c_str()),
                            const_cast<char*>(script_name.c_str()), nullptr};
  pid_t pid = -1;
  const int spawn_rc =
      ::posix_spawn(&pid, gnuplot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_rc != 0) {
    result.message = fmt::format("could not start {} ({}); to render by hand: {}", gnuplot,
                                 std::strerror(spawn_rc), how);
    return result;
  }

  const auto deadline = std::chrono::steady_clock::now() + kGnuplotTimeout;
  int status = 0;
  bool timed_out = false;
  while (true) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      result.message = fmt::format("waiting for gnuplot failed ({}); to render by hand: {}",
                                   std::strerror(errno), how);
      return result;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  const fs::path svg = dir / (stem + ".svg");
  const fs::path png = dir / (stem + ".png");
  const auto nonempty = [](const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && fs::file_size(p, ec) > 0;
  };
  if (timed_out) {
    result.message = fmt::format("gnuplot did not finish within {} s and was stopped; log: {}",
                                 kGnuplotTimeout.count(), log_path.string());
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.message =
        fmt::format("gnuplot failed ({}) on {}: {}; log: {}",
                    WIFEXITED(status) ? fmt::format("exit code {}", WEXITSTATUS(status))
                                      : fmt::format("signal {}", WTERMSIG(status)),
                    script_path.string(), tail_of(log_path, 600), log_path.string());
  } else if (!nonempty(svg) || !nonempty(png)) {
    result.message = fmt::format("gnuplot exited 0 but {} or {} is missing or empty; log: {}",
                                 svg.string(), png.string(), log_path.string());
  } else {
    result.rendered = true;
    result.files.push_back(svg);
    result.files.push_back(png);
    std::error_code ec;
    fs::remove(log_path, ec);  // warnings only; the plots are there
    return result;
  }
  result.files.push_back(log_path);
  return result;
}

}  // namespace rwwce::harness
