import LLALLanguage
import LLALRender
import LLALTensor

/// The built-ins that make charts and tables: `plot`, `scatter`, `table` and `sparkline`.
///
/// Each takes plain data (lists of numbers, 1-D tensors, records of them) and returns a
/// value that displays as a Unicode chart or box table in the terminal and as SVG or an
/// HTML table on the notebook page.
public enum DisplayLibrary: BuiltinLibrary {
  /// The standard built-ins with these added: what the REPL and notebook pages run with.
  public static func standardRegistry() -> BuiltinRegistry {
    let registry = BuiltinRegistry.standard()
    register(in: registry)
    return registry
  }

  /// Adds `plot`, `scatter`, `table` and `sparkline` to `registry`.
  public static func register(in registry: BuiltinRegistry) {
    let labels: [Builtin.Parameter] = [
      .init("title", .string, default: .string("")),
      .init("xlabel", .string, default: .string("")),
      .init("ylabel", .string, default: .string("")),
    ]
    registry.register(
      Builtin(
        "plot", [.init("data"), .init("x", .any, default: Value.none)] + labels,
        returns: "chart",
        doc: """
          A line chart of data: a list of numbers or a 1-D tensor (one curve), or a record \
          of them (one named curve per field: plot({train: a, test: b})). Points are at x = \
          0, 1, 2, ... unless x gives their positions. Non-finite values leave gaps.
          """
      ) { args in
        let x = args.isNone("x") ? nil : try numbers(args, "x")
        let series = try namedSeries(args, "data")
        if let x, let s = series.first(where: { $0.values.count != x.count }) {
          throw args.error(
            "x",
            "has \(x.count) values but \(s.name.isEmpty ? "the data" : "'\(s.name)'") "
              + "has \(s.values.count)")
        }
        let chart = Chart(
          kind: .line, title: try args.string("title"), xLabel: try args.string("xlabel"),
          yLabel: try args.string("ylabel"),
          series: series.map { s in
            x.map { Series(name: s.name, points: Array(zip($0, s.values)).map { (x: $0, y: $1) }) }
              ?? Series(name: s.name, values: s.values)
          })
        return .host(ChartValue(chart))
      })

    registry.register(
      Builtin(
        "scatter", [.init("points")] + labels, returns: "chart",
        doc: """
          A scatter chart of points: a tensor of shape [n, 2], a list of [x, y] pairs, or a \
          record of them (one named group per field: scatter({labeled: a, queried: b})).
          """
      ) { args in
        let groups: [(String, Value)]
        if case .record(let r) = args["points"] {
          groups = r.fields.map { ($0.name, $0.value) }
        } else {
          groups = [("", args["points"])]
        }
        let series = try groups.map { name, value in
          Series(name: name, points: try points(value, args, name))
        }
        let chart = Chart(
          kind: .scatter, title: try args.string("title"), xLabel: try args.string("xlabel"),
          yLabel: try args.string("ylabel"), series: series)
        return .host(ChartValue(chart))
      })

    registry.register(
      Builtin(
        "table",
        [
          .init("rows"), .init("headers", .any, default: Value.none),
          .init("title", .string.orNone, default: Value.none),
          .init("footer", .string.orNone, default: Value.none),
        ], returns: "table",
        doc: """
          A table of rows: a list of records (one column per field), a list of lists (with \
          headers), a record of equal-length lists (one column per field), or a 2-D tensor. \
          headers, a list of strings, names (and for records picks and orders) the columns.
          """
      ) { args in .host(TableValue(try makeTable(args))) })

    registry.register(
      Builtin(
        "sparkline",
        [.init("values"), .init("width", .int.orNone, default: Value.none)], returns: "string",
        doc: """
          A one-line chart of values (a list of numbers or a 1-D tensor) in the block \
          characters ▁▂▃▄▅▆▇█, lowest to highest. With width, longer input is averaged down \
          to that many characters.
          """
      ) { args in
        let width = try args.optionalInt("width")
        if let width, width < 1 { throw args.error("width", "must be at least 1, found \(width)") }
        return .string(Sparkline.render(try numbers(args, "values"), width: width))
      })
  }

  // MARK: - Converting arguments

  /// The numbers in a list of numbers, a range, or a tensor with one axis.
  static func numbers(of value: Value) -> [Double]? {
    switch value {
    case .list(let xs):
      let ds = xs.compactMap(\.asDouble)
      return ds.count == xs.count ? ds : nil
    case .range(let r) where r.count <= 10_000_000:
      return (0..<r.count).map { Double(r.element($0)) }
    case .tensor(let t) where t.rank == 1:
      return t.scalars.map(Double.init)
    default: return nil
    }
  }

  private static func numbers(_ args: Arguments, _ name: String) throws -> [Double] {
    guard let ds = numbers(of: args[name]) else {
      throw args.error(
        name, "must be a list of numbers or a 1-D tensor, found \(describe(args[name]))")
    }
    return ds
  }

