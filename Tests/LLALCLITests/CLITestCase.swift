import Foundation
import TestSupport
import XCTest

/// A test of the built `llal` binary, run in a fresh folder.
class CLITestCase: XCTestCase {
  /// The binary.
  private(set) var executable = ""
  /// The folder the runs start in, removed after the test.
  private(set) var folder = URL(fileURLWithPath: "/")

  override func setUpWithError() throws {
    guard let found = CommandRun.executable(nextTo: Self.self) else {
      throw MissingBinary()
    }
    executable = found
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let created = folder
    addTeardownBlock { try? FileManager.default.removeItem(at: created) }
  }

  /// The path of `name` in the folder.
  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// Writes `text` to `name` in the folder.
  func write(_ name: String, _ text: String) throws {
    try text.write(toFile: path(name), atomically: false, encoding: .utf8)
  }

  /// The text of `name` in the folder, or nil.
  func contents(_ name: String) -> String? {
    FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Runs `llal arguments…` to its end.
  func llal(_ arguments: String..., input: Data? = nil, outputPath: String? = nil) throws
    -> CommandRun.Result
  {
    try start(arguments, input: input, outputPath: outputPath).finish()
  }

  /// Starts `llal arguments…` without waiting for it.
  func start(_ arguments: [String], input: Data? = nil, outputPath: String? = nil) throws
    -> CommandRun
  {
    try CommandRun(executable, arguments, in: folder, input: input, outputPath: outputPath)
  }

  /// Asserts the exit status (not a signal) and the exact standard error.
  func assertExit(
    _ result: CommandRun.Result, _ status: Int32, errors: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertFalse(result.signalled, "ended by signal \(result.status)", file: file, line: line)
    XCTAssertEqual(result.status, status, result.errors, file: file, line: line)
    XCTAssertEqual(result.errors, errors, file: file, line: line)
  }

  /// The file type bits of what is at `path` (following links).
  func fileType(_ path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & S_IFMT
  }
}

/// The tests need the binary: `swift build --build-tests` builds it next to them.
struct MissingBinary: Error, CustomStringConvertible {
  var description: String {
    "no built llal binary next to the tests; run swift build --build-tests"
  }
}
