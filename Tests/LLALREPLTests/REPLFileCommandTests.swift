import Foundation
import LLALREPL
import TestSupport
import XCTest

/// `:save`, `:export` and `:load` go through llal's one writer and reader: never over a
/// device, pipe or directory, through links to files, pipes read as streams.
final class REPLFileCommandTests: XCTestCase {
  private func run(_ lines: [String], in folder: URL) -> REPLRun {
    REPLRun(lines, options: REPL.Options(width: { 60 }, currentDirectory: folder))
  }

  func testSaveAndExportRefuseWhatIsNotAFileAndLeaveItAlone() throws {
    let folder = try temporaryDirectory()
    XCTAssertEqual(mkfifo(folder.appendingPathComponent("pipe.md").path, 0o600), 0)
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("dir.llal"), withIntermediateDirectories: false)
    let result = run(["a = 1", ":export pipe.md", ":save dir.llal"], in: folder)
    XCTAssertEqual(
      result.errors,
      """
      error: cannot write 'pipe.md': is a pipe, not a regular file
      error: cannot write 'dir.llal': is a directory, not a file

      """)
    var info = stat()
    XCTAssertEqual(stat(folder.appendingPathComponent("pipe.md").path, &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
  }

  func testSaveWritesThroughALinkToAFile() throws {
    let folder = try temporaryDirectory()
    try "old".write(
      to: folder.appendingPathComponent("real.llal"), atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("link.llal").path, withDestinationPath: "real.llal")
    let result = run(["a = 1", ":save link.llal"], in: folder)
    XCTAssertEqual(result.errors, "")
    XCTAssertEqual(
      try FileManager.default.destinationOfSymbolicLink(
        atPath: folder.appendingPathComponent("link.llal").path), "real.llal")
    let saved = try String(
      contentsOf: folder.appendingPathComponent("real.llal"), encoding: .utf8)
    XCTAssertTrue(saved.contains("a = 1"), saved)
  }

  func testLoadReadsAFIFOAndRefusesADevice() throws {
    let folder = try temporaryDirectory()
    let fifo = folder.appendingPathComponent("defs.llal").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    Thread.detachNewThread {
      let handle = FileHandle(forWritingAtPath: fifo)
      try? handle?.write(contentsOf: Data("base = 7\n".utf8))
      try? handle?.close()
    }
    let result = run([":load defs.llal", "base * 6", ":load /dev/zero"], in: folder)
    XCTAssertEqual(result.output, "Out[1]: 42\n")
    XCTAssertEqual(result.errors, "error: cannot read '/dev/zero': is a device, not a file\n")
  }
}
