import LLALData
import LLALNN
import LLALTensor
import TestSupport
import XCTest

@testable import LLALActive

/// A session answered by an annotator: the query, the CSV of answers read back with every
/// rule checked at its line, and training on the answers instead of the pool's labels.
final class AnnotatorTests: XCTestCase {
  func points(_ n: Int, seed: UInt64) throws -> Dataset {
    var g = RandomGenerator(seed: seed)
    var x: [Float] = [], y: [Int] = []
    for _ in 0..<n {
      let a = 2 * g.nextUniform() - 1, b = 2 * g.nextUniform() - 1
      x += [a, b]
      y.append(a > 0 ? (b > 0 ? 2 : 1) : 0)
    }
    return try Dataset(x: try Tensor(shape: [n, 2], x), y: y, classCount: 3)
  }

  func session(_ labels: LabelSource) throws -> ActiveLearningSession {
    let g = try ModelGraph(name: "MLP", inputShape: [2])
    let h = try g.add(ReLU(), try g.add(Linear(outFeatures: 8), g.input))
    try g.add(Linear(outFeatures: 3), h)
    return try ActiveLearningSession(
      model: g, pool: try points(100, seed: 1), strategy: EntropyStrategy(),
      budget: try LabelBudget(initial: 10, step: 4, cycles: 3),
      training: CycleTraining(TrainingConfig(epochs: 3, batchSize: 8, optimizer: .sgd(lr: 0.1))),
      seed: 0, test: try points(30, seed: 2), labels: labels)
  }

  /// Writes the answers `index,label` for `indices` (labels from `label`) and returns the
  /// file's path.
  func answers(_ dir: TemporaryDirectory, _ indices: [Int], _ label: (Int) -> String) throws
    -> String
  {
    try dir.write(
      "labeled.csv", text: "index,label\n" + indices.map { "\($0),\(label($0))\n" }.joined())
  }

  func untimed(_ records: [CycleRecord]) -> [CycleRecord] {
    records.map {
      var r = $0
      r.trainSeconds = 0
      r.cycleSeconds = 0
      return r
    }
  }

  func testTruthfulAnswersRepeatThePoolsRun() throws {
    let dir = try TemporaryDirectory()
    let truth = try points(100, seed: 1).y
    let simulated = try session(.pool)
    try simulated.run()
    let annotated = try session(.annotator)
    while !annotated.isFinished {
      try annotated.step()
      guard !annotated.isFinished else { break }
      let q = try annotated.query()
      try annotated.label(from: try answers(dir, q.indices) { String(truth[$0]) })
    }
    XCTAssertEqual(untimed(annotated.records), untimed(simulated.records))
    XCTAssertEqual(annotated.pool.labeled, simulated.pool.labeled)
  }

  func testTrainingUsesTheAnswersInsteadOfThePoolsLabels() throws {
    let dir = try TemporaryDirectory()
    let truth = try points(100, seed: 1).y
    let s = try session(.annotator)
    try s.step()
    let q = try s.query()
    // Every answer one class off the truth.
    let given = try s.label(from: try answers(dir, q.indices) { String((truth[$0] + 1) % 3) })
    XCTAssertEqual(given.count, 4)
    XCTAssertEqual((s.learner as? GraphLearner)?.givenLabels, given)
    XCTAssertEqual(s.records[0].chosen, q.indices)
    let wrong = try s.step()
    let honest = try session(.pool)
    try honest.step()
    XCTAssertNotEqual(wrong.finalTrainLoss, try honest.step().finalTrainLoss)
  }

  func testTheSessionSaysWhatItWaitsFor() throws {
    let dir = try TemporaryDirectory()
    let path = try answers(dir, [0]) { _ in "0" }
    XCTAssertThrowsError(try session(.pool).label(from: path)) {
      XCTAssertEqual(
        "\($0)",
        "label: this session labels its queries from the pool; make it with labels: "
          + "\"annotator\" to answer them from a file")
    }
    let s = try session(.annotator)
    XCTAssertThrowsError(try s.label(from: path)) {
      XCTAssertEqual("\($0)", "label: no query waits for labels: run a step first")
    }
    try s.step()
    XCTAssertThrowsError(try s.label(from: path)) {
      XCTAssertEqual(
        "\($0)", "label: ask the query first: q = s.query(), then q.save(...) for the annotator")
    }
    XCTAssertThrowsError(try s.step()) {
      XCTAssertEqual(
        "\($0)",
        "session: cycle 1's query waits for its labels: q = s.query(), "
          + "q.save(\"to_label.csv\"), then s.label(\"labeled.csv\") with the answers")
    }
    let q = try s.query()
    // Another strategy's query is only an explanation: the pending one stays.
    _ = try s.query(using: RandomStrategy())
    try s.label(from: try answers(dir, q.indices) { _ in "1" })
    XCTAssertThrowsError(try s.label(from: path)) {
      XCTAssertEqual("\($0)", "label: cycle 1's query is labeled already; run the next step")
    }
  }

  func testEveryRuleOfTheFileNamesItsLine() throws {
    let dir = try TemporaryDirectory()
    let s = try session(.annotator)
    try s.step()
    let q = try s.query().indices
    let (a, b, c, d) = (q[0], q[1], q[2], q[3])
    let notQueried = (0..<100).first { !q.contains($0) && !s.pool.isLabeled($0) } ?? -1
    let cases: [(String, String)] = [
      ("", "the file has no rows"),
      (
        "id,class\n\(a),1\n",
        "line 1: the header must name the columns index and label, found id, class"
      ),
      ("index,label\nfirst,1\n", "line 2: \"first\" is not a pool index"),
      (
        "index,label\n\(a),1\n\n\(notQueried),1\n",
        "line 4: index \(notQueried) was not queried (the query asked for 4 points)"
      ),
      ("index,label\n\(a),1\n\(a),2\n", "line 3: index \(a) is labeled twice (first on line 2)"),
      ("index,label\n\(a),\n", "line 2: index \(a) has no label"),
      ("label,index\n7,\(a)\n", "line 2: label \"7\" of index \(a) is not a class id (0 to 2)"),
      ("index,label\n\(a),one\n", "line 2: label \"one\" of index \(a) is not a class id (0 to 2)"),
      (
        "index,label\n\(a),1\n\(c),0\n",
        "no row for index \(b) and 1 more of the query's 4 points"
      ),
      ("index,label\n\(a),1\n\(b),0\n\(c),2\n", "no row for index \(d)"),
    ]
    for (text, message) in cases {
      let path = try dir.write("labeled.csv", text: text)
      XCTAssertThrowsError(try s.label(from: path), text) {
        XCTAssertEqual("\($0)", path + ": " + message)
        XCTAssertEqual(($0 as? DataError)?.kind, .malformed)
      }
    }
    // Nothing was labeled by the refused files; a missing file is an I/O error.
    XCTAssertFalse(q.contains { s.pool.isLabeled($0) })
    XCTAssertThrowsError(try s.label(from: dir.path("missing.csv"))) {
      XCTAssertEqual(($0 as? DataError)?.kind, .io)
    }
    // Extra columns (the image file) are ignored; the answers may come in any order.
    let path = try dir.write(
      "labeled.csv",
      text: "image,label,index\n" + q.reversed().map { "x.png,2,\($0)\n" }.joined())
    XCTAssertEqual(try s.label(from: path), Dictionary(uniqueKeysWithValues: q.map { ($0, 2) }))
    XCTAssertTrue(q.allSatisfy { s.pool.isLabeled($0) })
  }
}
