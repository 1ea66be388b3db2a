#include "harness/report/markdown_html.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

namespace rwwce::harness {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// `code`, **bold** and [text](url); the rest escaped.
std::string inline_html(const std::string& s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '`') {
      const std::size_t end = s.find('`', i + 1);
      if (end != std::string::npos) {
        out += "<code>" + escape(s.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
        continue;
      }
    }
    if (s.compare(i, 2, "**") == 0) {
      const std::size_t end = s.find("**", i + 2);
      if (end != std::string::npos) {
        out += "<strong>" + inline_html(s.substr(i + 2, end - i - 2)) + "</strong>";
        i = end + 2;
        continue;
      }
    }
    if (s[i] == '[') {
      const std::size_t close = s.find("](", i + 1);
      const std::size_t end = close == std::string::npos ? close : s.find(')', close + 2);
      if (end != std::string::npos) {
        out += "<a href=\"" + escape(s.substr(close + 2, end - close - 2)) + "\">" +
               inline_html(s.substr(i + 1, close - i - 1)) + "</a>";
        i = end + 1;
        continue;
      }
    }
    out += escape(std::string(1, s[i]));
    ++i;
  }
  return out;
}

std::string trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The cells of a pipe-table line "| a | b |".
std::vector<std::string> cells(const std::string& line) {
  std::string t = trim(line);
  if (!t.empty() && t.front() == '|') t.erase(0, 1);
  if (!t.empty() && t.back() == '|') t.pop_back();
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(t);
  while (std::getline(in, cell, '|')) out.push_back(trim(cell));
  return out;
}

bool is_rule(const std::string& line) {
  const std::string t = trim(line);
  if (t.size() < 3 || t.front() != '|') return false;
  return t.find_first_not_of("|-: ") == std::string::npos;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
}

// An SVG file's <svg> element for inlining: the XML prolog and DOCTYPE dropped, every id (and
// every reference to one) prefixed with `prefix` so the figures of one page cannot collide.
std::string inline_svg(std::string svg, const std::string& prefix, const std::string& alt) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) return {};
  svg.erase(0, start);
  for (const char* q : {"'", "\""}) {
    replace_all(svg, std::string("id=") + q, std::string("id=") + q + prefix);
    replace_all(svg, std::string("href=") + q + "#", std::string("href=") + q + "#" + prefix);
  }
  replace_all(svg, "url(#", "url(#" + prefix);
  svg.insert(4, " role=\"img\" aria-label=\"" + escape(alt) + "\"");
  while (!svg.empty() && (svg.back() == '\n' || svg.back() == ' ')) svg.pop_back();
  return svg;
}

std::string image_html(const std::string& alt, const std::string& path,
                       const std::filesystem::path& base_dir, int figure_number) {
  const bool remote = path.find("://") != std::string::npos;
  const std::filesystem::path file = base_dir / path;
  std::ifstream in(file, std::ios::binary);
  if (remote || !in) {
    return "<p class=\"missing\">[" + escape(alt) + ": " + escape(path) + " not available]</p>\n";
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string ext = file.extension().string();
  // An anchor named after the file: "figures/roc.svg" -> id="fig-figures-roc".
  std::string anchor = "fig-";
  for (char c : std::filesystem::path(path).replace_extension().string())
    anchor += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '-';
  const std::string open = "<figure id=\"" + anchor + "\">";
  const std::string caption = "<figcaption>" + inline_html(alt) + "</figcaption></figure>\n";
  if (ext == ".svg") {
    const std::string svg = inline_svg(bytes.str(), "f" + std::to_string(figure_number) + "-", alt);
    if (!svg.empty()) return open + svg + caption;
  }
  if (ext == ".png")
    return open + "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," +
           base64_encode(bytes.str()) + "\">" + caption;
  return "<p>" + escape(alt) + "</p>\n";
}

}  // namespace

