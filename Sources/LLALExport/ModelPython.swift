import LLALNN

/// A model graph as one `nn.Module` class: a submodule per node that owns tensors (named
/// as the node, so `state_dict` keys are llal's checkpoint names) and a `forward` that
/// computes the nodes in graph order and returns the output with the requested taps.
struct ModelPython {
  /// The graph to write.
  let graph: ModelGraph
  /// Where the model came from (`digits.llal:63`), for the class's comment.
  let origin: String

  /// The class's Python source, or a refusal naming the node that has no counterpart.
  func source() throws -> String {
    var members: [String] = []
    var steps: [String] = []
    for node in graph.nodes.dropFirst() {
      guard let layer = node.layer else { continue }
      let inputs = node.inputs.map { "v[\(PythonText.string(graph.nodes[$0.index].name))]" }
      let name = PythonText.string(node.name)
      let (member, expression) = try translate(layer, node: node, inputs: inputs)
      if let member {
        guard PythonText.isModuleAttribute(node.name) else {
          throw ExportRefusal(
            "model",
            "has node '\(node.name)', whose parameters would be a submodule of that name, "
              + "but every PyTorch module has an attribute '\(node.name)'; rename the node")
        }
        members.append("        self.add_module(\(name), \(member))  # \(layer.description)")
      }
      steps.append("        v[\(name)] = \(expression)  # \(layer.description)")
    }
    let input = PythonText.string(graph.nodes[0].name)
    let output = PythonText.string(graph.nodes[graph.output.index].name)
    return """
      class \(graph.name)(nn.Module):
          \"\"\"`model \(graph.name)` (\(origin)): \(graph.nodes.count - 1) nodes, \
      \(graph.parameterCount) parameters. Parameter and buffer names are llal's.\"\"\"

          input_shape = \(PythonText.tuple(graph.inputShape))
          output_node = \(output)

          def __init__(self):
              super().__init__()
              # Dropout stays active in eval mode while this is set (BALD's passes).
              self.mc_dropout = False
      \(members.isEmpty ? "        pass" : members.joined(separator: "\n"))
              llal_init(self)

          def forward(self, x, taps=()):
              \"\"\"The output, and the values of the nodes named in `taps`, in order.\"\"\"
              v = {\(input): x}
      \(steps.joined(separator: "\n"))
              return v[\(output)], [v[t] for t in taps]

      """
  }

  /// The submodule a layer needs (nil for none) and the expression of its value.
  private func translate(_ layer: any Layer, node: GraphNode, inputs: [String]) throws
    -> (String?, String)
  {
    let call = "self._modules[\(PythonText.string(node.name))](\(inputs.first ?? ""))"
    let x = inputs.first ?? ""
    switch layer {
    case let l as Conv2d:
      let cin = graph.nodes[node.inputs[0].index].outputShape[0]
      return (
        "nn.Conv2d(\(cin), \(l.outChannels), \(l.kernel), stride=\(l.stride), "
          + "padding=\(l.padding), bias=\(l.hasBias ? "True" : "False"))", call
      )
    case let l as Linear:
      let fin = graph.nodes[node.inputs[0].index].outputShape[0]
      return ("nn.Linear(\(fin), \(l.outFeatures), bias=\(l.hasBias ? "True" : "False"))", call)
    case let l as BatchNorm:
      let shape = graph.nodes[node.inputs[0].index].outputShape
      return (
        "LlalBatchNorm(\(shape[0]), image=\(shape.count == 3 ? "True" : "False"), "
          + "eps=\(PythonText.number(l.epsilon)), momentum=\(PythonText.number(l.momentum)))",
        call
      )
    case is ReLU: return (nil, "F.relu(\(x))")
    case let l as MaxPool2d:
      return (
        nil, "F.max_pool2d(\(x), \(l.kernel), stride=\(l.stride), padding=\(l.padding))"
      )
    case let l as AvgPool2d:
      return (
        nil,
        "F.avg_pool2d(\(x), \(l.kernel), stride=\(l.stride), padding=\(l.padding), "
          + "count_include_pad=True)"
      )
    case is GlobalAvgPool: return (nil, "\(x).mean(dim=(2, 3))")
    case is Flatten: return (nil, "\(x).flatten(1)")
    case let l as Dropout:
      return (
        nil,
        "F.dropout(\(x), p=\(PythonText.number(l.probability)), "
          + "training=self.training or self.mc_dropout)"
      )
    case is Add: return (nil, inputs.joined(separator: " + "))
    case let l as Concat:
      let dim = l.axis >= 0 ? l.axis + 1 : l.axis
      return (nil, "torch.cat(\(PythonText.list(inputs)), dim=\(dim))")
    case let l as Upsample:
      return (nil, "\(x).repeat_interleave(\(l.factor), 2).repeat_interleave(\(l.factor), 3)")
    default:
      throw ExportRefusal(
        "model",
        "has node '\(node.name)', a \(layer.kind) layer, which the PyTorch export does not "
          + "translate")
    }
  }
}
