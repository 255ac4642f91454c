import Foundation
import LLALLanguage

/// What `records.group(keys...)` returns: the records split by the values of the key
/// fields, in order of first appearance. `mean(field)`, `std(field)` and `count()` give a
/// `SummaryValue` with one row per group.
final class GroupsValue: HostObject {
  /// The key fields.
  let keys: [String]
  /// Each group's key values (one per key field, `none` where a record lacks it) and
  /// records.
  let groups: [(key: [Value], records: [Record])]

  /// Groups `records` by `keys`.
  init(keys: [String], records: [Record]) {
    self.keys = keys
    var groups: [(key: [Value], records: [Record])] = []
    for record in records {
      let key = keys.map { record[$0] ?? .none }
      let same = { (g: (key: [Value], records: [Record])) in
        zip(g.key, key).allSatisfy { $0.isEqual(to: $1) }
      }
      if let i = groups.firstIndex(where: same) {
        groups[i].records.append(record)
      } else {
        groups.append((key, [record]))
      }
    }
    self.groups = groups
  }

  var typeName: String { "groups" }

  var description: String {
    let n = groups.count
    return "groups by \(keys.joined(separator: ", ")): \(n) group\(n == 1 ? "" : "s")"
  }

  var memberNames: [String] { ["keys", "count", "mean", "std"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "keys": return .list(keys.map { .string($0) })
    case "count": return method(Self.countMethod)
    case "mean": return method(Self.meanMethod)
    case "std": return method(Self.stdMethod)
    default: return nil
    }
  }

  private func method(_ builtin: Builtin) -> Value {
    .function(FunctionValue(.method(builtin, receiver: .host(self))))
  }

  static let countMethod = Builtin(
    "count", [], returns: "summary", receiver: "groups",
    doc: "The number of records in each group, as a summary (a table that plot draws)."
  ) { args in
    let g = try receiver(args)
    return .host(
      SummaryValue(
        keys: g.keys, column: "count",
        rows: g.groups.map { ($0.key, Double($0.records.count), nil) }))
  }

  static let meanMethod = Builtin(
    "mean", [.init("field", .string)], returns: "summary", receiver: "groups",
    doc: """
      The mean of a numeric field in each group (none values left out; none where a group \
      has no value), as a summary. plot draws it with ± the sample standard deviation: \
      plot(r.records.group("strategy", "cycle").mean("test_acc")).
      """
  ) { args in
    let (g, field) = (try receiver(args), try args.string("field"))
    let rows = try g.groups.map { group in
      let xs = try numbers(field, group, g.keys, args)
      return (group.key, mean(xs), standardDeviation(xs))
    }
    return .host(SummaryValue(keys: g.keys, column: field, rows: rows))
  }

  static let stdMethod = Builtin(
    "std", [.init("field", .string)], returns: "summary", receiver: "groups",
    doc: """
      The sample standard deviation (n - 1 in the denominator, as the results' ± std) of \
      a numeric field in each group, none values left out; none for a group of fewer \
      than two values. A summary.
      """
  ) { args in
    let (g, field) = (try receiver(args), try args.string("field"))
    let rows = try g.groups.map { group in
      (group.key, standardDeviation(try numbers(field, group, g.keys, args)), nil as Double?)
    }
    return .host(SummaryValue(keys: g.keys, column: "std " + field, rows: rows))
  }

  private static func receiver(_ args: Arguments) throws -> GroupsValue {
    guard case .host(let h)? = args.receiver, let g = h as? GroupsValue else {
      throw RuntimeError("a groups method needs groups", range: args.callRange)
    }
    return g
  }

  /// The group's values of `field`, none left out; a field of another type is an error.
  private static func numbers(
    _ field: String, _ group: (key: [Value], records: [Record]), _ keys: [String],
    _ args: Arguments
  ) throws -> [Double] {
    guard group.records.contains(where: { $0[field] != nil }) else {
      let have = group.records.first?.names.joined(separator: ", ") ?? ""
      throw args.error("field", "names '\(field)', which the records lack (they have \(have))")
    }
    return try group.records.compactMap { record in
      let value = record[field] ?? .none
      if case .none = value { return nil }
      guard let x = value.asDouble, value.kind != .bool else {
        let key = zip(keys, group.key).map { "\($0) \(ValueFormatter.repr($1))" }
        throw args.error(
          "field",
          "names '\(field)', which holds \(value.typeName) values, not numbers "
            + "(in the group \(key.joined(separator: ", ")))")
      }
      return x
    }
  }

  private static func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
  }

  private static func standardDeviation(_ xs: [Double]) -> Double? {
    guard xs.count > 1, let m = mean(xs) else { return nil }
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
  }
}
