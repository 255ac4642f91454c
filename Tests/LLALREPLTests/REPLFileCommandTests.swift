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

  func testExportTorchWritesTheSessionsExperiment() throws {
    let folder = try temporaryDirectory()
    let result = run(
      [
        ":export-torch none", "data = blobs(count: 40, classes: 2, seed: 0)",
        "train, test = data.split(test: 0.25, seed: 0)",
        "model M(x: [2]) { return x |> linear(2) }",
        "b = budget(initial: 10, step: 5, cycles: 2)",
        "r = experiment(M, train, test, [entropy()], budget: b, "
          + "optimizer: sgd(lr: 0.1, epochs: 1, batch: 8))",
        ":export-torch out",
      ], in: folder)
    XCTAssertEqual(
      result.errors, "error: this session has run no experiment(...); nothing to export\n")
    XCTAssertTrue(
      result.output.hasSuffix("Exported 2 jobs to out (see out/README.md).\n"), result.output)
    let jobs = try String(
      contentsOf: folder.appendingPathComponent("out/jobs.txt"), encoding: .utf8)
    XCTAssertEqual(
      jobs,
      "python experiment.py --strategy entropy --seed 0\n"
        + "python experiment.py --strategy random --seed 0\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path))
  }

  func testExportTorchRefusalNamesTheSessionsLine() throws {
    let folder = try temporaryDirectory()
    let result = run(
      [
        "data = blobs(count: 40, classes: 2, seed: 0)",
        "train, test = data.split(test: 0.25, seed: 0)",
        "model M(x: [2]) { return x |> linear(2) }",
        "u = uncertainty(fn (p) => p.topk(2, axis: 1)[0].sum(axis: 1))",
        "r = experiment(M, train, test, [u], budget: budget(initial: 10, step: 5, cycles: 2), "
          + "optimizer: sgd(lr: 0.1, epochs: 1, batch: 8))",
        ":export-torch out",
      ], in: folder)
    XCTAssertTrue(
      result.errors.hasPrefix(
        "session.llal:13:27: error: the score function uses 'topk', which the PyTorch "
          + "export does not translate"), result.errors)
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }
}
