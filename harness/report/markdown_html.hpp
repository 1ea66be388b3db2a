#pragma once
#include <filesystem>
#include <string>

namespace rwwce::harness {

// A self-contained HTML page from the Markdown subset the harness's reports use:
// - `#` .. `####` headings; paragraphs (consecutive lines); `- ` bullet lists;
// - pipe tables (header line, a `|---|---:|` rule giving left/right alignment, rows);
// - fenced code blocks (```), shown verbatim;
// - an image alone on its line, `![alt](path)`: a relative path is read from `base_dir` and
//   embedded, an SVG inline as its <svg> element (ids prefixed per figure so figures cannot
//   collide), a PNG as a data: URI, in a <figure id="fig-<path without extension, '/' and
//   '.' as '-'>"> whose <figcaption> is the alt text; so the
//   page needs no other file; an image that cannot be read becomes its alt text with a note;
// - inline `code`, **bold** and [text](url) links.
// Everything else is text, HTML-escaped. `title` is the page title.
std::string markdown_to_html(const std::string& markdown, const std::filesystem::path& base_dir,
                             const std::string& title);

// RFC 4648 base64 with padding.
std::string base64_encode(const std::string& bytes);

}  // namespace rwwce::harness
