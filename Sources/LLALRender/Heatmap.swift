/// A matrix of numbers with labelled rows and columns, drawn as a table or as a coloured SVG
/// heatmap: what the penalty matrix of a strategy comparison produces.
///
/// Cells may be empty (nil), as the diagonal of a penalty matrix is; an optional summary
/// row (such as column means) is drawn under the matrix on the same colour scale.
///
/// ```swift
/// let map = Heatmap(
///   title: "Cycles where the row beat the column", corner: "beats",
///   columns: ["random", "entropy"],
///   rows: [.init(label: "random", values: [nil, 0]), .init(label: "entropy", values: [3, nil])],
///   summary: .init(label: "mean", values: [1.5, 0]), scale: 0...5)
/// print(map.table().text())
/// ```
public struct Heatmap: Hashable, Sendable {
  /// One labelled row of values.
  public struct Row: Hashable, Sendable {
    /// The row's label.
    public var label: String
    /// One value per column; nil for an empty cell.
    public var values: [Double?]

    /// A row labelled `label`.
    public init(label: String, values: [Double?]) {
      self.label = label
      self.values = values
    }
  }

  /// The title above the heatmap, if any.
  public var title: String?
  /// The header of the label column (the table's top-left cell).
  public var corner: String
  /// The column labels.
  public var columns: [String]
  /// The rows of the matrix.
  public var rows: [Row]
  /// A row under the matrix on the same scale (column means, say), if any.
  public var summary: Row?
  /// The values the colour scale runs between; nil for the smallest and largest values
  /// (with 0 included).
  public var scale: ClosedRange<Double>?
  /// A note under the heatmap, if any.
  public var footer: String?

  /// A heatmap; see the properties for each part.
  public init(
    title: String? = nil, corner: String = "", columns: [String], rows: [Row],
    summary: Row? = nil, scale: ClosedRange<Double>? = nil, footer: String? = nil
  ) {
    self.title = title
    self.corner = corner
    self.columns = columns
    self.rows = rows
    self.summary = summary
    self.scale = scale
    self.footer = footer
  }

  /// The range the colours span: `scale` if given and finite, else from min(0, smallest)
  /// to the largest finite value; a range of width zero is widened to one unit above.
  public var resolvedScale: ClosedRange<Double> {
    if let scale, scale.lowerBound.isFinite, scale.upperBound.isFinite,
      scale.upperBound > scale.lowerBound
    {
      return scale
    }
    let finite = (rows + (summary.map { [$0] } ?? [])).flatMap(\.values).compactMap { $0 }
      .filter(\.isFinite)
    let low = min(0, finite.min() ?? 0)
    let high = max(0, finite.max() ?? 0)
    return high > low ? low...high : low...(low + 1)
  }

  /// The position of `value` on the colour scale, from 0 to 1 (clamped).
  func fraction(_ value: Double) -> Double {
    let s = resolvedScale
    return min(max((value - s.lowerBound) / (s.upperBound - s.lowerBound), 0), 1)
  }

  /// The text of a cell: `—` when empty, else the value with at most two decimals and no
  /// trailing zeros (`3`, `1.5`, `0.67`).
  static func cellText(_ value: Double?) -> String {
    guard let value else { return "—" }
    guard value.isFinite else { return NumberText.fixed(value, decimals: 0) }
    return NumberText.coordinate(value)
  }

  /// The heatmap as a `Table`: the corner and column labels as headers, one row per matrix
  /// row and the summary row last, with the title and footer.
  public func table() -> Table {
    let width = columns.count
    let line = { (row: Row) -> [String] in
      [row.label]
        + (0..<width).map { $0 < row.values.count ? Self.cellText(row.values[$0]) : "—" }
    }
    return Table(
      title: title, headers: [corner] + columns,
      rows: rows.map(line) + (summary.map { [line($0)] } ?? []),
      alignments: [.left] + Array(repeating: .right, count: width), footer: footer)
  }
}
