/// One point of a chart series, with an optional error half-width (± one standard deviation).
public struct ChartPoint: Hashable, Sendable {
  /// The horizontal coordinate.
  public var x: Double
  /// The vertical coordinate.
  public var y: Double
  /// The half-width of the error band at this point (one standard deviation), if known.
  public var std: Double?

  /// A point at `(x, y)` with an optional error half-width.
  public init(x: Double, y: Double, std: Double? = nil) {
    self.x = x
    self.y = y
    self.std = std
  }

  /// Whether `x` and `y` are both finite (only such points are drawn).
  public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// A named sequence of points: one curve of a line chart or one group of a scatter plot.
///
/// Points whose `x` or `y` is NaN or infinite are kept but not drawn; in a line chart they
/// break the line, so a diverged cycle shows as a gap rather than a made-up value.
///
/// ```swift
/// let acc = Series(name: "random", points: [(1, 0.61), (2, 0.70)], std: [0.02, 0.01])
/// ```
public struct Series: Hashable, Sendable {
  /// The name shown in the legend (an empty name leaves the series out of the legend).
  public var name: String
  /// The points in drawing order.
  public var points: [ChartPoint]

  /// A series from ready-made points.
  public init(name: String, points: [ChartPoint]) {
    self.name = name
    self.points = points
  }

  /// A series from `(x, y)` pairs; `std[i]`, when present, is the error half-width of point `i`.
  ///
  /// A `std` array shorter than `points` leaves the remaining points without a band; extra
  /// values are ignored.
  public init(name: String, points: [(x: Double, y: Double)], std: [Double]? = nil) {
    self.name = name
    self.points = points.enumerated().map { i, p in
      let band = std.flatMap { i < $0.count ? $0[i] : nil }
      return ChartPoint(x: p.x, y: p.y, std: band)
    }
  }

  /// A series of values at `x = 0, 1, 2, ...`.
  public init(name: String, values: [Double], std: [Double]? = nil) {
    self.init(
      name: name, points: values.enumerated().map { (x: Double($0.offset), y: $0.element) },
      std: std)
  }

  /// The points split into runs of consecutive finite points (each run is one unbroken line).
  var finiteRuns: [[ChartPoint]] {
    var runs: [[ChartPoint]] = []
    var current: [ChartPoint] = []
    for p in points {
      if p.isFinite {
        current.append(p)
      } else if !current.isEmpty {
        runs.append(current)
        current = []
      }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }
}
