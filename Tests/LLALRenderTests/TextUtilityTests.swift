import XCTest

@testable import LLALRender

final class TextUtilityTests: XCTestCase {
  func testHTMLEscape() {
    XCTAssertEqual(
      HTML.escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    XCTAssertEqual(HTML.escape("plain ünïcödé 精度\n\t"), "plain ünïcödé 精度\n\t")
    XCTAssertEqual(HTML.escape("a\u{0}b\u{1B}c\u{FFFF}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
  }

  func testDisplayWidth() {
    XCTAssertEqual(DisplayWidth.of("abc"), 3)
    XCTAssertEqual(DisplayWidth.of("精度"), 4)
    XCTAssertEqual(DisplayWidth.of("ｱｲｳ"), 3, "halfwidth katakana")
    XCTAssertEqual(DisplayWidth.of("ＡＢ"), 4, "fullwidth Latin")
    XCTAssertEqual(DisplayWidth.of("한국어"), 6)
    XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1, "combining acute")
    XCTAssertEqual(DisplayWidth.of("a\u{200B}b"), 2, "zero-width space")
    XCTAssertEqual(DisplayWidth.of("🙂"), 2)
    XCTAssertEqual(DisplayWidth.of("👩‍👩‍👧"), 2, "a ZWJ family is one cluster")
    XCTAssertEqual(DisplayWidth.of("🇫🇷"), 2)
    XCTAssertEqual(DisplayWidth.of("❤️"), 2, "emoji variation selector")
    XCTAssertEqual(DisplayWidth.of("❤"), 1)
    XCTAssertEqual(DisplayWidth.of("─│╭⠿▁"), 5)
    XCTAssertEqual(DisplayWidth.of("\u{1B}"), 0)
  }

  func testPadAndTruncate() {
    XCTAssertEqual(DisplayWidth.pad("精", to: 4, alignment: .left), "精  ")
    XCTAssertEqual(DisplayWidth.pad("1.5", to: 6, alignment: .right), "   1.5")
    XCTAssertEqual(DisplayWidth.pad("ab", to: 5, alignment: .center), " ab  ")
    XCTAssertEqual(DisplayWidth.pad("long", to: 2, alignment: .left), "long")
    XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 4), "abc…")
    XCTAssertEqual(DisplayWidth.truncate("精度精度", to: 5), "精度…")
    XCTAssertEqual(DisplayWidth.truncate("abc", to: 3), "abc")
    XCTAssertEqual(DisplayWidth.truncate("abc", to: 0), "")
  }

  func testNiceTicks() {
    let y = AxisScale.loose(min: 0.53, max: 0.83, maxTicks: 5)
    XCTAssertEqual(y.ticks.map { y.label($0) }, ["0.5", "0.6", "0.7", "0.8", "0.9"])
    XCTAssertEqual(y.lower, 0.5, accuracy: 1e-12)
    XCTAssertEqual(y.upper, 0.9, accuracy: 1e-12)
    let x = AxisScale.tight(min: 1, max: 10, maxTicks: 5)
    XCTAssertEqual(x.ticks, [2, 4, 6, 8, 10])
    XCTAssertEqual(x.lower, 1)
    let negative = AxisScale.loose(min: -0.3, max: 0.2, maxTicks: 6)
    XCTAssertEqual(
      negative.ticks.map { negative.label($0) }, ["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2"])
    let big = AxisScale.loose(min: 0, max: 3e9, maxTicks: 4)
    XCTAssertEqual(big.ticks.map { big.label($0) }, ["0", "1e+09", "2e+09", "3e+09"])
    let constant = AxisScale.loose(min: 5, max: 5, maxTicks: 3)
    XCTAssertTrue(constant.lower < 5 && constant.upper > 5)
    let half = AxisScale.loose(min: 0, max: 1, maxTicks: 3)
    XCTAssertEqual(half.ticks.map { half.label($0) }, ["0.0", "0.5", "1.0"])
  }

  func testNumberText() {
    XCTAssertEqual(NumberText.fixed(-0.0001, decimals: 2), "0.00")
    XCTAssertEqual(NumberText.fixed(2.5, decimals: 0), "2")
    XCTAssertEqual(NumberText.coordinate(12.50), "12.5")
    XCTAssertEqual(NumberText.coordinate(-0.001), "0")
    XCTAssertEqual(NumberText.coordinate(300), "300")
    XCTAssertEqual(NumberText.fixed(.nan, decimals: 2), "nan")
  }
}
