import LLALTensor

/// Datasets whose targets are float tensors (regression values, keypoints) rather than
/// class ids, and the views of targets that training and tasks use.
extension Dataset {
  /// A dataset of samples `x` (`[N, ...]`, rank >= 2) with float targets `[N, …]` (rank
  /// >= 1, one row per sample: `[N]` values, `[N, D]` vectors, `[N, K, 2]` keypoints).
  ///
  /// Throws when the counts disagree or a target is NaN or infinite. The class count is 0
  /// and there are no class names.
  public init(x: Tensor, targets: Tensor) throws {
    guard x.rank >= 2 else {
      throw DataError.argument(
        "dataset",
        "samples must have rank >= 2 ([N, D] or [N, C, H, W]), got \(describeShape(x.shape))")
    }
    guard targets.rank >= 1, targets.shape[0] == x.shape[0] else {
      throw DataError.argument(
        "dataset",
        "targets \(describeShape(targets.shape)) need one row per sample of x "
          + describeShape(x.shape))
    }
    let row = max(1, targets.count / max(1, targets.shape[0]))
    if let i = targets.withUnsafeBuffer({ $0.firstIndex { !$0.isFinite } }) {
      throw DataError.argument(
        "dataset", "target \(targets.scalars[i]) of sample \(i / row) is not finite")
    }
    self.init(checkedX: x, targets: .tensor(targets), classCount: 0, classNames: nil)
  }

  /// Whether the targets are class ids.
  public var hasClassIDs: Bool {
    if case .classes = targets { return true }
    return false
  }

  /// The shape of one sample's target: `[]` for a class id, `[K, 2]` for keypoints,
  /// `[M, 5]` for boxes.
  public var targetShape: [Int] {
    switch targets {
    case .classes: return []
    case .tensor(let t), .boxes(let t): return Array(t.shape.dropFirst())
    }
  }

  /// The targets as one tensor `[N, …]`: class ids as a `[N]` tensor of whole numbers, or
  /// the float targets or boxes themselves.
  public var targetTensor: Tensor {
    switch targets {
    case .classes(let ids):
      return Tensor(ids.map(Float.init))
    case .tensor(let t), .boxes(let t):
      return t
    }
  }

  /// The targets of the samples at `indices`, in that order; the caller has checked the
  /// indices against the samples.
  func targets(at indices: [Int], field: String) throws -> Targets {
    switch targets {
    case .classes(let ids):
      return .classes(indices.map { ids[$0] })
    case .tensor(let t):
      return .tensor(try Dataset.gatherRows(t, indices, field: field))
    case .boxes(let b):
      return .boxes(try Dataset.gatherRows(b, indices, field: field))
    }
  }
}
