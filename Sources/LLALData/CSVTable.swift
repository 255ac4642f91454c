import Foundation

/// A CSV file's records as text, each with the line it starts on, for files that are not
/// datasets (an annotator's labels). The same reader as `Datasets.csv`: quoted cells,
/// blank lines skipped, `\r\n` accepted, a byte order mark ignored.
public struct CSVTable: Sendable {
  /// The file as named in errors.
  public let path: String
  /// The records, in order: the line each starts on (from 1) and its cells, trimmed.
  public let records: [(line: Int, cells: [String])]

  /// Reads the file at `path`; a file that cannot be read is a `DataError` of kind
  /// `.io`, a malformed one (an unterminated quote) of kind `.malformed` with its line.
  public static func read(_ path: String) throws -> CSVTable {
    var bytes = [UInt8](try FileReader.read(path))
    bytes.append(0)
    let records = try bytes.withUnsafeBufferPointer { buffer in
      var parser = CSVParser(path: path, bytes: buffer, separator: UInt8(ascii: ","))
      var cells: [CSVParser.Cell] = []
      var out: [(line: Int, cells: [String])] = []
      while let line = try parser.nextRecord(into: &cells) {
        out.append((line, cells.map { parser.text($0).trimmingCharacters(in: .whitespaces) }))
      }
      return out
    }
    return CSVTable(path: path, records: records)
  }
}
