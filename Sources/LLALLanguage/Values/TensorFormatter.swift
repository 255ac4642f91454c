import Foundation
import LLALTensor

/// The display of a tensor: a header with shape and dtype, then the values aligned in
/// columns, NumPy style. A dimension longer than `threshold` shows its first and last
/// `edgeItems` entries around `...`. All shown values share one format (integers, four
/// decimals, or scientific), chosen from the finite ones; NaN and infinities print as
/// `nan`, `inf`, `-inf`.
///
/// ```
/// Tensor[2, 3] float32
/// [[ 1.0000  -2.5000   3.0000]
///  [    nan   0.1250  -0.0001]]
/// ```
enum TensorFormatter {
  static let threshold = 10
  static let edgeItems = 3

  static func format(_ t: Tensor) -> String {
    let header = "Tensor\(shapeText(t.shape)) float32"
    if t.shape.contains(0) { return header + "\n[]" }
    let shown = t.shape.map(shownIndices)
    let strides = Tensor.strides(of: t.shape)
    let base = t.storage.base
    // Gather the shown values to choose the number format and column width.
    var values: [Float] = []
    func collect(_ dim: Int, _ offset: Int) {
      if dim == t.rank {
        values.append(base[offset])
        return
      }
      for i in shown[dim] where i >= 0 { collect(dim + 1, offset + i * strides[dim]) }
    }
    collect(0, 0)
    let style = Style(values)
    // `...` must fit the column width too.
    let clipped = shown.contains { $0.contains(-1) }
    let width = max(values.map { style.format($0).count }.max() ?? 1, clipped ? 3 : 1)
    if t.rank == 0 { return header + " " + style.format(values[0]) }

    func render(_ dim: Int, _ offset: Int) -> String {
      if dim == t.rank - 1 {
        let items = shown[dim].map { i -> String in
          let text = i < 0 ? "..." : style.format(base[offset + i * strides[dim]])
          return String(repeating: " ", count: max(0, width - text.count)) + text
        }
        return "[" + items.joined(separator: "  ") + "]"
      }
      let separator =
        String(repeating: "\n", count: t.rank - dim - 1)
        + String(repeating: " ", count: dim + 1)
      let rows = shown[dim].map { i in i < 0 ? "..." : render(dim + 1, offset + i * strides[dim]) }
      return "[" + rows.joined(separator: separator) + "]"
    }
    return header + "\n" + render(0, 0)
  }

  /// The indices shown along a dimension of `size`; -1 stands for `...`.
  static func shownIndices(_ size: Int) -> [Int] {
    if size <= threshold { return Array(0..<size) }
    return Array(0..<edgeItems) + [-1] + Array((size - edgeItems)..<size)
  }

  /// The number format shared by all shown values.
  struct Style {
    enum Kind { case integer, fixed, scientific }
    let kind: Kind

    init(_ values: [Float]) {
      let finite = values.filter { $0.isFinite }
      let maxAbs = finite.map { Swift.abs($0) }.max() ?? 0
      let minAbs = finite.filter { $0 != 0 }.map { Swift.abs($0) }.min() ?? 1
      if finite.allSatisfy({ $0 == $0.rounded() }) && maxAbs < 1e6 {
        kind = .integer
      } else if maxAbs < 1e5 && minAbs >= 1e-4 {
        kind = .fixed
      } else {
        kind = .scientific
      }
    }

    func format(_ v: Float) -> String {
      if v.isNaN { return "nan" }
      if v.isInfinite { return v < 0 ? "-inf" : "inf" }
      let x = v == 0 ? 0 : Double(v)  // no "-0"
      switch kind {
      case .integer: return String(format: "%.0f", x)
      case .fixed: return String(format: "%.4f", x)
      case .scientific: return String(format: "%.4e", x)
      }
    }
  }
}
