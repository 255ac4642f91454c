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
      if plan.fusedReLU[i] {  // its input already went through the ReLU
        values[i] = values[n.inputs[0].index]
        values[n.inputs[0].index] = nil
        continue
      }
      var inputs: [Tensor] = []
      inputs.reserveCapacity(n.inputs.count)
      for j in n.inputs {
        guard let v = values[j.index] else {
          throw ModelError(node: n.name, "internal: input '\(nodes[j.index].name)' was freed")
        }
        inputs.append(v)
      }
      do {
        if let fusing = layer as? any ReLUFusing, plan.fusesReLU[i] {
          values[i] = try fusing.forward(
            inputs, parameters: n.parameters, buffers: n.buffers, context: context, relu: true)
        } else {
          values[i] = try layer.forward(
            inputs, parameters: n.parameters, buffers: n.buffers, context: context)
        }
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

  /// How `forward` computes the nodes that `wanted` needs.
  private struct ExecutionPlan {
    /// The nodes to compute, in order.
    var order: [Int]
    /// For each node, the index of the last node that reads it (`Int.max` for the wanted
    /// nodes themselves).
    var lastUse: [Int]
    /// The nodes whose layer applies the ReLU of the node that reads them (`ReLUFusing`)…
    var fusesReLU: [Bool]
    /// …and those ReLU nodes, which only pass that value on.
    var fusedReLU: [Bool]
  }

  private func executionPlan(wanted: [NodeID]) -> ExecutionPlan {
    var needed = [Bool](repeating: false, count: nodes.count)
    for w in wanted { needed[w.index] = true }
    for i in stride(from: nodes.count - 1, through: 0, by: -1) where needed[i] {
      for j in nodes[i].inputs { needed[j.index] = true }
    }
    var lastUse = [Int](repeating: -1, count: nodes.count)
    var readers = [Int](repeating: 0, count: nodes.count)
    let order = (1..<max(nodes.count, 1)).filter { needed[$0] }
    for i in order {
      for j in nodes[i].inputs {
        lastUse[j.index] = i
        readers[j.index] += 1
      }
    }
    for w in wanted { lastUse[w.index] = Int.max }
    // A ReLU fuses into its input's layer when it is that node's only reader and the
    // node's own value is not wanted (an output or a tap).
    var fusesReLU = [Bool](repeating: false, count: nodes.count)
    var fusedReLU = fusesReLU
    for i in order where nodes[i].layer is ReLU {
      let j = nodes[i].inputs[0].index
      if readers[j] == 1, lastUse[j] == i, nodes[j].layer is any ReLUFusing {
        fusesReLU[j] = true
        fusedReLU[i] = true
      }
    }
    return ExecutionPlan(
      order: order, lastUse: lastUse, fusesReLU: fusesReLU, fusedReLU: fusedReLU)
  }
}
