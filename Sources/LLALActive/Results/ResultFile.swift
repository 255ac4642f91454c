import Foundation
import LLALJSON
import LLALTensor

/// An error reading a results file back: the file, and what is wrong with which field.
public struct ResultFileError: IOErrorReporting, CustomStringConvertible, Equatable, Sendable {
  /// The file concerned.
  public let path: String
  /// What is wrong, said of the file (`is malformed: records[3].seed must be a
  /// non-negative integer, found "x"`).
  public let message: String
  /// Whether the file could not be read at all (rather than being malformed).
  public let isIOError: Bool

  /// An error about `path` saying `message`.
  public init(path: String, _ message: String, isIOError: Bool = false) {
    self.path = path
    self.message = message
    self.isIOError = isIOError
  }

  /// `PATH message`: the message says what the file is or does (`is not valid JSON: …`).
  public var description: String { "\(path) \(message)" }
}

/// Reading back the JSON that `ExperimentResult.save(to:)` writes (`strategies`, `seeds`,
/// `cancelled`, `records`; the `summaries` are computed again from the records). The
/// values are what the file holds, rounded as it was written (4 decimals, times 3).
public enum ResultFile {
  /// The result saved at `path`.
  public static func read(_ path: String) throws -> ExperimentResult {
    let bytes: [UInt8]
    do {
      bytes = Array(try FileContents.read(path))
    } catch let error as FileError {
      throw ResultFileError(path: path, "cannot be read: \(error.reason)", isIOError: true)
    }
    let json: JSON
    do {
      json = try JSON.parse(bytes)
    } catch let error as JSONSyntaxError {
      throw ResultFileError(path: path, "is not valid JSON: \(error)")
    }
    return try decode(json, path: path)
  }

  /// The result a parsed results file holds.
  public static func decode(_ json: JSON, path: String) throws -> ExperimentResult {
    var fields = ResultFields(path: path)
    guard let top = json.object else {
      throw ResultFileError(
        path: path, "is not an llal results file: it holds \(json.kindName), not an object")
    }
    let strategies = try fields.strings(top, "strategies")
    let seeds = try fields.ints(top, "seeds")
    let cancelled = try fields.bool(top, "cancelled")
    guard let items = try fields.field(top, "records", "a list").array else {
      throw fields.wrong("records", "a list", top["records"])
    }
    var records: [CycleRecord] = []
    for (i, item) in items.enumerated() {
      fields.at = "records[\(i)]"
      let r = try fields.record(item)
      guard strategies.contains(r.strategy) else {
        throw fields.fail(".strategy is \"\(r.strategy)\", which \"strategies\" does not list")
      }
      guard seeds.contains(r.seed) else {
        throw fields.fail(".seed is \(r.seed), which \"seeds\" does not list")
      }
      if let first = records.first, first.metricName != r.metricName {
        throw fields.fail(
          " measures \(r.metricName), but records[0] measures \(first.metricName)")
      }
      records.append(r)
    }
    return ExperimentResult(
      strategies: strategies, seeds: seeds, records: records, cancelled: cancelled,
      metricName: records.first?.metricName ?? "accuracy")
  }
}
