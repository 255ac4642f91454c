import Foundation
import XCTest

/// Issue 14's crashes and silent lies from the command line: each ends with one located
/// error and status 70, never a signal, and nothing after it runs.
final class HostileSizeTests: CLITestCase {
  private func assertRuntimeError(
    _ script: String, _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    try write("h.llal", script + "\nprint(\"after\")\n")
    let result = try llal("run", "h.llal")
    XCTAssertFalse(result.signalled, "ended by signal \(result.status)", file: file, line: line)
    XCTAssertEqual(result.status, 70, result.errors, file: file, line: line)
    XCTAssertTrue(
      result.errors.hasPrefix("h.llal:" + message), result.errors, file: file, line: line)
    XCTAssertEqual(result.output, "", file: file, line: line)
  }

  func testSizesThatOverflowedAreErrors() throws {
    try assertRuntimeError(
      "model Net(x: [1, 8, 8]) { return x |> conv(4, 3, pad: 4611686018427387904) |> gap() }",
      "1:55: error: argument 'pad' of 'conv' must be at most 1073741824, found "
        + "4611686018427387904")
    try assertRuntimeError(
      "b = budget(initial: 10, step: 10, cycles: 9223372036854775807)",
      "1:43: error: argument 'cycles' of 'budget' must be at most 1073741824, found "
        + "9223372036854775807")
    try assertRuntimeError(
      "d = moons(count: 9223372036854775807)",
      "1:18: error: a dataset of 9223372036854775807 samples [2] is too large")
  }

  func testADivergedRunIsAnErrorNotAnAccuracy() throws {
    try assertRuntimeError(
      """
      data = blobs(count: 100, classes: 2, dimensions: 4, seed: 1)
      model M(x: [4]) { return x |> linear(8) |> relu() |> linear(2) }
      r = experiment(M, data, data, [random()], budget: budget(initial: 10, step: 5, cycles: 2), optimizer: sgd(lr: 1e30, epochs: 2, batch: 8), seeds: 1)
      """,
      "3:5: error: training diverged in random, seed 0, cycle 1, epoch 1, step 2: the loss is "
        + "nan (learning rate 1e+30); lower the learning rate")
  }
}
