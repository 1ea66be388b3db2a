#pragma once
// Compiles a generated .tex table the way a paper uses it: \input into a default
// \documentclass{article} whose only package is booktabs, with pdflatex.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/cli_support.hpp"

namespace rwwce::testing {

// What is wrong with `tex` in a default article: "" when pdflatex compiles it with no error, no
// Overfull \hbox (the table is wider than \linewidth) and no float larger than the page;
// otherwise the offending lines of the log. pdflatex missing is a failure too: the set-up script
// installs it.
inline std::string latex_problems(const std::string& tex, const std::string& tag) {
  if (std::system("command -v pdflatex >/dev/null 2>&1") != 0)
    return "pdflatex not found: scripts/setup.sh installs it (Debian package "
           "texlive-latex-recommended, which brings booktabs and texlive-latex-base)";
  ScratchDir dir("latex-" + tag);
  std::ofstream(dir.path() / "table.tex") << tex;
  std::ofstream(dir.path() / "paper.tex") << "\\documentclass{article}\n\\usepackage{booktabs}\n"
                                             "\\begin{document}\n\\input{table}\n"
                                             "\\end{document}\n";
  const std::string command = "cd '" + dir.path().string() +
                              "' && timeout -k 5 120 pdflatex -interaction=nonstopmode "
                              "-halt-on-error paper.tex >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  std::string problems;
  if (status != 0) problems += "pdflatex failed (status " + std::to_string(status) + ")\n";
  if (!std::filesystem::exists(dir.path() / "paper.log")) return problems + "no paper.log";
  std::istringstream log(slurp(dir.path() / "paper.log"));
  std::string line;
  for (bool keep = false; std::getline(log, line);) {
    // An error ("! ...") and the lines after it that say where; each overfull box; floats
    // taller than the page.
    if (line.rfind("!", 0) == 0 || line.rfind("Overfull \\hbox", 0) == 0 ||
        line.find("Float too large") != std::string::npos)
      keep = true;
    else if (line.empty())
      keep = false;
    if (keep) problems += line + "\n";
  }
  return problems;
}

}  // namespace rwwce::testing