  private static func namedSeries(_ args: Arguments, _ name: String) throws
    -> [(name: String, values: [Double])]
  {
    let value = args[name]
    if case .record(let r) = value {
      guard !r.fields.isEmpty else { throw args.error(name, "is an empty record") }
      return try r.fields.map { field in
        guard let ds = numbers(of: field.value) else {
          throw args.error(
            name,
            "field '\(field.name)' must be a list of numbers or a 1-D tensor, found "
              + describe(field.value))
        }
        return (field.name, ds)
      }
    }
    guard let ds = numbers(of: value) else {
      throw args.error(
        name,
        "must be a list of numbers, a 1-D tensor or a record of them, found "
          + describe(value))
    }
    return [("", ds)]
  }

  private static func points(_ value: Value, _ args: Arguments, _ group: String) throws
    -> [ChartPoint]
  {
    let what = group.isEmpty ? "" : "field '\(group)' "
    switch value {
    case .tensor(let t) where t.rank == 2 && t.shape[1] == 2:
      let s = t.scalars
      return stride(from: 0, to: s.count, by: 2).map {
        ChartPoint(x: Double(s[$0]), y: Double(s[$0 + 1]))
      }
    case .list(let xs):
      return try xs.map { pair in
        guard case .list(let p) = pair, p.count == 2, let x = p[0].asDouble,
          let y = p[1].asDouble
        else {
          throw args.error(
            "points", "\(what)must hold [x, y] pairs of numbers, found \(describe(pair))")
        }
        return ChartPoint(x: x, y: y)
      }
    default:
      throw args.error(
        "points",
        "\(what)must be a tensor of shape [n, 2] or a list of [x, y] pairs, found "
          + describe(value))
    }
  }

  private static func makeTable(_ args: Arguments) throws -> Table {
    let headers: [String]?
    if args.isNone("headers") {
      headers = nil
    } else {
      let names: [String]? = {
        guard case .list(let hs) = args["headers"] else { return nil }
        let strings = hs.compactMap { v -> String? in
          if case .string(let s) = v { return s }
          return nil
        }
        return strings.count == hs.count ? strings : nil
      }()
      guard let names else {
        throw args.error("headers", "must be a list of strings, found \(describe(args["headers"]))")
      }
      headers = names
    }
    let title = args.isNone("title") ? nil : try args.string("title")
    let footer = args.isNone("footer") ? nil : try args.string("footer")
    let (columns, rows) = try cells(args["rows"], headers: headers, args)
    return Table(title: title, headers: columns, rows: rows, footer: footer)
  }

  /// The headers and rows of a table from its data.
  private static func cells(_ data: Value, headers: [String]?, _ args: Arguments) throws
    -> ([String], [[String]])
  {
    switch data {
    case .record(let r):
      let columns = try r.fields.map { field -> [String] in
        guard case .list(let xs) = field.value else {
          if let ds = numbers(of: field.value) { return ds.map { cellText(.float($0)) } }
          throw args.error(
            "rows",
            "field '\(field.name)' must be a list (a column), found \(describe(field.value))")
        }
        return xs.map(cellText)
      }
      let count = columns.map(\.count).max() ?? 0
      let rows = (0..<count).map { i in columns.map { i < $0.count ? $0[i] : "" } }
      return try (named(headers, r.names.count, args) ?? r.names, rows)
    case .list(let items) where items.allSatisfy({ if case .record = $0 { true } else { false } }):
      var names: [String] = []
      for case .record(let r) in items {
        for n in r.names where !names.contains(n) { names.append(n) }
      }
      let columns = headers ?? names
      let rows = items.map { item -> [String] in
        guard case .record(let r) = item else { return [] }
        return columns.map { r[$0].map(cellText) ?? "" }
      }
      return (columns, rows)
    case .list(let items):
      let rows = try items.map { item -> [String] in
        guard case .list(let xs) = item else {
          throw args.error(
            "rows", "must be a list of records or of lists, found a list holding \(describe(item))")
        }
        return xs.map(cellText)
      }
      guard let headers else {
        throw args.error("headers", "must be given for a list of lists")
      }
      return (headers, rows)
    case .tensor(let t) where t.rank == 2:
      let s = t.scalars
      let n = t.shape[1]
      let rows = (0..<t.shape[0]).map { i in
        (0..<n).map { cellText(.float(Double(s[i * n + $0]))) }
      }
      return try (named(headers, n, args) ?? (0..<n).map { "\($0)" }, rows)
    default:
      throw args.error(
        "rows",
        "must be a list of records, a list of lists, a record of lists or a 2-D tensor, found "
          + describe(data))
    }
  }

  /// `headers`, checked to name `count` columns.
  private static func named(_ headers: [String]?, _ count: Int, _ args: Arguments) throws
    -> [String]?
  {
    guard let headers else { return nil }
    guard headers.count == count else {
      throw args.error("headers", "has \(headers.count) names for \(count) columns")
    }
    return headers
  }

  /// A cell's text: strings as they are, other values in their one-line form.
  static func cellText(_ value: Value) -> String {
    if case .string(let s) = value { return s }
    return ValueFormatter.repr(value)
  }

  /// How an error message names a value: its type, and a tensor's shape.
  static func describe(_ value: Value) -> String {
    switch value {
    case .tensor(let t): return "a tensor of shape \(describeShape(t.shape))"
    case .list(let xs) where xs.isEmpty: return "an empty list"
    default: return value.typeName
    }
  }
}
