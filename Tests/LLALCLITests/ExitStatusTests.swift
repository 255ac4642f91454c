import Foundation
import XCTest

/// Each exit status of `llal` (sysexits: 64 usage, 65 script, 70 runtime, 74 I/O) with
/// its message, and the I/O errors of issue 14 that used to exit 70.
final class ExitStatusTests: CLITestCase {
  func testSuccessIsZero() throws {
    try write("ok.llal", "print(\"hi\")\n1 + 2\n")
    let result = try llal("run", "ok.llal")
    assertExit(result, 0, errors: "")
    XCTAssertEqual(result.output, "hi\n3\n")
  }

  func testUsageErrorsAre64() throws {
    try write("ok.llal", "1\n")
    assertExit(
      try llal("run", "--set", "bad", "ok.llal"), 64,
      errors: """
        llal: --set wants name=value, got 'bad'

        """)
    let unknown = try llal("run", "--nope", "ok.llal")
    XCTAssertEqual(unknown.status, 64)
    XCTAssertTrue(unknown.errors.hasPrefix("Error: Unknown option '--nope'\n"), unknown.errors)
  }

  func testScriptErrorsAre65() throws {
    try write("s.llal", "x = 1\nx = (1 +\n")
    assertExit(
      try llal("run", "s.llal"), 65,
      errors: """
        s.llal:2:9: error: expected an expression, found end of input
        x = (1 +
                ^

        """)
    assertExit(
      try llal("check", "s.llal"), 65,
      errors: """
        s.llal:2:9: error: expected an expression, found end of input
        x = (1 +
                ^

        """)
  }

  func testRuntimeErrorsAre70() throws {
    try write("r.llal", "xs = [1, 2]\nxs[5]\n")
    let result = try llal("run", "r.llal")
    XCTAssertEqual(result.status, 70)
    XCTAssertTrue(result.errors.hasPrefix("r.llal:2:"), result.errors)
    XCTAssertTrue(result.errors.contains("xs[5]\n"), result.errors)
  }

  func testAScriptThatCannotBeReadIs74() throws {
    assertExit(
      try llal("run", "missing.llal"), 74,
      errors: "llal: cannot read 'missing.llal': no such file\n")
    try FileManager.default.createDirectory(
      atPath: path("dir.llal"), withIntermediateDirectories: true)
    assertExit(
      try llal("check", "dir.llal"), 74,
      errors: "llal: cannot read 'dir.llal': is a directory, not a file\n")
    assertExit(
      try llal("run", "/dev/zero"), 74,
      errors: "llal: cannot read '/dev/zero': is a device, not a file\n")
  }

  func testAMissingDataFileIs74() throws {
    try write("m.llal", "print(1)\nd = csv(\"missing.csv\")\n")
    let result = try llal("run", "m.llal")
    assertExit(
      result, 74,
      errors: """
        m.llal:2:5: error: missing.csv: no such file
        d = csv("missing.csv")
            ^~~~~~~~~~~~~~~~~~

        """)
    XCTAssertEqual(result.output, "1\n")
  }

  func testADirectoryInPlaceOfADataFileIs74() throws {
    try FileManager.default.createDirectory(
      atPath: path("folder"), withIntermediateDirectories: true)
    try write("m.llal", "d = npy(x: \"folder\", y: \"folder\")\n")
    assertExit(
      try llal("run", "m.llal"), 74,
      errors: """
        m.llal:1:5: error: folder: is a directory, not a file
        d = npy(x: "folder", y: "folder")
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~

        """)
  }

  func testADeviceAsADataFileIsRefusedNotCalledAPermissionProblem() throws {
    // As root `/dev/zero` is readable; it used to be reported as "permission".
    try write("z.llal", "d = csv(\"/dev/zero\")\n")
    assertExit(
      try llal("run", "z.llal"), 74,
      errors: """
        z.llal:1:5: error: /dev/zero: is a device, not a file
        d = csv("/dev/zero")
            ^~~~~~~~~~~~~~~~

        """)
  }

  func testSavingResultsIntoAMissingFolderIs74() throws {
    try write(
      "save.llal",
      """
      model M(x: [2]) {
        return x |> linear(2)
      }
      d = blobs(count: 40, classes: 2, seed: 0)
      tr, te = d.split(test: 0.5, seed: 0)
      r = experiment(M, tr, te, [random()], budget: budget(initial: 4, step: 4, cycles: 1),
        optimizer: sgd(epochs: 1, batch: 4))
      r.save("nope/r.csv")

      """)
    assertExit(
      try llal("run", "save.llal"), 74,
      errors: """
        save.llal:8:8: error: argument 'path' of 'save' could not be written: no such directory 'nope'
        r.save("nope/r.csv")
               ^~~~~~~~~~~~

        """)
  }

  func testANotebookWhoseCellCannotReadItsDataIs74AndStillWritesThePage() throws {
    try write("nb.llal", "# %% Load\nd = csv(\"missing.csv\")\n# %% Next\n1 + 1\n")
    let result = try llal("notebook", "nb.llal", "-o", "nb.html")
    XCTAssertEqual(result.status, 74, result.errors)
    XCTAssertTrue(result.errors.hasPrefix("nb.llal:2:5: error: missing.csv: no such file\n"))
    XCTAssertTrue(contents("nb.html")?.contains("missing.csv: no such file") ?? false)
  }
}
