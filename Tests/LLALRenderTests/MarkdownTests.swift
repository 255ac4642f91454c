import TestSupport
import XCTest

@testable import LLALRender

final class MarkdownTests: XCTestCase {
  private func html(_ source: String) -> String { Markdown.html(from: source) }

  func testHeadings() {
    XCTAssertEqual(html("# One"), "<h1>One</h1>\n")
    XCTAssertEqual(html("###### Six ##"), "<h6>Six</h6>\n")
    XCTAssertEqual(html("####### Seven"), "<p>####### Seven</p>\n")
    XCTAssertEqual(html("#NoSpace"), "<p>#NoSpace</p>\n")
    XCTAssertEqual(html("Title\n====="), "<h1>Title</h1>\n")
    XCTAssertEqual(html("Sub\n---"), "<h2>Sub</h2>\n")
  }

  func testParagraphs() {
    XCTAssertEqual(html("one\ntwo\n\nthree"), "<p>one\ntwo</p>\n<p>three</p>\n")
    XCTAssertEqual(html(""), "")
    XCTAssertEqual(html("\n  \n"), "")
    XCTAssertEqual(html("a\r\nb"), "<p>a\nb</p>\n")
  }

  func testLists() {
    XCTAssertEqual(html("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
    XCTAssertEqual(html("* a\n+ b"), "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n")
    XCTAssertEqual(html("1. a\n2. b"), "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n")
    XCTAssertEqual(html("3) c\n4) d"), "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n")
    XCTAssertEqual(
      html("- a\n  - b\n  - c\n- d"),
      "<ul>\n<li>\na\n<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n")
    XCTAssertEqual(
      html("1. first\n   - x\n2. second"),
      "<ol>\n<li>\nfirst\n<ul>\n<li>x</li>\n</ul>\n</li>\n<li>second</li>\n</ol>\n")
    XCTAssertEqual(
      html("- a\n\n- b"), "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n",
      "a blank line between items makes a loose list")
    XCTAssertEqual(html("- a\nlazy"), "<ul>\n<li>a\nlazy</li>\n</ul>\n")
    XCTAssertEqual(html("text\n- item"), "<p>text</p>\n<ul>\n<li>item</li>\n</ul>\n")
    XCTAssertEqual(html("-not a list"), "<p>-not a list</p>\n")
    XCTAssertEqual(html("**bold** text"), "<p><strong>bold</strong> text</p>\n")
  }

  func testCodeBlocks() {
    XCTAssertEqual(
      html("```llal\nx = 1 < 2\n\n  y\n```"),
      "<pre><code class=\"language-llal\">x = 1 &lt; 2\n\n  y\n</code></pre>\n")
    XCTAssertEqual(html("~~~\n# not a heading\n~~~"), "<pre><code># not a heading\n</code></pre>\n")
    XCTAssertEqual(html("```\nunclosed"), "<pre><code>unclosed\n</code></pre>\n")
    XCTAssertEqual(
      html("para\n\n    code <b>\n      more\n\nafter"),
      "<p>para</p>\n<pre><code>code &lt;b&gt;\n  more\n</code></pre>\n<p>after</p>\n")
    XCTAssertEqual(html("\tcode"), "<pre><code>code\n</code></pre>\n")
  }

  func testQuotesAndRules() {
    XCTAssertEqual(
      html("> quoted\n> *text*"), "<blockquote>\n<p>quoted\n<em>text</em></p>\n</blockquote>\n")
    XCTAssertEqual(html("a\n\n---\n\nb"), "<p>a</p>\n<hr />\n<p>b</p>\n")
    XCTAssertEqual(html("* * *"), "<hr />\n")
  }

  func testInlineCodeAndEmphasis() {
    XCTAssertEqual(html("use `x.mean()` here"), "<p>use <code>x.mean()</code> here</p>\n")
    XCTAssertEqual(html("`` a`b ``"), "<p><code>a`b</code></p>\n")
    XCTAssertEqual(html("`<b>*x*</b>`"), "<p><code>&lt;b&gt;*x*&lt;/b&gt;</code></p>\n")
    XCTAssertEqual(
      html("*em* _em_ **strong** __strong__"),
      "<p><em>em</em> <em>em</em> <strong>strong</strong> <strong>strong</strong></p>\n")
    XCTAssertEqual(html("***both***"), "<p><em><strong>both</strong></em></p>\n")
    XCTAssertEqual(html("*a **b** c*"), "<p><em>a <strong>b</strong> c</em></p>\n")
    XCTAssertEqual(html("learning_loss_module"), "<p>learning_loss_module</p>\n")
    XCTAssertEqual(html("2 * 3 * 4"), "<p>2 * 3 * 4</p>\n")
    XCTAssertEqual(html("*unclosed"), "<p>*unclosed</p>\n")
    XCTAssertEqual(html("\\*literal\\*"), "<p>*literal*</p>\n")
  }

  func testLinks() {
    XCTAssertEqual(
      html("see [the paper](https://arxiv.org/abs/1905.03677)"),
      "<p>see <a href=\"https://arxiv.org/abs/1905.03677\">the paper</a></p>\n")
    XCTAssertEqual(
      html("[*x*](notes.html#a \"T & t\")"),
      "<p><a href=\"notes.html#a\" title=\"T &amp; t\"><em>x</em></a></p>\n")
    XCTAssertEqual(
      html("[q](https://x.org/?a=1&b=\"2\")"),
      "<p><a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\">q</a></p>\n")
    XCTAssertEqual(html("[mail](mailto:a@b.c)"), "<p><a href=\"mailto:a@b.c\">mail</a></p>\n")
    XCTAssertEqual(html("[a [b] c](u)"), "<p><a href=\"u\">a [b] c</a></p>\n")
    XCTAssertEqual(html("[not a link]"), "<p>[not a link]</p>\n")
    XCTAssertEqual(html("[x](f(1).html)"), "<p><a href=\"f(1).html\">x</a></p>\n")
  }

  func testUnsafeLinksKeepOnlyTheirText() {
    for url in [
      "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
      "data:text/html,<script>alert(1)</script>", "vbscript:x",
    ] {
      let out = html("[click](\(url))")
      XCTAssertFalse(out.contains("<a"), "\(url) → \(out)")
      XCTAssertTrue(out.contains("click"))
      assertWellFormedXML(out, wrap: true)
    }
    XCTAssertTrue(MarkdownInline.isSafe("docs/a:b.html"), "a colon after a slash is no scheme")
    XCTAssertTrue(MarkdownInline.isSafe("#anchor"))
    // An entity is not decoded inside href: this is the relative URL "jav&" with a fragment.
    XCTAssertEqual(
      html("[x](jav&#x61;script:x)"), "<p><a href=\"jav&amp;#x61;script:x\">x</a></p>\n")
    XCTAssertEqual(html("[x](a b)"), "<p>[x](a b)</p>\n", "a space in a URL makes no link")
  }

  func testRawHTMLIsShownEscaped() {
    let attack = "<script>alert(1)</script>"
    for source in [
      attack, "# \(attack)", "- \(attack)", "*\(attack)*", "[\(attack)](u)", "> \(attack)",
      "<img src=x onerror=alert(1)>", "[x](u \"\(attack)\")", "a & b \"c\" 'd'",
    ] {
      let out = html(source)
      XCTAssertFalse(out.contains("<script"), out)
      XCTAssertFalse(out.contains("<img"), out)
      assertWellFormedXML(out, wrap: true)
    }
    XCTAssertEqual(html(attack), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n")
  }

  func testDeepNestingAndHostileInputDoNotCrash() {
    let inputs = [
      String(repeating: "> ", count: 200) + "deep",
      String(repeating: "- ", count: 200) + "deep",
      String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000),
      String(repeating: "*a ", count: 2000), String(repeating: "**", count: 1000) + "x",
      String(repeating: "`", count: 999), "\u{0}\u{1}\u{FFFF}", "[a](", "[a](<>)", "* \n*",
    ]
    for input in inputs {
      assertWellFormedXML(html(input), wrap: true)
    }
  }

  func testDocumentSnapshot() {
    let source = """
      # Learning loss, cycle by cycle

      The **loss prediction module** taps four stages of the target model
      and learns to *rank* unlabeled samples by their expected loss; see
      [Yoo & Kweon, 2019](https://arxiv.org/abs/1905.03677).

      ## Steps

      1. Train on the labeled set.
      2. Score the unlabeled subset:
         - `random()` as a baseline,
         - `learning_loss(lpm)` as the method.
      3. Label the top `K` and repeat.

      ```llal
      r = experiment(Net, train, test, [random(), ll], budget: b, seeds: 3)
      plot(r)
      ```

      > The margin loss compares *pairs* of samples <not raw HTML>.

      ---
      """
    let out = html(source)
    assertSnapshot(out, pathExtension: "html")
    assertWellFormedXML(out, wrap: true)
  }
}
