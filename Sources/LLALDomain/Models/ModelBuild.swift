import LLALLanguage
import LLALNN

/// The graph a `model` block is building, shared by the node values its body creates.
///
/// Open while the block's body runs, so layer functions may add nodes to it; closed once
/// the body returns, after which its nodes are only references (`Net.c1` for a tap).
final class ModelBuild {
  /// The graph; nodes are added as the body calls layer functions.
  let graph: ModelGraph
  /// Whether layer functions may still add nodes.
  private(set) var isOpen = true

  /// A build of `graph`.
  init(graph: ModelGraph) { self.graph = graph }

  /// The model's name.
  var name: String { graph.name }

  /// Ends the build: nodes can no longer be added.
  func close() { isOpen = false }
}
