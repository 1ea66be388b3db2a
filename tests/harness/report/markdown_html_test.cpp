#include "harness/report/markdown_html.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/datasets/test_support.hpp"

namespace rwwce::harness {
namespace {

TEST(Base64, Rfc4648TestVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(MarkdownToHtml, RendersTheReportSubset) {
  datasets::testing::TempDir dir;
  {  // as gnuplot writes it: a prolog, ids and references to them
    std::ofstream(dir.file("a.svg"))
        << "<?xml version=\"1.0\"?>\n<svg viewBox='0 0 1 1'><defs><path id='gpDot'/></defs>"
           "<use xlink:href='#gpDot' fill='url(#grad)'/></svg>\n";
  }
  { std::ofstream(dir.file("b.png")) << "PNG"; }
  const std::string md =
      "# Title\n\nSome `code` and **bold** <b>, a [link](x.html).\nsame paragraph\n\n"
      "| Arm | Mean |\n|---|---:|\n| a | 1 |\n\n"
      "```text\n  x < y\n```\n- one\n- two\n\n![Fig](a.svg)\n![Gone](missing.svg)\n![Png](b.png)\n"
      "![Again](a.svg)\n";
  const std::string html = markdown_to_html(md, dir.str(), "T & U");
  const auto has = [&](const std::string& s) { return html.find(s) != std::string::npos; };
  EXPECT_TRUE(has("<title>T &amp; U</title>"));
  EXPECT_TRUE(has("<h1>Title</h1>"));
  EXPECT_TRUE(
      has("<p>Some <code>code</code> and <strong>bold</strong> &lt;b&gt;, a <a "
          "href=\"x.html\">link</a>. same paragraph</p>"));
  EXPECT_TRUE(has("<thead><tr><th>Arm</th><th style=\"text-align:right\">Mean</th></tr></thead>"));
  EXPECT_TRUE(has("<tr><td>a</td><td style=\"text-align:right\">1</td></tr>"));
  EXPECT_TRUE(has("<pre>  x &lt; y\n</pre>"));
  EXPECT_TRUE(has("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
  // The SVG inline, without its prolog, its ids prefixed per figure (the fourth image).
  EXPECT_TRUE(
      has("<figure id=\"fig-a\"><svg role=\"img\" aria-label=\"Fig\" viewBox='0 0 1 1'><defs><path "
          "id='f1-gpDot'/></defs><use xlink:href='#f1-gpDot' fill='url(#f1-grad)'/></svg>"
          "<figcaption>Fig</figcaption></figure>"));
  EXPECT_TRUE(has("<path id='f4-gpDot'/>"));
  EXPECT_FALSE(has("<?xml"));
  EXPECT_TRUE(has("<figure id=\"fig-b\"><img alt=\"Png\" src=\"data:image/png;base64," +
                  base64_encode("PNG") + "\">"));
  EXPECT_TRUE(has("class=\"missing\">[Gone: missing.svg not available]"));
}

}  // namespace
}  // namespace rwwce::harness
