import LLALNN
import LLALTensor

/// A copy of a model for Monte-Carlo dropout: run in train mode, its dropout layers draw
/// masks while every other layer behaves as in eval mode (batch-norm uses its running
/// statistics and does not update them), so the trained model itself is untouched.
struct MonteCarloDropoutModel {
  /// The copy, with the trained values.
  let graph: ModelGraph

  /// A copy of `model` with every layer but dropout pinned to eval mode.
  init(_ model: ModelGraph) throws {
    let g = try ModelGraph(
      name: model.name, inputShape: model.inputShape, inputName: model.nodes[0].name,
      seed: model.seed)
    for n in model.nodes.dropFirst() {
      guard let layer = n.layer else { continue }  // only the input node has none
      let pinned: any Layer = layer is Dropout ? layer : EvalModeLayer(layer)
      let id = try g.add(pinned, inputs: n.inputs, name: n.name)
      for (dst, src) in zip(g.nodes[id.index].parameters, n.parameters) { try dst.assign(src) }
      for (dst, src) in zip(g.nodes[id.index].buffers, n.buffers) { try dst.assign(src) }
    }
    try g.setOutput(model.output)
    graph = g
  }
}

/// A layer that runs `wrapped` in eval mode whatever the pass's mode.
struct EvalModeLayer: Layer {
  let wrapped: any Layer
  init(_ wrapped: any Layer) { self.wrapped = wrapped }

  var kind: String { wrapped.kind }
  var description: String { wrapped.description }
  var inputArity: ClosedRange<Int> { wrapped.inputArity }
  func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    try wrapped.outputShape(inputShapes)
  }
  func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    wrapped.parameterSpecs(inputShapes)
  }
  func bufferSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    wrapped.bufferSpecs(inputShapes)
  }
  func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try wrapped.forward(
      inputs, parameters: parameters, buffers: buffers, context: ForwardContext(mode: .eval))
  }
}
