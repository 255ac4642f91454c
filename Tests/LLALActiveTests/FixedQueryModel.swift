import Foundation
import LLALTensor

@testable import LLALActive

/// A `QueryModel` over fixed per-point arrays, so strategies can be tested without
/// training: logits, features of node "f" (also the embedding and the inputs), predicted losses, and
/// dropout passes made by a closure.
final class FixedQueryModel: QueryModel {
  let logits: [[Float]]
  let features: [[Float]]
  let losses: [Float]?
  let dropout: ((Int, Int) -> [Float])?
  /// The previous cycle's logits, if the model has a previous cycle.
  let previous: [[Float]]?
  /// A head's outputs per point (TiDAL's logits), if the model has such a head.
  let head: [[Float]]?
  private(set) var inferCalls = 0

  init(
    logits: [[Float]], features: [[Float]]? = nil, losses: [Float]? = nil,
    dropout: ((_ point: Int, _ pass: Int) -> [Float])? = nil, previous: [[Float]]? = nil,
    head: [[Float]]? = nil
  ) {
    self.logits = logits
    self.features = features ?? logits
    self.losses = losses
    self.dropout = dropout
    self.previous = previous
    self.head = head
  }

  func previousLogits(_ indices: [Int]) throws -> Tensor? {
    try previous.map { p in try Tensor(rows: indices.map { p[$0] }) }
  }

  var hasLossModule: Bool { losses != nil || head != nil }

  func infer(_ indices: [Int], _ request: InferenceRequest) throws -> QueryInference {
    inferCalls += 1
    var result = QueryInference(count: indices.count)
    if request.logits { result.logits = try Tensor(rows: indices.map { logits[$0] }) }
    if request.predictedLoss, let losses {
      result.predictedLoss = Tensor(indices.map { losses[$0] })
    }
    if request.predictedLoss, let head {
      result.moduleOutputs = try Tensor(rows: indices.map { head[$0] })
    }
    if request.embedding { result.embedding = try Tensor(rows: indices.map { features[$0] }) }
    if request.inputs { result.inputs = try Tensor(rows: indices.map { features[$0] }) }
    for node in request.nodes where node == "f" {
      result.nodes[node] = try Tensor(rows: indices.map { features[$0] })
    }
    return result
  }

  func dropoutLogits(_ indices: [Int], passes: Int, seed: UInt64) throws -> [Tensor] {
    try (0..<passes).map { t in
      try Tensor(rows: indices.map { dropout?($0, t) ?? logits[$0] })
    }
  }
}

/// A context over all points of `model` but `labeled`.
func context(
  _ model: FixedQueryModel, step: Int, labeled: [Int] = [], seed: UInt64 = 7
) throws -> QueryContext {
  let candidates = (0..<model.logits.count).filter { !labeled.contains($0) }
  return try QueryContext(
    model: model, candidates: candidates, labeled: labeled, step: step, seed: seed)
}

/// Logits whose softmax is `p` (log-probabilities).
func logitsOf(_ p: [[Float]]) -> [[Float]] { p.map { $0.map { Float(log(Double($0))) } } }
