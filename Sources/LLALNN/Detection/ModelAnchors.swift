import LLALTensor

extension Anchors {
  /// The anchors of a detector built in `graph`: its output must be an `anchors(...)`
  /// node, or a `concat(axis: 0)` of such nodes (and of concats of them), whose rows
  /// follow in that order. Each map's stride is the input's height (width) over the
  /// feature map's, which must divide it. Returns the anchors and the classes of the
  /// heads (equal, since their rows are joined); a graph of another form is refused.
  public static func of(_ graph: ModelGraph) throws -> (anchors: Anchors, classes: Int) {
    let input = graph.inputShape
    guard input.count == 3 else {
      throw TaskError(
        "task detect needs image inputs [channels, height, width]; \(graph.name) takes "
          + describeShape(input))
    }
    var maps: [Anchors.Map] = []
    func walk(_ id: NodeID) throws {
      let node = try graph.node(id)
      if let head = node.layer as? AnchorHead {
        let f = try graph.outputShape(of: node.inputs[0])
        guard input[1] % f[1] == 0, input[2] % f[2] == 0 else {
          throw TaskError(
            "task detect: the feature map of '\(node.name)' is \(f[1]) × \(f[2]), which does not "
              + "divide the input's \(input[1]) × \(input[2])")
        }
        maps.append(
          Anchors.Map(
            height: f[1], width: f[2], strideY: Double(input[1] / f[1]),
            strideX: Double(input[2] / f[2]), sizes: head.sizes, offsets: head.offsets))
      } else if let c = node.layer as? Concat, c.axis == 0 {
        for i in node.inputs { try walk(i) }
      } else {
        throw TaskError(
          "task detect needs a model whose output is anchors(...) or concat(axis: 0) of them; "
            + "\(graph.name) has \(node.layerDescription) at '\(node.name)'")
      }
    }
    try walk(graph.output)
    return (Anchors(maps: maps), graph.outputShape[1] - 5)
  }
}
