import Foundation
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// Detection data in scripts: a malformed npy folder is one located error.
final class DetectionScriptTests: XCTestCase {
  /// The first line of the diagnostic `source` stops with.
  private func firstDiagnostic(_ source: String) -> String {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    do {
      try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "t.llal", text: source))
      return "no error"
    } catch let error as LanguageError {
      return error.diagnostics.first.map { String("\($0)".prefix { $0 != "\n" }) } ?? "none"
    } catch {
      return "\(error)"
    }
  }

  /// Little-endian float32 bytes.
  private func f32(_ values: [Float]) -> [UInt8] {
    values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
  }

  /// An `.npy` file (format 1.0) of `descr` and `shape` holding `body`.
  private func npy(_ descr: String, _ shape: String, _ body: [UInt8]) -> Data {
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let n = header.utf8.count
    return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)])
      + Data(header.utf8) + Data(body)
  }

  func testMalformedFolderIsLocatedAtTheCall() throws {
    let dir = try temporaryDirectory()
    func write(_ name: String, _ data: Data) throws {
      try data.write(to: dir.appendingPathComponent(name))
    }
    for part in ["train", "test"] {
      try write("\(part)_x.npy", npy("|u1", "(1, 1, 4, 4)", [UInt8](repeating: 9, count: 16)))
    }
    try write("train_y.npy", npy("<f4", "(1, 1, 5)", f32([0, 0, 0, 4, 4])))
    try write("test_y.npy", npy("<f4", "(1, 1, 5)", f32([1, 2, 2, 2, 3])))
    XCTAssertEqual(
      firstDiagnostic("x = 1\ntrain, test = detection_npy(\"\(dir.path)\")\n"),
      "t.llal:2:15: error: \(dir.path)/test_y.npy: image 0, row 0 (byte offset 128): box "
        + "(1, 2, 2, 2, 3) is empty: it needs x1 < x2 and y1 < y2")
    try write("test_y.npy", npy("<f4", "(1, 5)", f32([1, 2, 2, 3, 3])))
    XCTAssertEqual(
      firstDiagnostic("train, test = detection_npy(\"\(dir.path)\")\n"),
      "t.llal:1:15: error: \(dir.path)/test_y.npy: boxes must be [N, M, 5] (class, x1, y1, "
        + "x2, y2 per row) with N = 1 images of \(dir.path)/test_x.npy, found [1, 5]")
  }

  // show(...) of a detection dataset with predictions: on a page, SVG rectangles over the
  // pictures (solid ground truth, dashed predictions) in each class's colour.
  func testShowIsSVGOnAPage() throws {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    try ScriptRunner(interpreter: interpreter).run(
      SourceFile(
        name: "t.llal",
        text: """
          d = shapes(count: 3, seed: 5)
          p = tensor([[[1, 0.75, 0, 31, 4, 32]], [[-1, 0, 0, 0, 0, 0]], [[0, 0.1, 1, 1, 5, 5]]])
          im = show(d, predictions: p)

          """))
    guard case .host(let im as ImagesValue)? = interpreter.value(named: "im") else {
      return XCTFail("im is not images")
    }
    let svg = try XCTUnwrap(im.rendering(.svg))
    assertWellFormedXML(svg)
    let solid = svg.components(separatedBy: "fill=\"none\"").count - 1
    let dashed = svg.components(separatedBy: "stroke-dasharray").count - 1
    // Every object of the three images, and the one prediction scoring at least 0.5,
    // clipped to the bottom edge (y 31–32 at 6 units a pixel).
    guard case .host(let d as DatasetValue)? = interpreter.value(named: "d") else {
      return XCTFail("d is not a dataset")
    }
    XCTAssertEqual(solid - dashed, d.dataset.classCounts.reduce(0, +))
    XCTAssertEqual(dashed, 1)
    XCTAssertTrue(svg.contains("<rect x=\"0\" y=\"186\" width=\"24\" height=\"6\""), svg)
    XCTAssertTrue(svg.contains(">disk 0.75</text>"), svg)
  }
}
