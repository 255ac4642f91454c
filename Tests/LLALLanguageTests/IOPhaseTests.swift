import Foundation
import LLALDomain
import LLALLanguage
import XCTest

/// Files that cannot be read or written give diagnostics of phase `.io` (the command
/// line's 74); files that were read but are malformed stay runtime errors (70).
final class IOPhaseTests: XCTestCase {
  private func firstDiagnostic(_ source: String) throws -> Diagnostic {
    do {
      try Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self]).evaluate(source, name: "t")
    } catch let error as LanguageError {
      return try XCTUnwrap(error.diagnostics.first)
    }
    throw NoDiagnostic(source: source)
  }

  /// A program expected to fail ran without error.
  struct NoDiagnostic: Error {
    let source: String
  }

  func testUnreadableDataFilesAreIOFailures() throws {
    let missing = try firstDiagnostic("csv(\"/nonexistent-llal/iris.csv\")")
    XCTAssertEqual(missing.phase, .io)
    XCTAssertEqual(missing.message, "/nonexistent-llal/iris.csv: no such file")
    XCTAssertEqual(missing.location, SourceLocation(line: 1, column: 1))

    let directory = try firstDiagnostic("npy(x: \"/tmp\", y: \"/tmp\")")
    XCTAssertEqual(directory.phase, .io)
    XCTAssertEqual(directory.message, "/tmp: is a directory, not a file")
  }

  func testMalformedDataStaysARuntimeError() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-io-phase-\(UUID().uuidString).csv")
    try "a,b\n1,2,3\n".write(to: file, atomically: false, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    XCTAssertEqual(try firstDiagnostic("csv(\"\(file.path)\")").phase, .runtime)
  }
}
