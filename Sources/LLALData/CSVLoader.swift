import Foundation
import LLALTensor

/// Which column of a CSV file holds the labels.
public enum CSVLabelColumn: Equatable, Sendable {
  /// The last column (the default).
  case last
  /// The column with this header name (the file must have a header).
  case named(String)
  /// The column at this 0-based position.
  case index(Int)
}

extension Datasets {
  /// Loads a CSV file of numeric feature columns and one label column as `[N, D]`.
  ///
  /// - Labels: if every label cell is a non-negative integer (`3`, or `3.0`), the values
  ///   are the class ids and `classCount` is the largest plus one; otherwise the
  ///   distinct label strings, sorted, become classes `0, 1, …` and `classNames`.
  /// - Header: `nil` detects it: the first row is a header when one of its feature
  ///   cells is not a number. A `.named` label column needs a header.
  /// - Cells may be quoted (`"a,b"`, `""` for a quote) and padded with spaces; blank
  ///   lines are skipped; `\r\n` line ends are accepted. Every row must have as many
  ///   cells as the first.
  /// - Errors name the line and column (1-based) of a cell that is not a finite number
  ///   (`FeatureRule`: NaN, ±Inf and values beyond Float32's range are refused).
  /// - Limits: at most `Tensor.maxElementCount` feature values and
  ///   `Dataset.maxClassCount` distinct labels, checked row by row as the file is read.
  public static func csv(
    _ path: String, label: CSVLabelColumn = .last, header: Bool? = nil,
    delimiter: Character = ","
  ) throws -> Dataset {
    try csv(
      data: try FileReader.read(path), name: path, label: label, header: header,
      delimiter: delimiter)
  }

  /// `csv(_:label:header:delimiter:)` on a file's bytes, already in memory; `name` stands
  /// for the file in errors.
  public static func csv(
    data: Data, name: String = "data.csv", label: CSVLabelColumn = .last,
    header: Bool? = nil, delimiter: Character = ","
  ) throws -> Dataset {
    // Characters that can occur in a number or a quoted cell cannot separate cells.
    guard let sep = delimiter.asciiValue, !delimiter.isLetter, !delimiter.isNumber,
      !Array("\"+-. \n".utf8).contains(sep), sep != 13
    else {
      throw DataError.argument(
        "csv", "delimiter must be an ASCII punctuation character or a tab, got \"\(delimiter)\"")
    }
    var bytes = [UInt8](data)
    // A terminating NUL lets strtof stop at the end of the last cell.
    bytes.append(0)
    return try bytes.withUnsafeBufferPointer { buffer in
      var parser = CSVParser(path: name, bytes: buffer, separator: sep)
      return try parser.dataset(label: label, header: header)
    }
  }
}

/// A byte-level CSV reader over a NUL-terminated buffer.
struct CSVParser {
  /// One cell: its byte range (inside the quotes for a quoted cell) and whether it was
  /// quoted (and so may hold doubled quotes).
  struct Cell {
    var start: Int
    var end: Int
    var quoted: Bool
  }

  let path: String
  let bytes: UnsafeBufferPointer<UInt8>
  let separator: UInt8
  /// The end of the text (the index of the terminating NUL).
  let end: Int
  var position = 0
  var line = 1
  /// The most distinct labels (`Dataset.maxClassCount`; tests lower it).
  var classLimit = Dataset.maxClassCount

  init(path: String, bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) {
    self.path = path
    self.bytes = bytes
    self.separator = separator
    self.end = bytes.count - 1
    // Skip a UTF-8 byte order mark.
    if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
  }

  func error(_ line: Int, _ column: Int?, _ reason: String) -> DataError {
    let location = column.map { "line \(line), column \($0)" } ?? "line \(line)"
    return DataError(.malformed, path: path, location: location, reason)
  }

