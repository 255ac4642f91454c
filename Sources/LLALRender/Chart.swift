/// A chart: what `plot(...)` and experiment results produce, before it is drawn.
///
/// The same value renders as text for a terminal (`terminal(width:height:color:)`) and as
/// SVG for a page (`svg(width:height:)`).
///
/// ```swift
/// let chart = Chart(
///   kind: .line, title: "Accuracy", xLabel: "cycle", yLabel: "accuracy",
///   series: [Series(name: "random", values: [0.61, 0.70, 0.74])])
/// print(chart.terminal(width: 72, height: 12))
/// ```
public struct Chart: Hashable, Sendable {
  /// How the points of each series are drawn.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// Each series is a curve through its points in order.
    case line
    /// Each point is a dot.
    case scatter
  }

  /// How the points are drawn.
  public var kind: Kind
  /// The title above the chart (may be empty).
  public var title: String
  /// The label of the horizontal axis (may be empty).
  public var xLabel: String
  /// The label of the vertical axis (may be empty).
  public var yLabel: String
  /// The series, drawn in order (later series on top).
  public var series: [Series]

  /// A chart of the given kind; every text part is optional.
  public init(
    kind: Kind, title: String = "", xLabel: String = "", yLabel: String = "", series: [Series]
  ) {
    self.kind = kind
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
  }

  /// All finite points of all series.
  var finitePoints: [ChartPoint] { series.flatMap { $0.points.filter(\.isFinite) } }

  /// Whether the chart shows a legend: several series, or one with a name.
  var showsLegend: Bool { series.count > 1 || series.contains { !$0.name.isEmpty } }

  /// The message shown instead of an empty chart.
  var emptyMessage: String {
    (title.isEmpty ? "chart" : title) + ": no finite points to plot"
  }
}
