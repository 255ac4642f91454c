import LLALTensor

/// The table a model displays as: one row per node with its layer, per-sample output
/// shape and parameter count, and the total.
public struct ModelSummary: CustomStringConvertible, Sendable {
  /// One node of the table.
  public struct Row: Sendable, Equatable {
    /// The node's name.
    public let node: String
    /// The layer as written (`conv2d(16, 3, pad: 1)`), or `input`.
    public let layer: String
    /// The per-sample output shape.
    public let outputShape: [Int]
    /// Trainable scalars the node owns.
    public let parameters: Int
    /// The names of the nodes it reads (empty for the input).
    public let inputs: [String]
  }

  /// The model's name.
  public let name: String
  /// The rows, in node order.
  public let rows: [Row]

  /// The summary of `graph`.
  public init(_ graph: ModelGraph) {
    name = graph.name
    rows = graph.nodes.map { n in
      Row(
        node: n.name, layer: n.layerDescription, outputShape: n.outputShape,
        parameters: n.parameterCount, inputs: n.inputs.map { graph.nodes[$0.index].name })
    }
  }

  /// The sum of the rows' parameter counts.
  public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }

  /// A plain-text table:
  ///
  /// ```
  /// Net
  /// node  layer                  output      params
  /// x     input                  [1, 8, 8]        0
  /// c1    conv2d(16, 3, pad: 1)  [16, 8, 8]     144
  /// total                                       144
  /// ```
  ///
  /// A node that does not read the node just above it lists its inputs after `←`.
  public var description: String {
    var table: [[String]] = [["node", "layer", "output", "params"]]
    for (i, r) in rows.enumerated() {
      let previous = i > 0 ? rows[i - 1].node : nil
      var layer = r.layer
      if !(r.inputs.isEmpty || r.inputs == [previous].compactMap { $0 }) {
        layer += " ← " + r.inputs.joined(separator: ", ")
      }
      table.append([r.node, layer, describeShape(r.outputShape), ModelSummary.grouped(r.parameters)])
    }
    table.append(["total", "", "", ModelSummary.grouped(totalParameters)])
    let widths = (0..<4).map { c in table.map { $0[c].count }.max() ?? 0 }
    let lines = table.map { row in
      (0..<4).map { c in
        c == 3
          ? String(repeating: " ", count: widths[c] - row[c].count) + row[c]
          : row[c] + String(repeating: " ", count: widths[c] - row[c].count)
      }.joined(separator: "  ")
    }
    return ([name] + lines).joined(separator: "\n")
  }
}

extension ModelSummary {
  /// `12345` as `12,345`, as parameter counts are shown.
  public static func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(d)
    }
    return out
  }
}

extension ModelGraph {
  /// The model's table of nodes, layers, output shapes and parameter counts.
  public func summary() -> ModelSummary { ModelSummary(self) }
}
