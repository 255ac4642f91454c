import LLALLanguage
import XCTest

/// `Program.forEachCall` reaches every call, wherever it is written.
final class CallWalkTests: XCTestCase {
  func testEveryCallIsVisitedInSourceOrder() throws {
    let source = """
      a = f1(f2(1))
      xs[f3()] += g.h(f4())
      fn k(x, y: f5()) { if f6() { return f7() } else { while f8() { break } } }
      for i in f9() { [f10(), {v: f11()}, -f12() + ys[f13():f14()]] }
      t = 1 |> f15()
      m = fn (p) => f16(p)

      """
    let program = try XCTUnwrap(Parser.parse(SourceFile(name: "t.llal", text: source)).program)
    var callees: [String] = []
    program.forEachCall { callee, arguments in
      switch callee.kind {
      case .name(let n): callees.append(n + "/\(arguments.count)")
      case .member(_, let m): callees.append("." + m.name + "/\(arguments.count)")
      default: callees.append("?")
      }
    }
    XCTAssertEqual(
      callees,
      [
        "f1/1", "f2/1", "f3/0", ".h/1", "f4/0", "f5/0", "f6/0", "f7/0", "f8/0", "f9/0",
        "f10/0", "f11/0", "f12/0", "f13/0", "f14/0", "f15/1", "f16/1",
      ])
  }
}
