import LLALNN
import LLALTensor

/// A loss prediction module as declared by `lossnet(taps: [Net.c1, Net.c2], width: 128)`:
/// which nodes of which model it reads, and its size. It is built and trained with the
/// target model when an experiment or session runs `learning_loss(...)` on it.
final class LossNetValue: HostObject {
  /// The model whose nodes are tapped.
  let model: ModelBuild
  /// The tapped nodes, in order.
  let taps: [NodeValue]
  /// Hidden units per tap.
  let width: Int

  /// A module over `taps` (nodes of one model) with `width` hidden units per tap.
  init(model: ModelBuild, taps: [NodeValue], width: Int) {
    self.model = model
    self.taps = taps
    self.width = width
  }

  /// The tapped nodes' names.
  var tapNames: [String] { taps.map { $0.node.name } }

  var typeName: String { "lossnet" }

  /// The module's layout: one line per tap, then the output layer and the total.
  var description: String {
    var lines = ["lossnet over \(model.name): \(taps.count) taps, width \(width)"]
    var total = 0
    for (i, t) in taps.enumerated() {
      let shape = t.node.outputShape
      let c = shape[0]
      let pool = shape.count == 3 ? "gap → " : ""
      let params = c * width + width
      total += params
      lines.append(
        "  tap \(i) \(t.node.name) \(describeShape(shape)): \(pool)linear(\(width)) → relu  "
          + "(\(params) params)")
    }
    let out = width * taps.count + 1
    total += out
    lines.append("  concat [\(width * taps.count)] → linear(1)  (\(out) params)")
    lines.append("  total \(total) params")
    return lines.joined(separator: "\n")
  }

  var memberNames: [String] { ["taps", "width", "parameters"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "taps": return .list(taps.map { .host($0) })
    case "width": return .int(width)
    case "parameters":
      let hidden = taps.reduce(0) { $0 + $1.node.outputShape[0] * width + width }
      return .int(hidden + width * taps.count + 1)
    default: return nil
    }
  }
}
