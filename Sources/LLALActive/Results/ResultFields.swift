import LLALJSON
import LLALNN

/// Reads the fields of a results file, each failure a `ResultFileError` naming the file
/// and the field (`records[3].seed`).
struct ResultFields {
  /// The file.
  let path: String
  /// The object being read (`records[3]`), empty at the top.
  var at = ""

  init(path: String) { self.path = path }

  /// An error about the current object: `is malformed: records[3]` followed by `message`.
  func fail(_ message: String) -> ResultFileError {
    ResultFileError(
      path: path,
      "is malformed: " + (at.isEmpty ? String(message.drop { $0 == "." }) : at + message))
  }

  /// `"seed" must be an integer, found "x"` (or `records[3].seed …`).
  func wrong(_ key: String, _ kind: String, _ found: JSON?) -> ResultFileError {
    let name = at.isEmpty ? "\"\(key)\"" : "\(at).\(key)"
    let what = found.map { v in v.string.map { "\"\($0)\"" } ?? v.kindName }
    return ResultFileError(
      path: path, "is malformed: \(name) must be \(kind), found \(what ?? "nothing")")
  }

  /// The value of `key`, which must be present.
  func field(_ o: JSONObject, _ key: String, _ kind: String) throws -> JSON {
    guard let v = o[key] else {
      throw ResultFileError(
        path: path,
        "is malformed: " + (at.isEmpty ? "" : at + ": ")
          + "the field \"\(key)\" (\(kind)) is missing")
    }
    return v
  }

  func int(_ o: JSONObject, _ key: String) throws -> Int {
    let v = try field(o, key, "an integer")
    guard let i = v.nonNegativeInt else { throw wrong(key, "a non-negative integer", v) }
    return i
  }

  func bool(_ o: JSONObject, _ key: String) throws -> Bool {
    let v = try field(o, key, "true or false")
    guard let b = v.bool else { throw wrong(key, "true or false", v) }
    return b
  }

  func string(_ o: JSONObject, _ key: String) throws -> String {
    let v = try field(o, key, "a string")
    guard let s = v.string else { throw wrong(key, "a string", v) }
    return s
  }

  /// A number, `null` (what the file writes for a value that does not apply, or one
  /// that was not finite) as nil.
  func number(_ o: JSONObject, _ key: String) throws -> Double? {
    let v = try field(o, key, "a number or null")
    if v == .null { return nil }
    guard let d = v.double else { throw wrong(key, "a number or null", v) }
    return d
  }

  /// An optional field: nil when absent or null.
  func optional(_ o: JSONObject, _ key: String) throws -> Double? {
    o[key] == nil ? nil : try number(o, key)
  }

  /// An optional `true`/`false` field: nil when absent.
  func optionalBool(_ o: JSONObject, _ key: String) throws -> Bool? {
    o[key] == nil ? nil : try bool(o, key)
  }

  func strings(_ o: JSONObject, _ key: String) throws -> [String] {
    let v = try field(o, key, "a list of strings")
    guard let items = v.array, items.allSatisfy({ $0.string != nil }) else {
      throw wrong(key, "a list of strings", v)
    }
    return items.compactMap(\.string)
  }

  func ints(_ o: JSONObject, _ key: String) throws -> [Int] {
    let v = try field(o, key, "a list of non-negative integers")
    guard let out = v.nonNegativeInts else {
      throw wrong(key, "a list of non-negative integers", v)
    }
    return out
  }

  /// One cycle record as `CycleRecord.json` writes it: `test_acc` for accuracy, else the
  /// task's metric right after `labeled`, its other metrics, then `test_loss`.
  func record(_ item: JSON) throws -> CycleRecord {
    guard let o = item.object else { throw fail(" must be an object, found \(item.kindName)") }
    let cycle = try int(o, "cycle")
    guard cycle >= 1 else { throw wrong("cycle", "a cycle counted from 1", o["cycle"]) }
    var r = CycleRecord(
      strategy: try string(o, "strategy"), seed: try int(o, "seed"), cycle: cycle - 1,
      labeled: try int(o, "labeled"), testAccuracy: nil,
      finalTrainLoss: try number(o, "final_train_loss") ?? .nan,
      trainSeconds: try number(o, "train_s") ?? 0, cycleSeconds: try number(o, "cycle_s") ?? 0,
      chosen: try ints(o, "chosen"))
    if o["test_acc"] != nil {
      r.testAccuracy = try number(o, "test_acc")
    } else {
      // The metric fields sit between `labeled` and `test_loss`.
      let keys = Array(o.keys)
      guard let from = keys.firstIndex(of: "labeled"), from + 1 < keys.count,
        let to = keys.firstIndex(of: "test_loss"), to > from + 1
      else {
        throw fail(": the field \"test_acc\" (or a task's metric and \"test_loss\") is missing")
      }
      r.metricName = keys[from + 1]
      r.testAccuracy = try number(o, r.metricName)
      r.otherMetrics = try keys[(from + 2)..<to].map { TaskMetric($0, try number(o, $0) ?? .nan) }
      r.testLoss = try number(o, "test_loss")
    }
    r.entropyRankingAccuracy = try number(o, "entropy_rank_acc")
    r.marginRankingAccuracy = try number(o, "margin_rank_acc")
    r.leastConfidenceRankingAccuracy = try number(o, "lc_rank_acc")
    r.entropyKendallTau = try number(o, "entropy_kendall_tau")
    r.lossModuleRankingAccuracy = try optional(o, "lpm_rank_acc")
    r.lossModuleKendallTau = try optional(o, "lpm_kendall_tau")
    r.entropySpearman = try optional(o, "entropy_spearman")
    r.lossModuleSpearman = try optional(o, "lpm_spearman")
    // A run with a stopping rule: its κ and whether the rule had fired (the results
    // table's stopping line is made from them).
    r.wouldStop = try optionalBool(o, "would_stop")
    if r.wouldStop != nil { r.stopKappa = try number(o, "stop_kappa") }
    r.warnings = try strings(o, "warnings")
    return r
  }
}
