import Foundation
import XCTest

/// `llal run --set name=value` against the script's `param` calls (issue 14: a misspelt
/// name was reported only after the whole run, and a `param` in a branch that did not run
/// was said not to exist).
final class ScriptParameterTests: CLITestCase {
  private let script = """
    epochs = param("epochs", 30)
    fast = param(name: "fast", default: false)
    if fast {
      seeds = param("seeds", 3)
      print("fast", seeds)
    }
    fn width() = param("width", 8)
    print("epochs", epochs)

    """

  func testAMisspeltNameIsRefusedBeforeAnythingRuns() throws {
    try write("p.llal", script)
    let result = try llal("run", "p.llal", "--set", "epoch=2")
    assertExit(
      result, 64,
      errors: "llal: --set epoch: the script has no param(\"epoch\", ...); did you mean epochs?\n")
    XCTAssertEqual(result.output, "", "nothing ran")
    assertExit(
      try llal("run", "p.llal", "--set", "epochs=2", "--set", "zzz=1"), 64,
      errors: "llal: --set zzz: the script has no param(\"zzz\", ...) (its parameters: epochs, "
        + "fast, seeds, width)\n")
    try write("none.llal", "x = 1\n")
    assertExit(
      try llal("run", "none.llal", "--set", "a=1"), 64,
      errors: "llal: --set a: the script has no param(\"a\", ...) (it reads no parameters)\n")
  }

  func testAParamInCodeThatDidNotRunIsNamedAsSuch() throws {
    try write("p.llal", script)
    let result = try llal("run", "p.llal", "--set", "seeds=1", "--set", "epochs=2")
    assertExit(
      result, 0,
      errors: "llal: warning: --set seeds had no effect: param(\"seeds\", ...) is in code that "
        + "did not run\n")
    XCTAssertEqual(result.output, "epochs 2\n")
    let fast = try llal("run", "p.llal", "--set", "seeds=1", "--set", "fast=true")
    assertExit(fast, 0, errors: "")
    XCTAssertEqual(fast.output, "fast 1\nepochs 30\n")
  }

  func testComputedNamesAreOnlyCheckedAfterTheRun() throws {
    try write("d.llal", "n = \"ep\" + \"ochs\"\nprint(param(n, 1))\n")
    let result = try llal("run", "d.llal", "--set", "epochs=4", "--set", "other=3")
    assertExit(
      result, 0,
      errors: "llal: warning: --set other was not read: no param(...) call asked for \"other\"\n")
    XCTAssertEqual(result.output, "4\n")
  }
}
