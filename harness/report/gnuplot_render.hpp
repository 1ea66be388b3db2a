#pragma once
// The one way the harness draws a figure: a data file and a gnuplot script written beside each
// other, then gnuplot run on the script (when it is installed) to produce an SVG and a PNG. A
// missing or failing gnuplot is reported, never thrown: the files say how to draw by hand.
#include <filesystem>
#include <string>
#include <vector>

namespace rwwce::harness {

// What a plot call produced. `files` lists every file written (data, script and, when rendered,
// the SVG and PNG). `rendered` is true when gnuplot ran and exited 0 within the time limit.
// `message` is empty on success; otherwise it says why nothing was rendered and how to render
// (install gnuplot, run the script) or what gnuplot reported. A gnuplot failure is not an
// exception; bad input data and unwritable directories are (InputError).
struct PlotResult {
  std::vector<std::filesystem::path> files;
  bool rendered = false;
  std::string message;
};

// A name made safe as a file stem: every character outside [A-Za-z0-9._-] becomes '_'.
std::string plot_file_stem(const std::string& name);

// A gnuplot single-quoted string: a quote inside is doubled; newlines become spaces.
std::string gp_string(const std::string& s);

// The script drawing `body` twice, into <stem>.svg and <stem>.png (pngcairo when the installed
// gnuplot has it, else png), `width` x `height` pixels. `body` ends its own multiplot, if any.
std::string gnuplot_script(const std::string& stem, int width, int height, const std::string& body);

// Writes `<stem>.dat` (= `data`) and `<stem>.gp` (= `script`) into `dir` (created if needed)
// and, if `gnuplot` is on PATH, runs `gnuplot <stem>.gp` in `dir` (killed after 60 s). The
// script names files relative to `dir`, so `cd dir && gnuplot <stem>.gp` redraws the figure.
PlotResult render_gnuplot(const std::filesystem::path& dir, const std::string& stem,
                          const std::string& data, const std::string& script);

}  // namespace rwwce::harness
