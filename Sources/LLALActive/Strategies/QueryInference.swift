import LLALNN
import LLALTensor

/// What one inference pass over pool points should compute. Strategies state what they
/// need, and the cycle runner asks the model for the union in a single pass.
public struct InferenceRequest: Equatable, Sendable {
  /// The model's outputs `[M, …]` (eval mode): class logits `[M, C]` for classification.
  public var logits: Bool
  /// The loss module's predicted losses `[M]` (or, for a module with several outputs
  /// such as TiDAL's, its outputs `[M, C]`).
  public var predictedLoss: Bool
  /// The input of the classifier's last linear layer `[M, D]` (BADGE's `h`).
  public var embedding: Bool
  /// Named nodes whose features `[M, D]` are wanted (rank-4 outputs averaged over space).
  public var nodes: Set<String>
  /// The points' inputs, flattened to `[M, D]` (TypiClust and ProbCover on raw inputs).
  public var inputs: Bool

  /// A request for the parts marked true and the named nodes.
  public init(
    logits: Bool = false, predictedLoss: Bool = false, embedding: Bool = false,
    nodes: Set<String> = [], inputs: Bool = false
  ) {
    self.logits = logits
    self.predictedLoss = predictedLoss
    self.embedding = embedding
    self.nodes = nodes
    self.inputs = inputs
  }

  /// Everything either request asks for.
  public func union(_ other: InferenceRequest) -> InferenceRequest {
    InferenceRequest(
      logits: logits || other.logits, predictedLoss: predictedLoss || other.predictedLoss,
      embedding: embedding || other.embedding, nodes: nodes.union(other.nodes),
      inputs: inputs || other.inputs)
  }

  /// The parts of this request that `inference` does not hold yet.
  func missing(from inference: QueryInference) -> InferenceRequest {
    InferenceRequest(
      logits: logits && inference.logits == nil,
      predictedLoss: predictedLoss && inference.predictedLoss == nil
        && inference.moduleOutputs == nil,
      embedding: embedding && inference.embedding == nil,
      nodes: nodes.subtracting(inference.nodes.keys), inputs: inputs && inference.inputs == nil)
  }

  /// Whether nothing is asked for.
  public var isEmpty: Bool {
    !logits && !predictedLoss && !embedding && nodes.isEmpty && !inputs
  }
}

/// The outputs of one inference pass over `count` pool points, row `i` for the `i`-th
/// index passed to the model. Parts that were not requested are nil.
public struct QueryInference {
  /// How many points (rows) the pass covered.
  public let count: Int
  /// The model's outputs `[count, …]`: class logits `[count, C]` for classification.
  public var logits: Tensor?
  /// Predicted losses `[count]`.
  public var predictedLoss: Tensor?
  /// Inputs of the last linear layer `[count, D]`.
  public var embedding: Tensor?
  /// Features of named nodes, each `[count, D]`.
  public var nodes: [String: Tensor]
  /// The inputs, flattened to `[count, D]`.
  public var inputs: Tensor?
  /// The outputs `[count, C]` of a module with several outputs (TiDAL's class logits), in
  /// place of `predictedLoss`.
  public var moduleOutputs: Tensor?
  /// The loss module's attention weights over its taps `[count, K]`, computed with the
  /// predicted losses when the module fuses its taps by attention.
  public var tapWeights: Tensor?

  /// An inference result over `count` points with the given parts.
  public init(
    count: Int, logits: Tensor? = nil, predictedLoss: Tensor? = nil, embedding: Tensor? = nil,
    nodes: [String: Tensor] = [:], inputs: Tensor? = nil, tapWeights: Tensor? = nil,
    moduleOutputs: Tensor? = nil
  ) {
    self.count = count
    self.logits = logits
    self.predictedLoss = predictedLoss
    self.embedding = embedding
    self.nodes = nodes
    self.inputs = inputs
    self.tapWeights = tapWeights
    self.moduleOutputs = moduleOutputs
  }

  /// Adds the parts of `other` (same points) that this result lacks.
  mutating func merge(_ other: QueryInference) {
    if logits == nil { logits = other.logits }
    if predictedLoss == nil && moduleOutputs == nil {
      predictedLoss = other.predictedLoss
      moduleOutputs = other.moduleOutputs
      tapWeights = other.tapWeights
    }
    if embedding == nil { embedding = other.embedding }
    if inputs == nil { inputs = other.inputs }
    nodes.merge(other.nodes) { mine, _ in mine }
  }

  /// The same parts restricted to the rows at `positions` (in that order).
  func rows(_ positions: [Int]) throws -> QueryInference {
    QueryInference(
      count: positions.count, logits: try logits.map { try Rows.gather($0, positions) },
      predictedLoss: try predictedLoss.map { try Rows.gather($0, positions) },
      embedding: try embedding.map { try Rows.gather($0, positions) },
      nodes: try nodes.mapValues { try Rows.gather($0, positions) },
      inputs: try inputs.map { try Rows.gather($0, positions) },
      tapWeights: try tapWeights.map { try Rows.gather($0, positions) },
      moduleOutputs: try moduleOutputs.map { try Rows.gather($0, positions) })
  }
}

/// A trained model as strategies see it: inference over pool points by index.
///
/// The cycle runner's adapter implements it over the NN layer's model graph; tests
/// implement it over fixed arrays.
public protocol QueryModel: AnyObject {
  /// Whether the model has a loss prediction module (so `predictedLoss` can be asked).
  var hasLossModule: Bool { get }
  /// What the model learns; classification unless the model says otherwise.
  var task: any ModelTask { get }
  /// One eval-mode pass over the pool points `indices`, computing what `request` asks.
  /// Node features of rank 4 (`[M, C, H, W]`) come back averaged over space (`[M, C]`).
  func infer(_ indices: [Int], _ request: InferenceRequest) throws -> QueryInference
  /// Outputs `[M, …]` (logits `[M, C]` for classification) of `passes` forward passes with
  /// dropout active (batch-norm in eval mode), pass `t` drawing its masks from a generator
  /// determined by `seed` and `t`.
  func dropoutLogits(_ indices: [Int], passes: Int, seed: UInt64) throws -> [Tensor]
  /// The outputs `[M, …]` of the previous cycle's trained model over the pool points
  /// `indices` (eval mode), or nil when there is none (the first cycle, or a model that
  /// does not keep it).
  func previousLogits(_ indices: [Int]) throws -> Tensor?
}

extension QueryModel {
  /// Classification.
  public var task: any ModelTask { ClassificationTask() }
  /// No previous model.
  public func previousLogits(_ indices: [Int]) throws -> Tensor? { nil }
}
