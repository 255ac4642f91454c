import Foundation
import XCTest

@testable import LLALTensor

/// `AtomicFile`: what it replaces, what it refuses, and what it leaves behind.
final class AtomicFileTests: XCTestCase {
  private var folder = ""

  override func setUpWithError() throws {
    folder =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-atomic-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

  private func path(_ name: String) -> String { folder + "/" + name }

  private func contents(_ name: String) -> String? {
    FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
  }

  private func names() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
  }

  private func assertRefused(
    _ target: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try AtomicFile.write("new", to: target), file: file, line: line) {
      XCTAssertEqual(($0 as? FileError)?.reason, reason, file: file, line: line)
      XCTAssertEqual(($0 as? FileError)?.description, "cannot write '\(target)': \(reason)")
    }
  }

  /// The id of a process that has ended.
  private func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  func testCreatesAndReplacesAFileKeepingItsPermissionsAndNoTemporary() throws {
    try AtomicFile.write("first", to: path("a.txt"))
    XCTAssertEqual(contents("a.txt"), "first")
    chmod(path("a.txt"), 0o600)
    try AtomicFile.write("second", to: path("a.txt"))
    XCTAssertEqual(contents("a.txt"), "second")
    let attributes = try FileManager.default.attributesOfItem(atPath: path("a.txt"))
    XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    XCTAssertEqual(try names(), ["a.txt"])
  }

  func testWritesThroughASymbolicLinkToAFileAndKeepsTheLink() throws {
    try "old".write(toFile: path("target.html"), atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: path("link.html"), withDestinationPath: "target.html")
    try AtomicFile.write("new", to: path("link.html"))
    XCTAssertEqual(contents("target.html"), "new")
    XCTAssertEqual(
      try FileManager.default.destinationOfSymbolicLink(atPath: path("link.html")), "target.html")
    XCTAssertEqual(try names(), ["link.html", "target.html"])
  }

  func testRefusesWhatIsNotARegularFileAndLeavesItAlone() throws {
    try FileManager.default.createSymbolicLink(
      atPath: path("dangling"), withDestinationPath: "nowhere")
    assertRefused(path("dangling"), "is a symbolic link to nothing; llal does not follow it")
    XCTAssertEqual(
      try FileManager.default.destinationOfSymbolicLink(atPath: path("dangling")), "nowhere")

    try FileManager.default.createDirectory(atPath: path("dir"), withIntermediateDirectories: false)
    assertRefused(path("dir"), "is a directory, not a file")

    XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
    assertRefused(path("fifo"), "is a pipe, not a regular file")
    var info = stat()
    XCTAssertEqual(stat(path("fifo"), &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)

    // As root this once replaced the system's device node with a regular file.
    assertRefused("/dev/null", "is a device, not a regular file")
    XCTAssertEqual(stat("/dev/null", &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR)
    XCTAssertEqual(try names(), ["dangling", "dir", "fifo"])
  }

  func testAMissingFolderIsNamed() {
    assertRefused(path("nope/a.html"), "no such directory '\(path("nope"))'")
    try? "x".write(toFile: path("plain"), atomically: false, encoding: .utf8)
    assertRefused(path("plain/a.html"), "'\(path("plain"))' is not a directory")
  }

  func testRemovesOnlyStaleTemporariesOfItsOwnNaming() throws {
    let dead = try deadProcessID()
    let stale = ".r.csv" + AtomicFile.temporaryMarker + String(dead)
    let live = ".q.csv" + AtomicFile.temporaryMarker + String(getppid())
    let foreign = ["r.csv.tmp-\(dead)", ".r.csv.llal-tmp-x\(dead)"]
    for name in [stale, live] + foreign {
      try "partial".write(toFile: path(name), atomically: false, encoding: .utf8)
    }
    try AtomicFile.write("done", to: path("r.csv"))
    XCTAssertEqual(try names(), ([live, "r.csv"] + foreign).sorted())
  }

  func testAFailedWriteLeavesTheOldFileAndNoTemporary() throws {
    try AtomicFile.write("old", to: path("big.bin"))
    // A file-size limit makes the write fail part-way, as a full disk would.
    #if os(Linux)
      let fileSize = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
      let fileSize = RLIMIT_FSIZE
    #endif
    var saved = rlimit()
    getrlimit(fileSize, &saved)
    var small = saved
    small.rlim_cur = 4096
    let previous = signal(SIGXFSZ, SIG_IGN)
    XCTAssertEqual(setrlimit(fileSize, &small), 0)
    defer {
      setrlimit(fileSize, &saved)
      signal(SIGXFSZ, previous)
    }
    XCTAssertThrowsError(try AtomicFile.write(Data(count: 100_000), to: path("big.bin"))) {
      XCTAssertEqual(($0 as? FileError)?.reason, "file too large")
    }
    XCTAssertEqual(contents("big.bin"), "old")
    XCTAssertEqual(try names(), ["big.bin"])
  }

  func testTemporaryNamesAreShortEnoughAndRecogniseTheirWriter() {
    let name = AtomicFile.temporaryName(for: "page.html", pid: 42)
    XCTAssertEqual(name, ".page.html.llal-tmp-42")
    XCTAssertEqual(AtomicFile.writerID(ofTemporary: name), 42)
    XCTAssertLessThanOrEqual(
      AtomicFile.temporaryName(for: String(repeating: "é", count: 200), pid: 1).utf8.count, 255)
    XCTAssertNil(AtomicFile.writerID(ofTemporary: "page.html.llal-tmp-42"))
    XCTAssertNil(AtomicFile.writerID(ofTemporary: ".page.html.llal-tmp-"))
    XCTAssertNil(AtomicFile.writerID(ofTemporary: ".page.html.llal-tmp-4x2"))
  }
}
