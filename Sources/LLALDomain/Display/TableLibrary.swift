import LLALLanguage
import LLALRender
import LLALTensor

/// `table(...)` and `sparkline(...)`: tables drawn with box-drawing characters in the
/// terminal (HTML on a notebook page, pipe tables in Markdown), and one-line charts.
enum TableLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
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
          A one-line chart of values (a list, range or vector of numbers) in the block \
          characters ▁▂▃▄▅▆▇█, lowest to highest. With width, longer input is averaged down \
          to that many characters.
          """
      ) { args in
        let width = try args.optionalInt("width")
        if let width, width < 1 { throw args.error("width", "must be at least 1, found \(width)") }
        let values = try ChartData.numbers(args["values"], args, "values")
        return .string(Sparkline.render(values, width: width))
      })
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
        throw args.error(
          "headers", "must be a list of strings, found \(ChartData.describe(args["headers"]))")
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
        if case .list(let xs) = field.value { return xs.map(cellText) }
        if case .tensor(let t) = field.value, t.rank == 1 {
          return t.scalars.map { cellText(.float(Double($0))) }
        }
        throw args.error(
          "rows",
          "field '\(field.name)' must be a list (a column), found "
            + ChartData.describe(field.value))
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
            "rows",
            "must be a list of records or of lists, found a list holding "
              + ChartData.describe(item))
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
          + ChartData.describe(data))
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
}
