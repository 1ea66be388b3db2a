// Every document the repository's text points to is in the repository: each docs/<name>.md
// named by a source, a help text, a study file, a test or another document exists, and each
// section it names ("docs/protocol.md, section 'Table I'") is a heading of that document; no
// text names a capitalised Markdown file (a specification such as the one the protocols were
// first written in) that the repository does not hold.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::slurp;

const fs::path kRoot = RWWCE_SOURCE_DIR;

// Directories that hold no text of the repository: version control, build trees, the data and
// run outputs (git-ignored), and fuzzing inputs (arbitrary bytes).
bool skipped_directory(const fs::path& dir) {
  const fs::path rel = dir.lexically_relative(kRoot);
  const std::string first = rel.begin() == rel.end() ? "" : rel.begin()->string();
  if (first == ".git" || first.rfind("build", 0) == 0 || first == "data") return true;
  const std::string r = rel.generic_string();
  return r == "results/runs" || r == "tests/fuzz/corpus/run_dir";
}

// The repository's text files (no NUL byte, at most 4 MiB), relative paths in sorted order.
std::map<std::string, std::string> repository_texts() {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(kRoot); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_directory()) {
      if (skipped_directory(it->path())) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > (4u << 20)) continue;
    std::string text = slurp(it->path());
    if (text.find('\0') != std::string::npos) continue;
    out.emplace(it->path().lexically_relative(kRoot).generic_string(), std::move(text));
  }
  return out;
}

std::size_t line_of(const std::string& text, std::size_t pos) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + pos, '\n'));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The headings of a Markdown document, lower-cased, without their leading #s.
std::set<std::string> headings(const std::string& markdown) {
  std::set<std::string> out;
  std::istringstream in(markdown);
  bool fenced = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) fenced = !fenced;
    if (fenced || line.empty() || line[0] != '#') continue;
    const std::size_t start = line.find_first_not_of("# ");
    if (start != std::string::npos) out.insert(lower(line.substr(start)));
  }
  return out;
}

struct DocReference {
  std::string doc;      // e.g. "protocol.md"
  std::string section;  // "" when none is named
  std::size_t line;
};

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// Every "docs/<name>.md" in `text`, with the section named right after it as
// ", section 'Name'" (or "Name" in double quotes; the comma may end a line and the next line
// start with a comment marker or a string-literal quote).
std::vector<DocReference> doc_references(const std::string& text) {
  static const std::string kDocs = std::string("docs") + "/";
  std::vector<DocReference> out;
  for (std::size_t at = text.find(kDocs); at != std::string::npos; at = text.find(kDocs, at + 1)) {
    if (at > 0 && (name_char(text[at - 1]) || text[at - 1] == '/')) continue;  // a/docs/x.md
    std::size_t end = at + kDocs.size();
    while (end < text.size() && name_char(text[end])) ++end;
    std::string name = text.substr(at + kDocs.size(), end - at - kDocs.size());
    while (!name.empty() && name.back() == '.') name.pop_back();  // the end of a sentence
    if (name.size() < 4 || name.compare(name.size() - 3, 3, ".md") != 0) continue;
    DocReference ref{name, "", line_of(text, at)};
    std::size_t p = at + kDocs.size() + name.size();
    if (p < text.size() && text[p] == ',') {
      ++p;
      while (p < text.size() && std::string(" \t\n/#*\"").find(text[p]) != std::string::npos) ++p;
      static const std::string kSection = "section ";
      if (text.compare(p, kSection.size(), kSection) == 0) {
        p += kSection.size();
        if (p < text.size() && (text[p] == '\'' || text[p] == '"')) {
          const std::size_t close = text.find(text[p], p + 1);
          if (close != std::string::npos && close - p < 120)
            ref.section = text.substr(p + 1, close - p - 1);
        }
      }
    }
    out.push_back(ref);
  }
  return out;
}

// The problems of the references in `text` (from `where`), against the repository's docs/.
std::vector<std::string> check_references(const std::string& where, const std::string& text) {
  std::vector<std::string> problems;
  for (const DocReference& r : doc_references(text)) {
    const fs::path doc = kRoot / "docs" / r.doc;
    const std::string at = where + ":" + std::to_string(r.line) + ": docs/" + r.doc;
    if (!fs::is_regular_file(doc)) {
      problems.push_back(at + " does not exist");
      continue;
    }
    if (!r.section.empty() && headings(slurp(doc)).count(lower(r.section)) == 0)
      problems.push_back(at + " has no section '" + r.section + "'");
  }
  return problems;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "\n  " + l;
  return s;
}

