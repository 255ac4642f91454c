import LLALLanguage
import LLALNN
import LLALTensor

/// Adding a layer node to the model being built, with the checks and messages the
/// language gives: the inputs must be nodes of one open model, and a shape the layer
/// refuses is reported with the layer as written and the shapes involved.
enum LayerApplication {
  /// Applies `layer` to `inputs` (nodes of one model whose block is running) and returns
  /// the new node. Errors are `RuntimeError`s without a position, which the caller
  /// places, or the layer's `FieldError` about a size setting, which the caller maps to
  /// its argument.
  /// The node's output and parameters must fit within `limits` (when given; an `add` of
  /// existing nodes creates nothing larger than they are).
  static func add(_ layer: any Layer, inputs: [NodeValue], limits: Limits? = nil) throws
    -> Value
  {
    guard let build = inputs.first?.build else {
      throw RuntimeError("\(layer.description) needs an input node")
    }
    if let other = inputs.first(where: { $0.build !== build }) {
      throw RuntimeError(
        "\(layer.description) combines nodes of two models: '\(inputs[0].node.name)' of "
          + "\(build.name) and '\(other.node.name)' of \(other.build.name)")
    }
    guard build.isOpen else {
      throw RuntimeError(
        "model \(build.name) is already built: \(layer.description) can only be applied "
          + "to nodes inside a model block")
    }
    do {
      // Check the sizes first: a typo such as conv(100000, 300) must be an error, not an
      // allocation that takes the machine's memory.
      let shapes = inputs.map { $0.node.outputShape }
      if let limits, layer.inputArity.contains(shapes.count) {
        do {
          try limits.checkTensorSize(try layer.outputShape(shapes))
          for spec in layer.parameterSpecs(shapes) + layer.bufferSpecs(shapes) {
            try limits.checkTensorSize(spec.shape)
          }
        } catch let error as RuntimeError {
          throw RuntimeError("\(layer.description): \(error.message)")
        } catch let refused as FieldError {
          // A size setting the layer refuses: the caller names the argument.
          throw refused
        } catch {
          // The graph reports a refused shape below, naming the node.
        }
      }
      let id = try build.graph.add(layer, inputs: inputs.map(\.id))
      return .host(NodeValue(build: build, id: id))
    } catch let error as ModelError {
      throw RuntimeError("\(error.layer ?? layer.description): \(error.message)")
    }
  }

  /// The node in `value`, or an error naming the argument: layer functions take the
  /// node they apply to first (`x |> conv(16, 3)`).
  static func node(_ value: Value, _ args: Arguments, _ parameter: String) throws -> NodeValue {
    if case .host(let h) = value, let n = h as? NodeValue { return n }
    throw args.error(
      parameter,
      "must be a node of a model (use it inside a model block: x |> "
        + "\(args.signature.name ?? "layer")(...)), found \(value.typeName)")
  }

  /// Runs a layer builder, placing its errors at the callee as written (`conv` in
  /// `x |> conv(16, 3)`) rather than at the start of the pipeline.
  static func located(_ args: Arguments, _ body: () throws -> Value) throws -> Value {
    do {
      return try body()
    } catch var error as RuntimeError {
      if error.range == nil { error.range = args.calleeRange }
      throw error
    }
  }
}
