import Foundation

/// Where long work stands — `cycle 3/10 · epoch 12/200` with the latest metrics — and the
/// one-line progress bar drawn from it.
///
/// ```swift
/// let status = ProgressStatus(
///   stages: [.init("cycle", 3, of: 10), .init("epoch", 100, of: 200)],
///   metrics: [.init("loss", 0.4123), .init("acc", 0.873)])
/// status.line(width: 80, remaining: 83)
/// // "cycle 3/10 · epoch 100/200 ▕██      ▏  25% · loss 0.4123 · acc 0.873 · 1:23 left"
/// ```
public struct ProgressStatus: Hashable, Sendable {
  /// One level of nested work: a cycle, an epoch, a batch.
  public struct Stage: Hashable, Sendable {
    /// What is counted (`cycle`).
    public var name: String
    /// For the innermost stage the number done; for outer stages the one in progress
    /// (1-based).
    public var index: Int
    /// How many there are.
    public var count: Int

    /// `name index/count`.
    public init(_ name: String, _ index: Int, of count: Int) {
      self.name = name
      self.index = index
      self.count = count
    }
  }

  /// A named number shown after the bar (`loss 0.412`).
  public struct Metric: Hashable, Sendable {
    /// The name.
    public var name: String
    /// The latest value.
    public var value: Double

    /// A metric `name` with `value`.
    public init(_ name: String, _ value: Double) {
      self.name = name
      self.value = value
    }
  }

  /// The stages, outermost first.
  public var stages: [Stage]
  /// The metrics, in order.
  public var metrics: [Metric]

  /// A status from its stages (outermost first) and metrics.
  public init(stages: [Stage], metrics: [Metric] = []) {
    self.stages = stages
    self.metrics = metrics
  }

  /// The fraction of all the work done, from 0 to 1: `cycle 3/10 · epoch 100/200` is
  /// (2 + 100/200) / 10.
  public var fraction: Double {
    var f = 0.0
    for (i, stage) in stages.enumerated().reversed() where stage.count > 0 {
      let done = i == stages.count - 1 ? Double(stage.index) : Double(stage.index - 1) + f
      f = min(max(done / Double(stage.count), 0), 1)
    }
    return f
  }

  /// The status as one line at most `width` cells wide: stages, a bar, the percentage,
  /// the metrics and, when known, the time left (seconds). Metrics are dropped from the
  /// end when the line is too long; the bar takes the room that is left, 10 to 30 cells.
  public func line(width: Int, remaining: Double? = nil) -> String {
    let head = stages.map { "\($0.name) \($0.index)/\($0.count)" }.joined(separator: " · ")
    let percent = String(format: "%3d%%", Int((fraction * 100).rounded(.down)))
    var tail = metrics.map { "\($0.name) \(Self.number($0.value))" }
    if let remaining, remaining.isFinite, remaining >= 0 {
      tail.append(Self.duration(remaining) + " left")
    }
    func compose(_ tail: [String], bar: Int) -> String {
      let start = (head.isEmpty ? "" : head + " ") + Self.bar(fraction, width: bar) + " " + percent
      return ([start] + tail).joined(separator: " · ")
    }
    while !tail.isEmpty, DisplayWidth.of(compose(tail, bar: 10)) > width { tail.removeLast() }
    let spare = width - DisplayWidth.of(compose(tail, bar: 10))
    return compose(tail, bar: 10 + min(max(spare, 0), 20))
  }

  /// A bar `width` cells wide between `▕` and `▏`, in eighths of a cell.
  static func bar(_ fraction: Double, width: Int) -> String {
    let inner = max(width - 2, 1)
    let eighths = Int((fraction * Double(inner * 8)).rounded(.down))
    let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var cells = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    cells += String(repeating: " ", count: max(inner - DisplayWidth.of(cells), 0))
    return "▕" + cells + "▏"
  }

  /// A metric with four significant digits: `0.4123`, `12.35`, `1.2e-05`.
  static func number(_ value: Double) -> String {
    value.isFinite
      ? String(format: "%.4g", value) : (value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
  }

  /// Seconds as `42s`, `1:23` or `1:02:03`.
  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded(.up))
    if s < 60 { return "\(s)s" }
    if s < 3600 { return String(format: "%d:%02d", s / 60, s % 60) }
    return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
  }
}
