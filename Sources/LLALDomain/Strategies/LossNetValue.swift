import LLALLanguage
import LLALNN
import LLALTensor

/// A loss prediction module as declared by `lossnet(taps: [Net.c1, Net.c2], width: 128)`:
/// which nodes of which model it reads, and its structure (`LLALNN.LossModuleOptions`).
/// It is built and trained with the target model when an experiment or session runs
/// `learning_loss(...)` on it.
final class LossNetValue: HostObject {
  /// The model whose nodes are tapped.
  let model: ModelBuild
  /// The tapped nodes, in order.
  let taps: [NodeValue]
  /// The resolved parts: per tap pooling, width and activation; the head.
  let layout: LossModuleLayout

  /// A module over `taps` (nodes of one model) built as `options` say; options that do
  /// not fit the taps are an error (`lossnet(...)` checks each argument first).
  init(model: ModelBuild, taps: [NodeValue], options: LossModuleOptions) throws {
    self.model = model
    self.taps = taps
    self.layout = try LossModuleLayout(
      tapNames: taps.map { $0.node.name }, tapShapes: taps.map { $0.node.outputShape },
      options: options)
  }

  /// The structure the module is built with.
  var options: LossModuleOptions { layout.options }
  /// The tapped nodes' names.
  var tapNames: [String] { taps.map { $0.node.name } }

  var typeName: String { "lossnet" }

  /// How the module is written back: `lossnet(taps: [Net.c1], width: 128)` and every
  /// option that is not the paper's.
  var spelling: String {
    let o = options
    var text = "lossnet(taps: [" + taps.map(StrategyLibrary.ref).joined(separator: ", ") + "]"
    text += ", width: " + ValueFormatter.repr(widthValue)
    if o.pooling != [.average] { text += ", pool: " + ValueFormatter.repr(poolValue) }
    if o.activation != .relu { text += ", activation: \"\(o.activation.rawValue)\"" }
    if o.hidden != 0 { text += ", hidden: \(o.hidden)" }
    if o.dropout != 0 { text += ", dropout: \(o.dropout)" }
    return text + ")"
  }

  /// The module's layout: one line per tap, then the head and the total.
  var description: String { layout.summary(title: "lossnet over \(model.name)") }

  var memberNames: [String] {
    ["taps", "width", "pool", "activation", "hidden", "dropout", "parameters"]
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "taps": return .list(taps.map { .host($0) })
    case "width": return widthValue
    case "pool": return poolValue
    case "activation": return .string(options.activation.rawValue)
    case "hidden": return .int(options.hidden)
    case "dropout": return .float32(options.dropout)
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
