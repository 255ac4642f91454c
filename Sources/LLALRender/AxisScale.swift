import Foundation

/// A linear axis: its domain, tick values at nice numbers, and how tick labels are written.
///
/// Ticks fall on multiples of a step of 1, 2 or 5 times a power of ten (as in Heckbert's "Nice
/// numbers for graph labels", Graphics Gems, 1990), the smallest such step that gives no more
/// ticks than asked. Labels use a fixed number of decimals chosen from the step, so all labels
/// of one axis have the same form and output is deterministic.
struct AxisScale: Equatable {
  /// The value at the start of the axis.
  var lower: Double
  /// The value at the end of the axis.
  var upper: Double
  /// The tick values, ascending, all inside `lower...upper`.
  var ticks: [Double]
  /// The distance between ticks.
  var step: Double

  /// A scale whose domain is widened to the enclosing ticks (used for values, so the top and
  /// bottom rows carry labels).
  static func loose(min: Double, max: Double, maxTicks: Int) -> AxisScale {
    let (lo, hi) = widened(min, max)
    guard let step = niceStep(lo, hi, maxTicks: maxTicks, loose: true) else {
      return AxisScale(lower: lo, upper: hi, ticks: [lo, hi], step: hi - lo)
    }
    let first = (lo / step).rounded(.down)
    let last = (hi / step).rounded(.up)
    let ticks = multiples(of: step, from: first, count: Int(last - first) + 1)
    return AxisScale(lower: first * step, upper: last * step, ticks: ticks, step: step)
  }

  /// A scale whose domain is exactly the data range (used for positions such as cycles, so
  /// the curve fills the width); ticks are the nice numbers inside it.
  static func tight(min: Double, max: Double, maxTicks: Int) -> AxisScale {
    let (lo, hi) = widened(min, max)
    guard let step = niceStep(lo, hi, maxTicks: maxTicks, loose: false) else {
      return AxisScale(lower: lo, upper: hi, ticks: [lo, hi], step: hi - lo)
    }
    let first = (lo / step).rounded(.up)
    let last = (hi / step).rounded(.down)
    let ticks = multiples(of: step, from: first, count: Int(last - first) + 1)
    return AxisScale(lower: lo, upper: hi, ticks: ticks, step: step)
  }

  /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`.
  func fraction(_ value: Double) -> Double {
    let span = upper - lower
    // NOTE: for domains wider than the largest Double, halve everything first.
    if !span.isFinite { return (value / 2 - lower / 2) / (upper / 2 - lower / 2) }
    return (value - lower) / span
  }

  /// The tick label for `value`, with the same number of decimals as every other label.
  func label(_ value: Double) -> String {
    let magnitude = Swift.max(abs(lower), abs(upper))
    if magnitude >= 1e7 || (magnitude > 0 && magnitude < 1e-4) {
      let digits = log10(magnitude / step).rounded(.up) + 1
      let clamped = digits.isFinite ? Int(Swift.min(Swift.max(digits, 1), 15)) : 3
      return NumberText.significant(value, digits: clamped)
    }
    return NumberText.fixed(value, decimals: decimals)
  }

  /// The fewest decimals that write the step exactly.
  var decimals: Int {
    guard step.isFinite, step > 0 else { return 2 }
    for d in 0...12 {
      let scaled = step * pow(10, Double(d))
      if abs(scaled - scaled.rounded()) <= 1e-6 * Swift.max(1, scaled) { return d }
    }
    return 12
  }

  /// Pads an empty range so a single value sits in the middle of the axis.
  private static func widened(_ lo: Double, _ hi: Double) -> (Double, Double) {
    guard lo == hi else { return (Swift.min(lo, hi), Swift.max(lo, hi)) }
    let pad = lo == 0 ? 1 : abs(lo) * 0.1
    return (lo - pad, hi + pad)
  }

  /// The smallest step of 1, 2 or 5 times a power of ten that gives at most `maxTicks`
  /// ticks (counting the enclosing ticks when `loose`); nil when the range is too wide or
  /// too narrow for Double arithmetic.
  private static func niceStep(_ lo: Double, _ hi: Double, maxTicks: Int, loose: Bool) -> Double? {
    let wanted = Double(Swift.max(maxTicks, 2))
    // NOTE: `hi - lo` overflows to inf for data such as [1e308, -1e308]; half of it
    // does not, so the step's exponent comes from the halved range.
    let halfRange = hi / 2 - lo / 2
    guard halfRange.isFinite, halfRange > 0 else { return nil }
    let exponent = (log10(halfRange) + log10(2 / wanted)).rounded(.down)
    for e in [exponent - 1, exponent, exponent + 1, exponent + 2] {
      for m in [1.0, 2, 5] {
        let step = m * pow(10, e)
        guard step.isFinite else { return nil }
        let first = loose ? (lo / step).rounded(.down) : (lo / step).rounded(.up)
        let last = loose ? (hi / step).rounded(.up) : (hi / step).rounded(.down)
        let count = last - first + 1
        // A step too small to move the values (range near the Double spacing) is refused.
        guard step > 0, first * step != (first + 1) * step, count.isFinite else { return nil }
        // Enclosing ticks beyond the largest Double cannot be the axis's ends.
        guard (first * step).isFinite, (last * step).isFinite else { continue }
        if count <= wanted { return step }
      }
    }
    return nil
  }

  /// `step * (first + i)` for `i` in `0..<count`, with values that are zero up to rounding
  /// written as zero.
  private static func multiples(of step: Double, from first: Double, count: Int) -> [Double] {
    (0..<Swift.max(count, 0)).map { i in
      let t = (first + Double(i)) * step
      return abs(t) < step * 1e-9 ? 0 : t
    }
  }
}

/// Fixed, locale-independent number formatting for labels and SVG coordinates.
enum NumberText {
  /// `value` with exactly `decimals` decimals; never writes `-0`.
  static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
    let text = String(format: "%.\(decimals)f", value)
    return isNegativeZero(text) ? String(text.dropFirst()) : text
  }

  /// `value` with `digits` significant digits (`%g` style, e.g. `1.5e+07`).
  static func significant(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return fixed(value, decimals: 0) }
    let text = String(format: "%.\(digits)g", value)
    return isNegativeZero(text) ? String(text.dropFirst()) : text
  }

  /// `value` with at most two decimals and no trailing zeros: the SVG coordinate format.
  static func coordinate(_ value: Double) -> String {
    var text = fixed(value, decimals: 2)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
  }

  private static func isNegativeZero(_ text: String) -> Bool {
    text.hasPrefix("-") && !text.contains { ("1"..."9").contains($0) }
  }
}
