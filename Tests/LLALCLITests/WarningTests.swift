import Foundation
import XCTest

/// Health warnings reach standard error once, after the run, with the usual prefix.
final class WarningTests: CLITestCase {
  func testAChanceAccuracyWarningIsPrintedOnce() throws {
    // Every sample is the same point: the model can only guess. The same experiment
    // twice notes the same warning twice; it is printed once.
    try write(
      "w.llal",
      """
      train, test = dataset(zeros([60, 2]), map(range(60), fn (i) => i % 2)).split(test: 0.5, seed: 0)
      model M(x: [2]) {
        return x |> linear(2)
      }
      b = budget(initial: 10, step: 5, cycles: 2)
      r1 = experiment(M, train, test, [entropy()], budget: b, optimizer: adam(epochs: 1, batch: 4), baseline: none)
      r2 = experiment(M, train, test, [entropy()], budget: b, optimizer: adam(epochs: 1, batch: 4), baseline: none)
      print(r1.records[0].warnings == r2.records[0].warnings)

      """)
    let result = try llal("run", "w.llal")
    assertExit(
      result, 0,
      errors: """
        llal: warning: entropy seed 0 cycles 1, 2: test accuracy 0.500 is at chance: always \
        answering the most common class scores 0.500 on the 30 test points

        """)
    XCTAssertEqual(result.output, "true\n")
  }
}
