import Foundation
import XCTest

@testable import LLALTensor

/// `FileContents.read`: regular files, streams, and what it refuses, with the reasons.
final class FileContentsTests: XCTestCase {
  private var folder = ""

  override func setUpWithError() throws {
    folder =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-read-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

  private func path(_ name: String) -> String { folder + "/" + name }

  private func assertRefused(
    _ target: String, limit: Int = FileContents.defaultLimit, _ reason: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try FileContents.read(target, limit: limit), file: file, line: line) {
      XCTAssertEqual(($0 as? FileError)?.description, "cannot read '\(target)': \(reason)")
    }
  }

  /// Writes `bytes` into the FIFO at `fifo` from another thread (opening it blocks until
  /// the reader opens it too); the group is left when the writer is done.
  @discardableResult
  private func feed(_ fifo: String, _ bytes: Data) -> DispatchGroup {
    let group = DispatchGroup()
    group.enter()
    Thread.detachNewThread {
      let handle = FileHandle(forWritingAtPath: fifo)
      try? handle?.write(contentsOf: bytes)
      try? handle?.close()
      group.leave()
    }
    return group
  }

  func testReadsRegularAndEmptyFiles() throws {
    try "a,b\n1,2\n".write(toFile: path("t.csv"), atomically: false, encoding: .utf8)
    XCTAssertEqual(try FileContents.read(path("t.csv")), Data("a,b\n1,2\n".utf8))
    XCTAssertTrue(FileManager.default.createFile(atPath: path("empty"), contents: Data()))
    XCTAssertEqual(try FileContents.read(path("empty")), Data())
  }

  func testReadsAFIFOToItsEnd() throws {
    XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
    let bytes = Data((0..<200_000).map { UInt8($0 % 251) })
    feed(path("fifo"), bytes)
    XCTAssertEqual(try FileContents.read(path("fifo")), bytes)
  }

  func testRefusalsSayWhy() throws {
    assertRefused(path("none"), "no such file")
    assertRefused(folder, "is a directory, not a file")
    // As root `/dev/zero` is readable: it must not be read forever nor called a
    // permission problem.
    assertRefused("/dev/zero", "is a device, not a file")
    try "x".write(toFile: path("plain"), atomically: false, encoding: .utf8)
    assertRefused(path("plain/inner"), "a part of the path is not a directory")
  }

  func testTheSizeLimitHoldsForFilesAndStreams() throws {
    try Data(count: 11).write(to: URL(fileURLWithPath: path("eleven")))
    assertRefused(path("eleven"), limit: 10, "is 11 bytes, more than the limit of 10 bytes")
    XCTAssertEqual(try FileContents.read(path("eleven"), limit: 11).count, 11)

    XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
    // The reader stops early: the writer then gets EPIPE, not a fatal SIGPIPE.
    let previous = signal(SIGPIPE, SIG_IGN)
    defer { signal(SIGPIPE, previous) }
    let writer = feed(path("fifo"), Data(count: 3 << 20))
    assertRefused(path("fifo"), limit: 2 << 20, "holds more than the limit of 2 MiB")
    writer.wait()
  }

  func testSameFileFollowsLinks() throws {
    try "x".write(toFile: path("a"), atomically: false, encoding: .utf8)
    try "x".write(toFile: path("b"), atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: path("l"), withDestinationPath: path("a"))
    XCTAssertTrue(FilePath.isSameFile(path("a"), path("l")))
    XCTAssertTrue(FilePath.isSameFile(path("a"), folder + "/./a"))
    XCTAssertFalse(FilePath.isSameFile(path("a"), path("b")))
    XCTAssertFalse(FilePath.isSameFile(path("a"), path("none")))
  }

  func testSystemReasonsAreLowerCase() {
    XCTAssertEqual(
      FileError(.write, "p", errno: ENOSPC).description,
      "cannot write 'p': no space left on device")
    XCTAssertEqual(FileError(.read, "p", errno: EACCES).reason, "permission denied")
  }
}
