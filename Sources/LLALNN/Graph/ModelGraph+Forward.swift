import LLALTensor

/// The values a forward pass returns: the output and the requested taps.
public struct ForwardResult {
  /// The output node's value, `[N, …]`.
  public let output: Tensor
  /// The tapped nodes' values, in the order requested.
  public let taps: [Tensor]
}

extension ModelGraph {
  /// Runs the graph on a batch `x` of shape `[N] + inputShape`.
  ///
  /// Only the nodes that the output and the taps depend on are computed. Each
  /// intermediate value is dropped as soon as its last consumer has run, so the only
  /// activations kept alive are those the tape saved for backward. Gradients flow to the
  /// parameters when the result is differentiated (unless inside `withoutGrad`).
  public func forward(_ x: Tensor, context: ForwardContext, taps: [NodeID] = []) throws
    -> ForwardResult
  {
    guard x.rank == inputShape.count + 1, Array(x.shape.dropFirst()) == inputShape else {
      throw ModelError(
        node: nodes[0].name, layer: "input",
        "expects a batch [N, " + inputShape.map(String.init).joined(separator: ", ")
          + "], got \(describeShape(x.shape))")
    }
    for t in taps { _ = try node(t) }
    let plan = executionPlan(wanted: [output] + taps)
    var values = [Tensor?](repeating: nil, count: nodes.count)
    values[0] = x
    for i in plan.order {
      let n = nodes[i]
      guard let layer = n.layer else { continue }
      var inputs: [Tensor] = []
      inputs.reserveCapacity(n.inputs.count)
      for j in n.inputs {
        guard let v = values[j.index] else {
          throw ModelError(node: n.name, "internal: input '\(nodes[j.index].name)' was freed")
        }
        inputs.append(v)
      }
      do {
        values[i] = try layer.forward(
          inputs, parameters: n.parameters, buffers: n.buffers, context: context)
      } catch {
        throw ModelError(node: n.name, layer: layer.description, "\(error)")
      }
      for j in n.inputs where plan.lastUse[j.index] == i { values[j.index] = nil }
    }
    func value(_ id: NodeID) throws -> Tensor {
      guard let v = values[id.index] else {
        throw ModelError(node: nodes[id.index].name, "internal: value missing")
      }
      return v
    }
    return ForwardResult(output: try value(output), taps: try taps.map(value))
  }

  /// Runs the graph in `mode`, with dropout masks from seed 0; see
  /// `forward(_:context:taps:)`.
  public func forward(_ x: Tensor, mode: ForwardMode, taps: [NodeID] = []) throws
    -> ForwardResult
  {
    try forward(x, context: ForwardContext(mode: mode), taps: taps)
  }

  /// The nodes to compute for `wanted` (in order) and, for each node, the index of the
  /// last node that reads it (`Int.max` for the wanted nodes themselves).
  private func executionPlan(wanted: [NodeID]) -> (order: [Int], lastUse: [Int]) {
    var needed = [Bool](repeating: false, count: nodes.count)
    for w in wanted { needed[w.index] = true }
    for i in stride(from: nodes.count - 1, through: 0, by: -1) where needed[i] {
      for j in nodes[i].inputs { needed[j.index] = true }
    }
    var lastUse = [Int](repeating: -1, count: nodes.count)
    let order = (1..<max(nodes.count, 1)).filter { needed[$0] }
    for i in order { for j in nodes[i].inputs { lastUse[j.index] = i } }
    for w in wanted { lastUse[w.index] = Int.max }
    return (order, lastUse)
  }
}