TEST(DocReferences, TheReferenceScannerFindsPathsAndSections) {
  // The scanner itself, on text written here (so this file names no document).
  const std::string d = std::string("docs") + "/";
  const auto refs = doc_references("see " + d + "a.md, section 'Table I'. Also (" + d +
                                   "b.md,\n// section 'Splits') and " + d + "c.md. Not " + d +
                                   "x.toml, not my" + d + "y.md");
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].doc, "a.md");
  EXPECT_EQ(refs[0].section, "Table I");
  EXPECT_EQ(refs[1].doc, "b.md");
  EXPECT_EQ(refs[1].section, "Splits");
  EXPECT_EQ(refs[1].line, 1u);
  EXPECT_EQ(refs[2].doc, "c.md");
  EXPECT_EQ(refs[2].section, "");
  EXPECT_EQ(headings("# A\n```\n# not a heading\n```\n## Table I\ntext\n"),
            (std::set<std::string>{"a", "table i"}));
}

TEST(DocReferences, EveryDocumentAndSectionTheRepositoryNamesExists) {
  const auto texts = repository_texts();
  ASSERT_GT(texts.size(), 100u) << "the scan found too few files under " << kRoot;
  std::vector<std::string> problems;
  std::size_t references = 0;
  for (const auto& [path, text] : texts) {
    references += doc_references(text).size();
    for (auto& p : check_references(path, text)) problems.push_back(std::move(p));
  }
  // The built-in studies, the loader and the CLI cite the protocol and the formats.
  EXPECT_GT(references, 30u);
  EXPECT_TRUE(problems.empty()) << "references to documents that do not exist:" << joined(problems);
}

TEST(DocReferences, NoTextNamesAMarkdownDocumentOutsideTheRepository) {
  // A Markdown file named in capitals (a specification, a style guide) must be a file
  // somewhere in the repository, as the READMEs are.
  const auto texts = repository_texts();
  std::set<std::string> basenames;
  for (const auto& [path, text] : texts) basenames.insert(fs::path(path).filename().string());
  std::vector<std::string> problems;
  for (const auto& [path, text] : texts) {
    for (std::size_t at = text.find(".md"); at != std::string::npos;
         at = text.find(".md", at + 1)) {
      std::size_t start = at;
      while (start > 0 &&
             (std::isupper(static_cast<unsigned char>(text[start - 1])) ||
              std::isdigit(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '_'))
        --start;
      if (start == at || !std::isupper(static_cast<unsigned char>(text[start]))) continue;
      if (start > 0 &&
          (std::islower(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '-'))
        continue;  // part of a longer, mixed-case name
      const std::size_t end = at + 3;
      if (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) continue;
      const std::string name = text.substr(start, end - start);
      if (basenames.count(name) == 0)
        problems.push_back(path + ":" + std::to_string(line_of(text, at)) + ": " + name);
    }
  }
  EXPECT_TRUE(problems.empty()) << "names of documents that are not in the repository:"
                                << joined(problems);
}

TEST(DocReferences, EveryHelpTextPointsAtDocumentsThatExist) {
  std::vector<std::string> problems;
  std::size_t references = 0;
  for (const char* args : {"--help", "run --help", "run table1 --help", "run table2 --help",
                           "run wdbc --help", "studies --help", "reproduce --help", "data --help",
                           "data fetch --help", "data verify --help", "datasets --help",
                           "compare --help", "merge --help", "report --help"}) {
    const auto r = run_rwwce(args);
    ASSERT_EQ(r.exit_code, 0) << "rwwce " << args << ": " << r.err;
    references += doc_references(r.out).size();
    for (auto& p : check_references(std::string("rwwce ") + args, r.out))
      problems.push_back(std::move(p));
  }
  EXPECT_GT(references, 3u);  // run, run STUDY and data verify name their documents
  EXPECT_TRUE(problems.empty()) << "help texts naming documents that do not exist:"
                                << joined(problems);
}

TEST(DocReferences, TheStudyFileReferenceQuotesItsCompleteExampleVerbatim) {
  const std::string example =
      slurp(kRoot / "experiments" / "studies" / "examples" / "annotated-study.toml");
  const std::string reference = slurp(kRoot / "docs" / "study-files.md");
  EXPECT_NE(reference.find("```toml\n" + example + "```\n"), std::string::npos)
      << "docs/study-files.md's complete example differs from annotated-study.toml; paste the "
         "file into the page again";
}

}  // namespace
}  // namespace rwwce
