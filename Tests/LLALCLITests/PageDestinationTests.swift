import Foundation
import XCTest

/// Where `llal notebook -o` may write: never over its input, never over a device, pipe
/// or directory, only known formats; `-o -` is standard output.
final class PageDestinationTests: CLITestCase {
  private let notebook = "# %% [markdown]\n# # Title\n# %% Cell\nprint(\"ran\")\n1 + 1\n"
  private let unknown =
    "name it with .html, .md or .ipynb, give --format, or use -o - for standard output\n"

  override func setUpWithError() throws {
    try super.setUpWithError()
    try write("nb.llal", notebook)
  }

  func testRefusesToWriteOverItsInput() throws {
    assertExit(
      try llal("notebook", "nb.llal", "-o", "nb.llal"), 64,
      errors: "llal: refusing to write the page over its input 'nb.llal'; choose another -o\n")
    XCTAssertEqual(contents("nb.llal"), notebook)
    // Even under another name that leads to it, with a page's extension.
    try FileManager.default.createSymbolicLink(
      atPath: path("page.html"), withDestinationPath: "nb.llal")
    assertExit(
      try llal("notebook", "nb.llal", "-o", "page.html"), 64,
      errors: "llal: refusing to write the page over its input 'nb.llal'; choose another -o\n")
    try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: true)
    assertExit(
      try llal("notebook", "nb.llal", "-o", "sub/../nb.llal", "--format", "md"), 64,
      errors: "llal: refusing to write the page over its input 'nb.llal'; choose another -o\n")
    XCTAssertEqual(contents("nb.llal"), notebook)
  }

  func testRefusesAnUnknownExtensionBeforeRunning() throws {
    let result = try llal("notebook", "nb.llal", "-o", "page.txt")
    assertExit(result, 64, errors: "llal: unknown page format for 'page.txt': " + unknown)
    XCTAssertEqual(result.output, "")
    XCTAssertNil(contents("page.txt"))
  }

  func testKnownExtensionsInAnyCaseAndExplicitFormats() throws {
    assertExit(try llal("notebook", "nb.llal", "-o", "a.HTML"), 0, errors: "")
    XCTAssertTrue(contents("a.HTML")?.hasPrefix("<!DOCTYPE html>") ?? false)
    assertExit(try llal("notebook", "nb.llal", "-o", "b.markdown"), 0, errors: "")
    XCTAssertTrue(contents("b.markdown")?.hasPrefix("# Title") ?? false)
    assertExit(try llal("notebook", "nb.llal", "-o", "c.txt", "--format", "md"), 0, errors: "")
    XCTAssertTrue(contents("c.txt")?.hasPrefix("# Title") ?? false)
  }

  func testDashWritesToStandardOutput() throws {
    let html = try llal("notebook", "nb.llal", "-o", "-")
    assertExit(html, 0, errors: "")
    XCTAssertTrue(html.output.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(html.output.contains("ran"))
    let markdown = try llal("notebook", "nb.llal", "-o", "-", "--format", "md")
    XCTAssertTrue(markdown.output.hasPrefix("# Title\n"), markdown.output)
  }

  func testNeverReplacesADeviceOrAPipe() throws {
    // As root, -o /dev/stdout once replaced the system's link with a regular file.
    assertExit(
      try llal("notebook", "nb.llal", "-o", "/dev/null", "--format", "html"), 74,
      errors: "llal: cannot write '/dev/null': is a device, not a regular file; "
        + "use -o - to write the page to standard output\n")
    XCTAssertEqual(fileType("/dev/null"), S_IFCHR)
    XCTAssertEqual(mkfifo(path("page.html"), 0o600), 0)
    assertExit(
      try llal("notebook", "nb.llal", "-o", "page.html"), 74,
      errors: "llal: cannot write 'page.html': is a pipe, not a regular file; "
        + "use -o - to write the page to standard output\n")
    XCTAssertEqual(fileType(path("page.html")), S_IFIFO)
    try FileManager.default.createDirectory(
      atPath: path("dir.html"), withIntermediateDirectories: true)
    assertExit(
      try llal("notebook", "nb.llal", "-o", "dir.html"), 74,
      errors: "llal: cannot write 'dir.html': is a directory, not a file\n")
    assertExit(
      try llal("notebook", "nb.llal", "-o", "nope/page.html"), 74,
      errors: "llal: cannot write 'nope/page.html': no such directory 'nope'\n")
  }

  func testWritesThroughALinkToAFileAndRemovesStaleTemporaries() throws {
    try write("real.html", "old")
    try FileManager.default.createSymbolicLink(
      atPath: path("link.html"), withDestinationPath: "real.html")
    // What a writer killed with -9 (or stopped by a full disk) left behind.
    let dead = Process()
    dead.executableURL = URL(fileURLWithPath: "/bin/true")
    try dead.run()
    dead.waitUntilExit()
    try write(".real.html.llal-tmp-\(dead.processIdentifier)", "partial")
    assertExit(try llal("notebook", "nb.llal", "-o", "link.html"), 0, errors: "")
    XCTAssertEqual(
      try FileManager.default.destinationOfSymbolicLink(atPath: path("link.html")), "real.html")
    XCTAssertTrue(contents("real.html")?.hasPrefix("<!DOCTYPE html>") ?? false)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
      ["link.html", "nb.llal", "real.html"])
  }
}
