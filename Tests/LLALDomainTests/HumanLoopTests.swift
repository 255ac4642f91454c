import Foundation
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// The labeling loop from the language: q.save writes the picks (and PNGs for images),
/// s.label reads the answers, read_csv/write_csv exchange rows; each refusal is a
/// diagnostic at its line and column with the CSV's line in the message.
final class HumanLoopTests: XCTestCase {
  /// Runs `source`; returns the output, or the first diagnostic as
  /// `line:col: message (phase)`.
  private func run(_ source: String) -> String {
    let buffer = OutputBuffer()
    let interpreter = Interpreter(output: buffer, libraries: [DomainLibrary.self])
    do {
      try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "loop.llal", text: source))
      return buffer.text
    } catch let error as LanguageError {
      guard let d = error.diagnostics.first, let at = d.location else { return "\(error)" }
      return "\(at.line):\(at.column): \(d.message) (\(d.phase))"
    } catch {
      return "\(error)"
    }
  }

  /// A session of the bundled digits (images) or of 2-D blobs, stepped once, queried.
  private func prelude(images: Bool, labels: String = "annotator") -> String {
    let data =
      images
      ? "data = digits().normalize(mean: 0, std: 16)\nmodel M(x: [1, 8, 8]) {\n"
        + "  return x |> flatten() |> linear(10)\n}\n"
      : "data = blobs(count: 60, classes: 3, dimensions: 2, spread: 1, seed: 4)\n"
        + "model M(x: [2]) {\n  return x |> linear(3)\n}\n"
    return data
      + "b = budget(initial: 6, step: 4, cycles: 3)\n"
      + "s = session(M, data, strategy: entropy(), budget: b, "
      + "optimizer: sgd(epochs: 1, batch: 4), labels: \"\(labels)\")\n"
      + "c = s.step()\nq = s.query()\n"
  }

  func testQuerySaveWritesTheCSVAndOnePNGPerImage() throws {
    let dir = try temporaryDirectory().path
    let out = run(
      prelude(images: true) + "print(len(q.save(\"\(dir)/ask.csv\")))\nprint(q.indices)\n")
    let lines = out.split(separator: "\n")
    XCTAssertEqual(lines.first, "5", out)
    let csv = try String(contentsOfFile: dir + "/ask.csv", encoding: .utf8)
    let rows = csv.split(separator: "\n")
    XCTAssertEqual(rows.first, "index,image,label")
    XCTAssertEqual(rows.count, 5)
    let first = rows[1].split(separator: ",", omittingEmptySubsequences: false)
    XCTAssertEqual(first.count, 3)
    XCTAssertEqual(first[1], "ask-\(first[0]).png")
    XCTAssertEqual(first[2], "")
    let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + first[1]))
    XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // Vectors: the CSV alone.
    let vectors = run(prelude(images: false) + "print(q.save(\"\(dir)/v.csv\"))\n")
    XCTAssertEqual(vectors, "[\"\(dir)/v.csv\"]\n")
    XCTAssertEqual(
      try String(contentsOfFile: dir + "/v.csv", encoding: .utf8).split(separator: "\n").first,
      "index,label")
  }

  func testAnswersReadBackAndTheNextStepTrainsOnThem() throws {
    let dir = try temporaryDirectory().path
    let script =
      prelude(images: false) + "q.save(\"\(dir)/ask.csv\")\n"
      + "rows = read_csv(\"\(dir)/ask.csv\")\n"
      + "write_csv(\"\(dir)/answers.csv\", map(rows, fn (r) => {index: r.index, label: 2}))\n"
      + "print(s.label(\"\(dir)/answers.csv\"))\nprint(len(s.labeled), s.step().labeled)\n"
    XCTAssertEqual(run(script), "[2, 2, 2, 2]\n10 10\n")
  }

  func testEveryRefusalIsAtItsCall() throws {
    let dir = try temporaryDirectory().path
    let bad = dir + "/bad.csv"
    try "index,label\n99999,1\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let base = prelude(images: false)
    let line = base.split(separator: "\n").count + 1
    XCTAssertEqual(
      run(base + "s.label(\"\(bad)\")\n"),
      "\(line):1: \(bad): line 2: index 99999 was not queried (the query asked for 4 points) "
        + "(runtime)")
    XCTAssertEqual(
      run(prelude(images: false, labels: "pool") + "s.label(\"\(bad)\")\n"),
      "\(line):1: label: this session labels its queries from the pool; make it with labels: "
        + "\"annotator\" to answer them from a file (runtime)")
    XCTAssertEqual(
      run(base + "s.step()\n"),
      "\(line):1: session: cycle 1's query waits for its labels: q = s.query(), "
        + "q.save(\"to_label.csv\"), then s.label(\"labeled.csv\") with the answers (runtime)")
    XCTAssertEqual(
      run(base + "q.save(\"\(dir)/ask.txt\")\n"),
      "\(line):8: argument 'path' of 'save' must name a .csv file, found \"\(dir)/ask.txt\" "
        + "(runtime)")
    XCTAssertEqual(
      run(base + "s.label(\"\(dir)/none.csv\")\n").hasSuffix("(io)"), true)
    let human = prelude(images: false, labels: "human")
    let sessionLine = human.split(separator: "\n").firstIndex { $0.contains("\"human\"") } ?? 0
    let column = human.split(separator: "\n")[sessionLine].count - "\"human\")".count + 1
    XCTAssertEqual(
      run(human),
      "\(sessionLine + 1):\(column): argument 'labels' of 'session' must be \"pool\" or "
        + "\"annotator\", found \"human\" (runtime)")
  }

  func testCSVRowsRefusals() throws {
    let dir = try temporaryDirectory().path
    try "a,b\n1,2\n3\n".write(toFile: dir + "/short.csv", atomically: true, encoding: .utf8)
    try "a,a\n1,2\n".write(toFile: dir + "/twice.csv", atomically: true, encoding: .utf8)
    XCTAssertEqual(
      run("x = 1\nread_csv(\"\(dir)/short.csv\")\n"),
      "2:1: \(dir)/short.csv: line 3: 1 cells, but the header has 2 (runtime)")
    XCTAssertEqual(
      run("read_csv(\"\(dir)/twice.csv\")\n"),
      "1:1: \(dir)/twice.csv: line 1: the header names the column \"a\" twice (runtime)")
    let at = "1:\("write_csv(\"\(dir)/o.csv\", ".count + 1): "
    XCTAssertEqual(
      run("write_csv(\"\(dir)/o.csv\", [{a: 1}, {b: 2}])\n"),
      at + "argument 'rows' of 'write_csv' must hold records with the first one's fields (a), "
        + "but row 1 has b (runtime)")
    XCTAssertEqual(
      run("write_csv(\"\(dir)/o.csv\", [{a: [1]}])\n"),
      at + "argument 'rows' of 'write_csv' must hold ints, floats, strings, bools or none in "
        + "its fields, but row 0's a is list (runtime)")
    XCTAssertEqual(
      run("write_csv(\"\(dir)/o.csv\", [])\n"),
      at + "argument 'rows' of 'write_csv' must hold at least one record (runtime)")
    // Round trip: numbers, none, text with a comma and a quote.
    let out = run(
      "write_csv(\"\(dir)/r.csv\", [{i: 3, f: 0.5, n: none, s: \"a, \\\"b\\\"\", t: true}])\n"
        + "print(read_csv(\"\(dir)/r.csv\"))\n")
    XCTAssertEqual(out, "[{i: 3, f: 0.5, n: none, s: \"a, \\\"b\\\"\", t: \"true\"}]\n")
  }
}
