import LLALLanguage
import LLALNN
import LLALTensor

/// A loss prediction module as declared by `lossnet(taps: [Net.c1, Net.c2], width: 128)`:
/// its layout, resolved once over nodes of one model (their ids, names and shapes, and
/// the structure), which `learning_loss(...)` passes on to training. It is built and
/// trained with the target model when an experiment or session runs.
final class LossNetValue: HostObject {
  /// The tapped nodes, in order (at least one, all of one model).
  let taps: [NodeValue]
  /// The resolved parts: per tap node, pooling, width and activation; the head.
  let layout: LossModuleLayout
  /// The call that made it, as written, for display only.
  let written: String

  /// A module over `taps` (nodes of one model, at least one) laid out as `layout`, made
  /// by a call written `written`.
  init(taps: [NodeValue], layout: LossModuleLayout, written: String) {
    self.taps = taps
    self.layout = layout
    self.written = written
  }

  /// The model whose nodes are tapped.
  var model: ModelBuild { taps[0].build }
  /// The structure the module is built with.
  var options: LossModuleOptions { layout.options }

  var typeName: String { "lossnet" }

  var spelling: String? { written }

  /// The module's layout: one line per tap, then the head and the total.
  var description: String { layout.summary(title: "lossnet over \(model.name)") }

  var memberNames: [String] {
    [
      "taps", "width", "pool", "activation", "hidden", "dropout", "fusion", "tap_conv",
      "parameters",
    ]
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "taps": return .list(taps.map { .host($0) })
    case "width": return widthValue
    case "pool": return poolValue
    case "activation": return .string(options.activation.rawValue)
    case "hidden": return .int(options.hidden)
    case "dropout": return .float32(options.dropout)
    case "fusion": return .string(options.fusion.rawValue)
    case "tap_conv": return .int(options.tapConv)
    case "parameters": return .int(layout.parameterCount)
    default: return nil
    }
  }

  /// The width as written: one number, or a list with one per tap.
  private var widthValue: Value {
    let w = options.widths
    return w.count == 1 ? .int(w[0]) : .list(w.map { .int($0) })
  }

  /// The pooling as written: one name, or a list with one per tap.
  private var poolValue: Value {
    let p = options.pooling
    return p.count == 1 ? .string(p[0].rawValue) : .list(p.map { .string($0.rawValue) })
  }
}