std::string base64_encode(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string markdown_to_html(const std::string& markdown, const std::filesystem::path& base_dir,
                             const std::string& title) {
  std::vector<std::string> lines;
  {
    std::istringstream in(markdown);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
  }
  std::string body;
  std::string paragraph;
  int figures = 0;
  const auto flush_paragraph = [&] {
    if (!paragraph.empty()) body += "<p>" + inline_html(paragraph) + "</p>\n";
    paragraph.clear();
  };
  for (std::size_t i = 0; i < lines.size();) {
    const std::string& line = lines[i];
    const std::string t = trim(line);
    if (t.rfind("```", 0) == 0) {
      flush_paragraph();
      body += "<pre>";
      for (++i; i < lines.size() && trim(lines[i]).rfind("```", 0) != 0; ++i)
        body += escape(lines[i]) + "\n";
      body += "</pre>\n";
      ++i;  // the closing fence
      continue;
    }
    if (t.empty()) {
      flush_paragraph();
      ++i;
      continue;
    }
    if (t[0] == '#') {
      flush_paragraph();
      std::size_t level = t.find_first_not_of('#');
      if (level != std::string::npos && level <= 6 && t[level] == ' ') {
        const std::string h = std::to_string(level);
        body += "<h" + h + ">" + inline_html(trim(t.substr(level))) + "</h" + h + ">\n";
        ++i;
        continue;
      }
    }
    if (t.rfind("![", 0) == 0 && t.back() == ')') {
      const std::size_t mid = t.find("](");
      if (mid != std::string::npos) {
        flush_paragraph();
        body += image_html(t.substr(2, mid - 2), t.substr(mid + 2, t.size() - mid - 3), base_dir,
                           ++figures);
        ++i;
        continue;
      }
    }
    if (t[0] == '|' && i + 1 < lines.size() && is_rule(lines[i + 1])) {
      flush_paragraph();
      const std::vector<std::string> head = cells(line), rule = cells(lines[i + 1]);
      const auto align = [&](std::size_t c) {
        return c < rule.size() && !rule[c].empty() && rule[c].back() == ':'
                   ? " style=\"text-align:right\""
                   : "";
      };
      body += "<table>\n<thead><tr>";
      for (std::size_t c = 0; c < head.size(); ++c)
        body += std::string("<th") + align(c) + ">" + inline_html(head[c]) + "</th>";
      body += "</tr></thead>\n<tbody>\n";
      for (i += 2; i < lines.size() && !trim(lines[i]).empty() && trim(lines[i])[0] == '|'; ++i) {
        const std::vector<std::string> row = cells(lines[i]);
        body += "<tr>";
        for (std::size_t c = 0; c < row.size(); ++c)
          body += std::string("<td") + align(c) + ">" + inline_html(row[c]) + "</td>";
        body += "</tr>\n";
      }
      body += "</tbody>\n</table>\n";
      continue;
    }
    if (t.rfind("- ", 0) == 0) {
      flush_paragraph();
      body += "<ul>\n";
      for (; i < lines.size() && trim(lines[i]).rfind("- ", 0) == 0; ++i) {
        std::string item = trim(lines[i]).substr(2);
        // continuation lines indented under the item
        while (i + 1 < lines.size() && lines[i + 1].rfind("  ", 0) == 0 &&
               !trim(lines[i + 1]).empty() && trim(lines[i + 1]).rfind("- ", 0) != 0)
          item += " " + trim(lines[++i]);
        body += "<li>" + inline_html(item) + "</li>\n";
      }
      body += "</ul>\n";
      continue;
    }
    paragraph += (paragraph.empty() ? "" : " ") + t;
    ++i;
  }
  flush_paragraph();
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         escape(title) +
         "</title>\n<style>\n"
         "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
         "line-height:1.45;color:#222}\n"
         "table{border-collapse:collapse;margin:1em 0}\n"
         "th,td{border:1px solid #ccc;padding:0.25em 0.6em}\nth{background:#f3f3f3}\n"
         "pre{background:#f6f6f6;padding:0.8em;overflow-x:auto}\n"
         "code{background:#f3f3f3;padding:0 0.2em}\n"
         "figure{margin:1.5em 0}img,figure svg{display:block;max-width:100%;height:auto}\n"
         "figcaption{color:#444;font-size:0.92em;margin-top:0.3em}\n"
         ".missing{color:#a33}\n"
         "@media print{body{max-width:none;margin:0}figure,table{break-inside:avoid}"
         "pre{white-space:pre-wrap}}\n</style>\n</head>\n<body>\n" +
         body + "</body>\n</html>\n";
}

}  // namespace rwwce::harness
