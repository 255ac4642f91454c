import LLALData
import LLALLanguage
import LLALTensor

/// `read_csv(path)` and `write_csv(path, rows)`: a CSV file as a list of records (one per
/// row, the header's names as fields), for files exchanged with people and tools — an
/// annotator's labels — rather than datasets (`csv(...)` loads those).
enum CSVRecordsLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "read_csv", [.init("path", .string)], returns: "list",
        doc: """
          The rows of a CSV file with a header, as records whose fields are the header's \
          names: a cell that is an integer becomes an int, another number a float, an \
          empty cell none, anything else a string. A row with another number of cells \
          than the header is an error naming its line.
          """
      ) { args in
        let table = try CSVTable.read(try args.string("path"))
        guard let header = table.records.first else { return .list([]) }
        if let twice = header.cells.first(where: { n in header.cells.filter { $0 == n }.count > 1 })
        {
          throw DataError(
            .malformed, path: table.path, location: "line \(header.line)",
            "the header names the column \"\(twice)\" twice")
        }
        return .list(
          try table.records.dropFirst().map { line, cells in
            guard cells.count == header.cells.count else {
              throw DataError(
                .malformed, path: table.path, location: "line \(line)",
                "\(cells.count) cells, but the header has \(header.cells.count)")
            }
            return .record(Record(zip(header.cells, cells).map { ($0, value($1)) }))
          })
      })
    registry.register(
      Builtin(
        "write_csv", [.init("path", .string), .init("rows", .list)], returns: "none",
        doc: """
          Writes records as a CSV file (atomically): a header of the first record's field \
          names, then one row per record, each with the same fields in the same order; \
          ints, floats, strings and bools as text, none as an empty cell.
          """
      ) { args in
        let rows = try args.list("rows")
        var header: [String]?
        var lines: [String] = []
        for (k, row) in rows.enumerated() {
          guard case .record(let r) = row else {
            throw args.error("rows", "must hold records, but row \(k) is \(row.typeName)")
          }
          let names = r.fields.map(\.name)
          if header == nil {
            header = names
            lines.append(names.map(quoted).joined(separator: ","))
          }
          guard names == header else {
            throw args.error(
              "rows",
              "must hold records with the first one's fields (\(header?.joined(separator: ", ") ?? "")), "
                + "but row \(k) has \(names.joined(separator: ", "))")
          }
          lines.append(
            try r.fields.map { field -> String in
              guard let text = cell(field.value) else {
                throw args.error(
                  "rows",
                  "must hold ints, floats, strings, bools or none in its fields, but row \(k)'s "
                    + "\(field.name) is \(field.value.typeName)")
              }
              return quoted(text)
            }.joined(separator: ","))
        }
        guard header != nil else { throw args.error("rows", "must hold at least one record") }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: try args.string("path"))
        return .none
      })
  }

  /// A cell's value: an int, a float, none when empty, else the text.
  private static func value(_ text: String) -> Value {
    if text.isEmpty { return .none }
    if let i = Int(text) { return .int(i) }
    if let d = Double(text), d.isFinite { return .float(d) }
    return .string(text)
  }

  /// A value's cell text, or nil for a value that is not a cell (a list, a tensor).
  private static func cell(_ v: Value) -> String? {
    switch v {
    case .none: return ""
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return describeNumber(d)
    case .string(let s): return s
    default: return nil
    }
  }

  /// `text` quoted when it holds a comma, a quote or a line break.
  private static func quoted(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
