import LLALData

/// An annotator's answers to a query, read from a CSV file with the columns `index` (a
/// pool index) and `label` (a class id), in any order among other columns, one row per
/// queried point. Every rule is checked with the line it fails on.
enum LabelFile {
  /// The class id of every point of `query`, read from `path`, for a pool of `classes`
  /// classes. A missing column, an index that is not one queried or given twice, a
  /// missing or unknown label, or a queried point without a row is a `DataError` naming
  /// the file and, for a row, its line.
  static func read(_ path: String, query: [Int], classes: Int) throws -> [Int: Int] {
    let table = try CSVTable.read(path)
    func error(_ line: Int?, _ reason: String) -> DataError {
      DataError(.malformed, path: path, location: line.map { "line \($0)" }, reason)
    }
    guard let header = table.records.first else { throw error(nil, "the file has no rows") }
    guard let indexColumn = header.cells.firstIndex(of: "index"),
      let labelColumn = header.cells.firstIndex(of: "label")
    else {
      throw error(
        header.line,
        "the header must name the columns index and label, found "
          + header.cells.joined(separator: ", "))
    }
    let queried = Set(query)
    var labels: [Int: Int] = [:]
    var lines: [Int: Int] = [:]
    for (line, cells) in table.records.dropFirst() {
      let indexText = indexColumn < cells.count ? cells[indexColumn] : ""
      guard let index = Int(indexText) else {
        throw error(line, "\"\(indexText)\" is not a pool index")
      }
      guard queried.contains(index) else {
        throw error(
          line, "index \(index) was not queried (the query asked for \(query.count) points)")
      }
      if let first = lines[index] {
        throw error(line, "index \(index) is labeled twice (first on line \(first))")
      }
      let labelText = labelColumn < cells.count ? cells[labelColumn] : ""
      guard !labelText.isEmpty else { throw error(line, "index \(index) has no label") }
      guard let label = Int(labelText), label >= 0, label < classes else {
        throw error(
          line,
          "label \"\(labelText)\" of index \(index) is not a class id (0 to \(classes - 1))")
      }
      labels[index] = label
      lines[index] = line
    }
    if let missing = query.first(where: { labels[$0] == nil }) {
      let count = query.filter { labels[$0] == nil }.count
      throw error(
        nil,
        "no row for index \(missing)"
          + (count > 1 ? " and \(count - 1) more of the query's \(query.count) points" : ""))
    }
    return labels
  }
}
