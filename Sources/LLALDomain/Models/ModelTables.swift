import LLALLanguage
import LLALNN
import LLALRender
import LLALTensor

extension ModelValue {
  /// The model's summary as a table: node, layer, output shape and parameters, with a
  /// total row; a node that does not read the node above it names its inputs after `←`,
  /// as the text summary does.
  var summaryTable: Table {
    let rows = graph.summary().rows
    var cells: [[String]] = []
    for (i, row) in rows.enumerated() {
      var layer = row.layer
      let previous = i > 0 ? [rows[i - 1].node] : []
      if !row.inputs.isEmpty, row.inputs != previous {
        layer += " ← " + row.inputs.joined(separator: ", ")
      }
      cells.append(
        [row.node, layer, describeShape(row.outputShape), ModelSummary.grouped(row.parameters)])
    }
    cells.append(["total", "", "", ModelSummary.grouped(graph.parameterCount)])
    return Table(
      title: graph.name, headers: ["node", "layer", "output", "params"], rows: cells,
      alignments: [.left, .left, .left, .right])
  }

  /// The graph as a table: each node with its layer, the nodes it reads, its output shape,
  /// its parameters and the nodes that read it (`output` for the model's output).
  var graphTable: Table {
    let nodes = graph.nodes
    var readers = Array(repeating: [String](), count: nodes.count)
    for node in nodes {
      for input in node.inputs { readers[input.index].append(node.name) }
    }
    readers[graph.output.index].append("(output)")
    let rows = nodes.map { node -> [String] in
      let reads = node.inputs.map { nodes[$0.index].name }
      return [
        node.name, node.layerDescription, reads.isEmpty ? "—" : reads.joined(separator: ", "),
        describeShape(node.outputShape), ModelSummary.grouped(node.parameterCount),
        readers[node.id.index].isEmpty ? "—" : readers[node.id.index].joined(separator: ", "),
      ]
    }
    let input = nodes[0]
    let output = nodes[graph.output.index]
    return Table(
      title: "\(graph.name): \(input.name) \(describeShape(input.outputShape)) → "
        + "\(output.name) \(describeShape(output.outputShape))",
      headers: ["node", "layer", "reads", "output", "params", "read by"], rows: rows,
      alignments: [.left, .left, .left, .left, .right, .left],
      footer:
        "\(counted(nodes.count, "node")), \(ModelSummary.grouped(graph.parameterCount)) "
        + "parameters")
  }
}