  /// Reads the next non-blank record into `cells`; returns its first line, or nil at the
  /// end of the file.
  mutating func nextRecord(into cells: inout [Cell]) throws -> Int? {
    while position < end {
      cells.removeAll(keepingCapacity: true)
      let startLine = line
      var blank = true
      while true {
        // Skip leading spaces of the cell.
        while position < end, bytes[position] == 32 || bytes[position] == 9,
          bytes[position] != separator
        {
          position += 1
        }
        if position < end, bytes[position] == UInt8(ascii: "\"") {
          blank = false
          let quoteLine = line
          position += 1
          let start = position
          while true {
            guard position < end else {
              throw error(quoteLine, cells.count + 1, "unterminated quoted cell")
            }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
              if position + 1 < end, bytes[position + 1] == UInt8(ascii: "\"") {
                position += 2
                continue
              }
              break
            }
            if b == 10 { line += 1 }
            position += 1
          }
          cells.append(Cell(start: start, end: position, quoted: true))
          position += 1
          while position < end, bytes[position] == 32 || bytes[position] == 9,
            bytes[position] != separator
          {
            position += 1
          }
          if position < end, bytes[position] != separator, bytes[position] != 10,
            bytes[position] != 13
          {
            throw error(line, cells.count, "unexpected text after a closing quote")
          }
        } else {
          let start = position
          while position < end, bytes[position] != separator, bytes[position] != 10,
            bytes[position] != 13
          {
            position += 1
          }
          var stop = position
          while stop > start, bytes[stop - 1] == 32 || bytes[stop - 1] == 9 { stop -= 1 }
          if stop > start { blank = false }
          cells.append(Cell(start: start, end: stop, quoted: false))
        }
        if position < end, bytes[position] == separator {
          blank = false
          position += 1
          continue
        }
        // A line end (\n, \r\n or \r) or the end of the text ends the record.
        if position < end, bytes[position] == 13 { position += 1 }
        if position < end, bytes[position] == 10 { position += 1 }
        line += 1
        break
      }
      if !blank { return startLine }
    }
    return nil
  }

  /// The text of a cell, with doubled quotes undone.
  func text(_ cell: Cell) -> String {
    let s = String(
      decoding: UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end]), as: UTF8.self)
    return cell.quoted ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
  }

  /// The cell as a finite Float, or nil if it is not exactly one number.
  func number(_ cell: Cell) -> Float? {
    var start = cell.start
    var stop = cell.end
    while start < stop, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
    while stop > start, bytes[stop - 1] == 32 || bytes[stop - 1] == 9 { stop -= 1 }
    guard start < stop, let base = bytes.baseAddress else { return nil }
    // strtof stops at the first byte that cannot continue a number; the cell is a number
    // only if that is its (trimmed) end.
    let (value, stopped) = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { p in
      var endPointer: UnsafeMutablePointer<CChar>?
      let v = strtof(p + start, &endPointer)
      return (v, endPointer.map { p.distance(to: $0) })
    }
    guard stopped == stop else { return nil }
    return FeatureRule.finite(value)
  }

  /// A short quotation of a cell for messages.
  func quote(_ cell: Cell) -> String {
    let s = text(cell)
    return "\"" + (s.count > 24 ? s.prefix(24) + "…" : s) + "\""
  }

  /// Parses the whole file into a dataset.
  mutating func dataset(label: CSVLabelColumn, header: Bool?) throws -> Dataset {
    var cells: [Cell] = []
    guard let firstLine = try nextRecord(into: &cells) else {
      throw DataError(.malformed, path: path, "the file has no rows")
    }
    let width = cells.count
    guard width >= 2 else {
      throw error(firstLine, nil, "needs at least two columns (features and a label), found 1")
    }
    var names: [String]? = nil
    let labelIndex: Int
    switch label {
    case .last:
      labelIndex = width - 1
    case .index(let i):
      guard i >= 0, i < width else {
        throw DataError.argument("csv", "label column \(i) is outside 0..<\(width)")
      }
      labelIndex = i
    case .named(let name):
      guard header != false else {
        throw DataError.argument("csv", "a named label column (\"\(name)\") needs a header")
      }
      let headerNames = cells.map { text($0).trimmingCharacters(in: .whitespaces) }
      guard let i = headerNames.firstIndex(of: name) else {
        throw error(
          firstLine, nil,
          "no column named \"\(name)\" in the header "
            + "(columns: \(headerNames.joined(separator: ", ")))")
      }
      labelIndex = i
      names = headerNames
    }
    let hasHeader =
      names != nil
      || (header ?? cells.indices.contains { $0 != labelIndex && number(cells[$0]) == nil })
    if hasHeader {
      names = names ?? cells.map { text($0).trimmingCharacters(in: .whitespaces) }
    }

    var features: [Float] = []
    var labels = CSVLabels(limit: classLimit)
    var record: Int? = hasHeader ? try nextRecord(into: &cells) : firstLine
    while let recordLine = record {
      guard cells.count == width else {
        throw error(
          recordLine, nil,
          "\(cells.count) cells, expected \(width) as on line \(firstLine)")
      }
      _ = try Datasets.checkedElementCount([labels.count + 1, width - 1], "the features") {
        error(recordLine, nil, "too large to load: \($0)")
      }
      for (column, cell) in cells.enumerated() {
        if column == labelIndex {
          let value = text(cell).trimmingCharacters(in: .whitespaces)
          guard !value.isEmpty else { throw error(recordLine, column + 1, "empty label") }
          try labels.append(value) {
            error(
              recordLine, column + 1,
              "more than \(classLimit) distinct labels; a dataset has at most "
                + "\(classLimit) classes")
          }
          continue
        }
        guard let value = number(cell) else {
          let named = names.map { " (\"\($0[column])\")" } ?? ""
          let what =
            cell.start == cell.end ? "empty cell" : FeatureRule.refusal(quote(cell))
          throw error(recordLine, column + 1, "\(what)\(named)")
        }
        features.append(value)
      }
      record = try nextRecord(into: &cells)
    }
    guard labels.count > 0 else {
      throw DataError(.malformed, path: path, "the file has a header but no data rows")
    }
    let x = try Datasets.allocate([labels.count, width - 1], path: path)
    features.withUnsafeBufferPointer { src in
      if let s = src.baseAddress { x.storage.base.update(from: s, count: src.count) }
    }
    let (ids, classNames) = labels.classes()
    return try Dataset(x: x, y: ids, classNames: classNames)
  }
}
