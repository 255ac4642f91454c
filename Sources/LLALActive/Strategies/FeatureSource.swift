import LLALTensor

/// Where a strategy that works in a feature space (TypiClust, ProbCover) takes its points
/// from: the features of a named node of the model, or the inputs themselves (flattened),
/// which need no trained model and so suit the cold start.
public enum FeatureSource: Equatable, Sendable, CustomStringConvertible {
  /// The features `[M, D]` of a named node (rank-4 outputs averaged over space).
  case node(String)
  /// The inputs, flattened to `[M, D]`.
  case inputs

  /// What an inference pass must compute to give these points.
  public var request: InferenceRequest {
    switch self {
    case .node(let name): return InferenceRequest(nodes: [name])
    case .inputs: return InferenceRequest(inputs: true)
    }
  }

  /// `node 'c2'` or `the inputs`.
  public var description: String {
    switch self {
    case .node(let name): return "node '\(name)'"
    case .inputs: return "the inputs"
    }
  }
}

extension QueryContext {
  /// The candidates' points `[M, D]` from `source`.
  public func points(_ source: FeatureSource) throws -> Tensor {
    switch source {
    case .node(let name): return try features(name)
    case .inputs: return try inputs()
    }
  }

  /// The labeled points' `[L, D]` from `source`.
  public func labeledPoints(_ source: FeatureSource) throws -> Tensor {
    switch source {
    case .node(let name): return try labeledFeatures(name)
    case .inputs: return try labeledInputs()
    }
  }

  /// The candidates and the labeled points as one matrix `[M + L, D]`, candidates first:
  /// the pool a clustering or a coverage graph is built over.
  func poolPoints(_ source: FeatureSource, _ operation: String) throws -> Tensor {
    let candidates = try points(source)
    let (m, d) = try Rows.dimensions(candidates, operation)
    guard !labeled.isEmpty else { return try Tensor(shape: [m, d], candidates.scalars) }
    let labeledRows = try labeledPoints(source)
    let (l, dl) = try Rows.dimensions(labeledRows, operation)
    guard dl == d else {
      throw ActiveLearningError(
        operation, "the candidates' points have \(d) columns, the labeled set's \(dl)")
    }
    return try Tensor(shape: [m + l, d], candidates.scalars + labeledRows.scalars)
  }
}
