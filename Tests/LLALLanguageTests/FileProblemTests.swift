import Foundation
import XCTest

@testable import LLALLanguage

final class FileProblemTests: XCTestCase {
  func testReasonsNameTheProblem() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-file-problem-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    XCTAssertEqual(FileProblem.unreadable(folder.appendingPathComponent("x").path), "no such file")
    XCTAssertEqual(FileProblem.unreadable(folder.path), "it is a directory")

    let missing = folder.appendingPathComponent("nope/out.html").path
    do {
      try Data("x".utf8).write(to: URL(fileURLWithPath: missing), options: .atomic)
      XCTFail("the write should fail")
    } catch {
      XCTAssertEqual(
        FileProblem.unwritable(missing, error),
        "no such directory '\(folder.appendingPathComponent("nope").path)'")
    }
    do {
      try Data("x".utf8).write(to: folder, options: .atomic)
      XCTFail("the write should fail")
    } catch {
      XCTAssertEqual(FileProblem.unwritable(folder.path, error), "it is a directory")
    }
  }
}
