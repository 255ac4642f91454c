import Foundation
import XCTest

/// Standard output that cannot be written, and scripts read from pipes and FIFOs.
final class StreamTests: CLITestCase {
  private let fullDisk = "llal: cannot write to standard output: no space left on device\n"

  func testOutputLostToAFullDeviceIs74() throws {
    try write("p.llal", "print(\"hello\")\n")
    assertExit(try llal("run", "p.llal", outputPath: "/dev/full"), 74, errors: fullDisk)
  }

  func testTheFirstLostWriteStopsTheRun() throws {
    // Without stopping, this would print for minutes into the void; the run ends at the
    // first failed write, and no "interrupted" diagnostic hides the real reason.
    try write("many.llal", "for i in 0..<100000000 {\n  print(i)\n}\n")
    assertExit(try llal("run", "many.llal", outputPath: "/dev/full"), 74, errors: fullDisk)
  }

  func testAPageOnLostStandardOutputIs74() throws {
    try write("nb.llal", "1 + 1\n")
    assertExit(
      try llal("notebook", "nb.llal", "-o", "-", outputPath: "/dev/full"), 74, errors: fullDisk)
  }

  func testHelpOnLostStandardOutputIs74() throws {
    assertExit(try llal("--help", outputPath: "/dev/full"), 74, errors: fullDisk)
  }

  func testAScriptOnStandardInputRuns() throws {
    let result = try llal("run", "/dev/stdin", input: Data("x = 20\nprint(x + 1)\nx * 2\n".utf8))
    assertExit(result, 0, errors: "")
    XCTAssertEqual(result.output, "21\n40\n")
  }

  func testAScriptFromAFIFORuns() throws {
    XCTAssertEqual(mkfifo(path("script.fifo"), 0o600), 0)
    let run = try start(["run", "script.fifo"])
    let fifo = path("script.fifo")
    Thread.detachNewThread {
      let handle = FileHandle(forWritingAtPath: fifo)
      try? handle?.write(contentsOf: Data("print(\"from a fifo\")\n".utf8))
      try? handle?.close()
    }
    let result = run.finish()
    assertExit(result, 0, errors: "")
    XCTAssertEqual(result.output, "from a fifo\n")
  }

  func testADiagnosticEscapesControlBytesFromTheSource() throws {
    try write("esc.llal", "x = \"\u{1B}[2J\u{0}\" + bad\n")
    let result = try llal("run", "esc.llal")
    XCTAssertFalse(result.errors.unicodeScalars.contains("\u{1B}"), result.errors)
    XCTAssertFalse(result.errors.unicodeScalars.contains("\u{0}"), result.errors)
    assertExit(
      result, 65,
      errors: """
        esc.llal:1:15: error: unknown name 'bad'; did you mean 'bald'?
        x = "\\u{1B}[2J\\u{0}" + bad
                               ^~~

        """)
  }

  func testADiagnosticOnAHugeLineShowsAWindow() throws {
    let filler = String(repeating: "a", count: 5_000_000)
    try write("big.llal", "x = \"" + filler + "\" + foo\n")
    let column = 5 + filler.utf8.count + 4 + 1
    let result = try llal("run", "big.llal")
    assertExit(
      result, 65,
      errors: """
        big.llal:1:\(column): error: unknown name 'foo'
        …\(String(repeating: "a", count: 56))" + foo
        \(String(repeating: " ", count: 61))^~~

        """)
  }
}
