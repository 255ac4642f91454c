import LLALTensor

/// One kind of layer in a model graph: its shape rule, the parameters and buffers it
/// needs, and its forward pass.
///
/// A layer value is only a configuration (`Conv2d(outChannels: 16, kernel: 3)`); the
/// graph node that applies it owns the tensors, created from `parameterSpecs` once the
/// input shapes are known. Shapes here are **per sample** (no batch dimension): `[C, H, W]`
/// for images, `[F]` for feature vectors. Forward passes see batched tensors `[N, …]`.
public protocol Layer: CustomStringConvertible, Sendable {
  /// The layer's kind as summaries and errors name it (`"conv2d"`).
  var kind: String { get }
  /// How many inputs the layer takes: `1...1` for most, `2...` for `add` and `concat`.
  var inputArity: ClosedRange<Int> { get }
  /// The per-sample output shape for per-sample `inputShapes`, or a `LayerError` that
  /// says what the layer expected and what it got. A size setting outside
  /// `SizeLimit`'s range is a `FieldError` naming it (`Conv2d.padding`), checked before
  /// any arithmetic is done with it.
  func outputShape(_ inputShapes: [[Int]]) throws -> [Int]
  /// The trainable tensors the layer needs for these input shapes, in a fixed order.
  func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec]
  /// The non-trainable state (running statistics) the layer keeps, in a fixed order.
  func bufferSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec]
  /// Computes the batched output. `parameters` and `buffers` follow the spec order.
  func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor
}

extension Layer {
  /// Single-input by default.
  public var inputArity: ClosedRange<Int> { 1...1 }
  /// No parameters by default.
  public func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] { [] }
  /// No buffers by default.
  public func bufferSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] { [] }

  /// `shape`, or a `LayerError` when one sample of it would exceed `SizeLimit.maximum`
  /// elements: the last step of a shape rule whose sizes grow the input.
  func checkedOutput(_ shape: [Int]) throws -> [Int] {
    guard SizeLimit.count(shape) != nil else {
      throw LayerError(
        "its output \(describeShape(shape)) per sample exceeds the limit of "
          + "\(SizeLimit.maximum) elements")
    }
    return shape
  }
}

/// A layer's refusal of its input shapes or settings, before the graph adds the node's
/// name (`ModelError` carries both).
public struct LayerError: Error, CustomStringConvertible, Sendable {
  /// What the layer expected and what it got, naming both shapes.
  public let reason: String
  /// An error described by `reason`.
  public init(_ reason: String) { self.reason = reason }
  /// The reason.
  public var description: String { reason }
}

/// Whether a forward pass trains, evaluates, or samples Monte-Carlo dropout.
public enum ForwardMode: Sendable, Equatable {
  /// Batch statistics in batch-norm (and running statistics updated); dropout active.
  case train
  /// Running statistics in batch-norm; dropout is the identity.
  case eval
  /// Monte-Carlo dropout (BALD's passes): every layer as in eval mode — batch-norm uses
  /// the running statistics and leaves them alone — except dropout, which draws masks
  /// from the context's generator as in training.
  case monteCarloDropout
}

/// What a forward pass carries besides its tensors: the mode and the generator that
/// dropout draws its masks from.
public final class ForwardContext {
  /// Train or eval.
  public let mode: ForwardMode
  /// The source of dropout masks; advanced by every active dropout layer.
  public var generator: RandomGenerator

  /// A context in `mode` whose dropout masks come from `seed`.
  public init(mode: ForwardMode, seed: UInt64 = 0) {
    self.mode = mode
    self.generator = RandomGenerator(seed: seed)
  }

  /// A context in `mode` continuing `generator`'s sequence.
  public init(mode: ForwardMode, generator: RandomGenerator) {
    self.mode = mode
    self.generator = generator
  }

  /// Whether the pass trains: batch statistics, running statistics updated.
  public var isTraining: Bool { mode == .train }
  /// Whether dropout draws masks: in train and Monte-Carlo dropout mode.
  public var dropoutActive: Bool { mode != .eval }
}

/// A tensor a layer needs: its local name (`"weight"`), shape and initial values.
public struct ParameterSpec: Sendable, Equatable {
  /// The name within the node; the graph prefixes the node's name (`"c1.weight"`).
  public let name: String
  /// The shape.
  public let shape: [Int]
  /// How to fill it.
  public let initializer: Initializer

  /// A spec for a tensor `name` of `shape` filled by `initializer`.
  public init(_ name: String, _ shape: [Int], _ initializer: Initializer) {
    self.name = name
    self.shape = shape
    self.initializer = initializer
  }
}
