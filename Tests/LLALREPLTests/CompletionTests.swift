import Foundation
import LLALDomain
import LLALLanguage
import LLALNotebook
import TestSupport
import XCTest

@testable import LLALREPL

final class CompletionTests: XCTestCase {
  private var interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])

  private func complete(_ line: String, in folder: URL? = nil) -> CompletionEngine.Result {
    var engine = CompletionEngine(interpreter: interpreter)
    if let folder { engine.currentDirectory = folder }
    return engine.complete(line)
  }

  private func candidates(_ line: String) -> [String] { complete(line).candidates }

  func testNamesInScopeBuiltinsAndKeywords() throws {
    try interpreter.evaluate("total_count = 1\ntotal_sum = 2")
    XCTAssertEqual(candidates("x = total_"), ["total_count", "total_sum"])
    XCTAssertEqual(complete("x = total_").start, 4)
    XCTAssertEqual(candidates("spark"), ["sparkline"])
    XCTAssertEqual(candidates("whi"), ["while"])
    XCTAssertEqual(candidates("retu"), ["return"])
    XCTAssertTrue(candidates("tr").contains("true"))
    XCTAssertEqual(candidates("f(1, "), [])
    XCTAssertEqual(candidates("x = 12"), [])
  }

  func testMembersOfRecordsTensorsAndModelNodes() throws {
    try interpreter.evaluate(
      """
      model Net(x: [4]) {
        stem = x |> linear(8) |> relu()
        s1 = stem |> linear(8) |> relu()
        s2 = s1 |> linear(8) |> relu()
        head = s2 |> linear(3)
        return head
      }
      """)
    try interpreter.evaluate("cfg = {lr: 0.1, epochs: 3, nested: {depth: 2}}\nt = zeros([2])")
    XCTAssertEqual(candidates("Net.s"), ["s1", "s2", "save", "stem"])
    XCTAssertEqual(candidates("Net.h"), ["head"])
    XCTAssertEqual(candidates("Net.gr"), ["graph"])
    XCTAssertEqual(candidates("Net.s1.sh"), ["shape"])
    XCTAssertEqual(candidates("taps = [Net.st"), ["stem"])
    XCTAssertEqual(complete("taps = [Net.st").start, 12)
    XCTAssertEqual(candidates("cfg.e"), ["epochs"])
    XCTAssertEqual(candidates("cfg.nested.d"), ["depth"])
    XCTAssertTrue(candidates("t.su").contains("sum"))
    XCTAssertEqual(candidates("unknown.x"), [])
    XCTAssertEqual(candidates("f(x).a"), [])
  }

  func testCommands() {
    XCTAssertEqual(candidates(":lo"), [":load"])
    XCTAssertEqual(candidates(":re"), [":reload", ":reset"])
    XCTAssertEqual(candidates(":").count, MetaCommand.allCases.count)
    XCTAssertEqual(complete("  :ex").start, 2)
    XCTAssertEqual(candidates(":type spark"), ["sparkline"])
    XCTAssertEqual(candidates(":vars x"), [])
  }

  func testPathsAfterLoadAndInsideStrings() throws {
    let folder = try temporaryDirectory()
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
    for name in ["data/train.csv", "data/test.csv", "demo.llal", ".hidden"] {
      try Data().write(to: folder.appendingPathComponent(name))
    }
    XCTAssertEqual(complete(":load d", in: folder).candidates, ["data/", "demo.llal"])
    XCTAssertEqual(complete(":load d", in: folder).start, 6)
    XCTAssertEqual(
      complete(":load \"data/t", in: folder).candidates, ["data/test.csv", "data/train.csv"])
    XCTAssertEqual(complete(":load \"data/t", in: folder).start, 7)
    XCTAssertEqual(complete(":load .h", in: folder).candidates, [".hidden"])
    XCTAssertEqual(complete("x = csv(\"data/tr", in: folder).candidates, ["data/train.csv"])
    XCTAssertEqual(complete("x = csv(\"data/tr", in: folder).start, 9)
    XCTAssertEqual(
      complete(":load \(folder.path)/de", in: folder).candidates, ["\(folder.path)/demo.llal"])
  }

  func testTheAllowedStringsOfAnOption() throws {
    // From the parameter's declaration (ParamType.choice), in its order: labelled,
    // positional, piped, inside a list, after other arguments with strings and brackets.
    XCTAssertEqual(candidates("lossnet(taps: [A.h], pool: \""), ["gap", "max"])
    XCTAssertEqual(candidates("lossnet(taps: [A.h], pool: \"m"), ["max"])
    XCTAssertEqual(complete("lossnet(taps: [A.h], pool: \"m").start, 28)
    XCTAssertEqual(candidates("lossnet(taps: [A.h], pool: [\"max\", \"g"), ["gap"])
    XCTAssertEqual(
      candidates("lossnet(taps: [A.h], activation: \""), ["relu", "none", "sigmoid", "tanh"])
    XCTAssertEqual(
      candidates("e |> diversify(features: N.h, method: \"k"), ["kcenter", "kmeans++"])
    XCTAssertEqual(candidates("cross_entropy(l, t, \"s"), ["sum"])
    XCTAssertEqual(candidates("sgd(epochs: f(1, \"x\"), schedule: \"c"), ["cosine", "constant"])
    // Other strings still complete paths; records and methods are not options.
    let folder = try temporaryDirectory()
    try Data().write(to: folder.appendingPathComponent("max.csv"))
    XCTAssertEqual(complete("csv(\"ma", in: folder).candidates, ["max.csv"])
    XCTAssertEqual(
      complete("lossnet(taps: [A.h], pool: {a: \"ma", in: folder).candidates, ["max.csv"])
    XCTAssertEqual(complete("d.split(test: \"ma", in: folder).candidates, ["max.csv"])
  }

  func testNothingInsideComments() {
    XCTAssertEqual(candidates("x = 1  # pri"), [])
    XCTAssertEqual(CodeCompletion.context(of: "s = \"a # b"), .string(start: 5))
    XCTAssertEqual(CodeCompletion.context(of: "s = \"a\\\" # b"), .string(start: 5))
    XCTAssertEqual(CodeCompletion.context(of: "s = \"a\" # b"), .comment)
  }

  func testKeywordsComeFromTheLanguage() {
    XCTAssertEqual(CodeCompletion.keywords.first, "fn")
    XCTAssertTrue(CodeCompletion.keywords.contains("return"))
    XCTAssertEqual(CodeCompletion.keywords.count, 15)
  }
}
