import LLALLanguage

/// A small query language over lists of records, such as `r.records`:
/// `r.records.where({strategy: "entropy"}).group("cycle").mean("test_acc")`.
///
/// `where` keeps the records that match, `group` splits them by the values of key fields,
/// and the groups' `mean`, `std` and `count` give a summary: a table that `plot` draws.
enum RecordQueryLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.registerMethod(whereMethod, on: .list)
    registry.registerMethod(groupMethod, on: .list)
  }

  static let whereMethod = Builtin(
    "where", [
      .init(
        "match",
        ParamType(
          [.record, .function], description: "a record or function", shortName: "record|fn"))
    ], returns: "list", receiver: "list",
    doc: """
      The records of a list of records that match, in order. match is a record of field \
      values, each of which must equal the record's (a list matches any of its values): \
      r.records.where({strategy: "entropy", seed: [0, 1]}); or a function of a record \
      returning a bool: r.records.where(fn (c) => c.cycle > 2).
      """
  ) { args in
    let records = try RecordQueries.records(args)
    switch args["match"] {
    case .record(let match):
      try RecordQueries.checkFields(match.names, of: records, args, "match")
      return .list(
        records.filter { r in
          match.fields.allSatisfy { f in RecordQueries.matches(r.record[f.name], f.value) }
        }.map(\.value))
    default:
      let f = args["match"]
      return .list(
        try records.filter { r in
          let keep = try args.interpreter.call(f, [r.value], at: args.callRange)
          guard case .bool(let b) = keep else {
            throw args.error("match", "must return a bool, returned \(keep.typeName)")
          }
          return b
        }.map(\.value))
    }
  }

  static let groupMethod = Builtin(
    "group", [.variadic("keys", .string)], returns: "groups", receiver: "list",
    doc: """
      The records of a list of records grouped by the values of the key fields, in order \
      of first appearance: r.records.group("strategy", "cycle"). The groups' mean(field), \
      std(field) and count() give a summary with one row per group.
      """
  ) { args in
    let records = try RecordQueries.records(args)
    let keys = try args.variadic("keys").map { key -> String in
      guard case .string(let s) = key else { return "" }
      return s
    }
    guard !keys.isEmpty else {
      throw RuntimeError(
        "'group' needs at least one key field, such as group(\"cycle\")", range: args.callRange)
    }
    try RecordQueries.checkFields(keys, of: records, args, "keys")
    return .host(GroupsValue(keys: keys, records: records.map(\.record)))
  }
}

/// The rules `where` and `group` share.
enum RecordQueries {
  /// The receiver's elements as records, with the values they came from.
  static func records(_ args: Arguments) throws -> [(record: Record, value: Value)] {
    let name = args.signature.name ?? "fn"
    guard case .list(let items)? = args.receiver else {
      throw RuntimeError("'\(name)' needs a list of records", range: args.callRange)
    }
    return try items.enumerated().map { i, item in
      guard case .record(let r) = item else {
        throw RuntimeError(
          "'\(name)' needs a list of records; element \(i) is \(item.typeName)",
          range: args.callRange)
      }
      return (r, item)
    }
  }

  /// Fails when a field is in none of the records (a misspelt field would otherwise match
  /// nothing, silently).
  static func checkFields(
    _ names: [String], of records: [(record: Record, value: Value)], _ args: Arguments,
    _ parameter: String
  ) throws {
    guard let first = records.first else { return }
    let have = first.record.names.joined(separator: ", ")
    for name in names where !records.contains(where: { $0.record[name] != nil }) {
      throw args.error(
        parameter, "names field '\(name)', which the records lack (they have \(have))")
    }
  }

  /// Whether a record's field value matches `wanted` (equal, or one of a list's values
  /// when the field itself is not a list).
  static func matches(_ value: Value?, _ wanted: Value) -> Bool {
    guard let value else { return false }
    if case .list(let options) = wanted, value.kind != .list {
      return options.contains { $0.isEqual(to: value) }
    }
    return value.isEqual(to: wanted)
  }
}
