/// An error building or running a model graph, naming the node it concerns.
///
/// `description` reads `node 'c2' (conv2d(32, 3)): expects an image [channels, height,
/// width] per sample, got [10]`; the language maps `node` back to the source line that
/// created it.
public struct ModelError: Error, CustomStringConvertible, Sendable {
  /// The node's name, when the error concerns one node.
  public let node: String?
  /// The node's layer as written (`conv2d(32, 3)`), when known.
  public let layer: String?
  /// What was wrong.
  public let message: String

  /// An error about `node` (running `layer`) saying `message`.
  public init(node: String? = nil, layer: String? = nil, _ message: String) {
    self.node = node
    self.layer = layer
    self.message = message
  }

  /// `node 'name' (layer): message`, or the message alone.
  public var description: String {
    guard let node else { return message }
    return "node '\(node)'" + (layer.map { " (\($0))" } ?? "") + ": " + message
  }
}
