/// The label column of a CSV file as it is read. Each distinct label text is stored once
/// and rows hold its index (4 bytes a row), and the number of distinct labels is checked
/// against `Dataset.maxClassCount` as each new one appears, so a file of a billion
/// distinct labels is refused at the first one too many.
struct CSVLabels {
  /// The most distinct labels: `Dataset.maxClassCount`, smaller in tests.
  let limit: Int
  private var index: [String: Int32] = [:]
  private var texts: [String] = []
  private var rows: [Int32] = []

  init(limit: Int = Dataset.maxClassCount) { self.limit = limit }

  /// The number of rows read.
  var count: Int { rows.count }

  /// Adds one row's label; `error` is the error for a new label beyond the class limit.
  mutating func append(_ text: String, error: () -> DataError) throws {
    if let i = index[text] {
      rows.append(i)
      return
    }
    try Dataset.checkClassCount(texts.count + 1, limit: limit, error: error)
    // At most maxClassCount distinct labels, so the index fits Int32.
    let i = Int32(texts.count)
    index[text] = i
    texts.append(text)
    rows.append(i)
  }

  /// The class id of every row and the class names. When every label is a non-negative
  /// integer below `Dataset.maxClassCount` (`3`, `3.0`) the values are the ids and there
  /// are no names; otherwise the distinct texts, sorted, are the classes.
  func classes() -> (ids: [Int], names: [String]?) {
    var values: [Int] = []
    values.reserveCapacity(texts.count)
    for text in texts {
      guard let v = Double(text), v >= 0, v < Double(Dataset.maxClassCount), v == v.rounded()
      else { break }
      values.append(Int(v))
    }
    if values.count == texts.count { return (rows.map { values[Int($0)] }, nil) }
    let names = texts.sorted()
    var rank = [Int](repeating: 0, count: texts.count)
    for (id, name) in names.enumerated() {
      // Every sorted name is one of the texts.
      if let i = index[name] { rank[Int(i)] = id }
    }
    return (rows.map { rank[Int($0)] }, names)
  }
}
