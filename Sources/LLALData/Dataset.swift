import LLALTensor

/// A labelled dataset held in memory: samples `x` with one target each, either a class id
/// or a float tensor (values, keypoints).
///
/// `x` is `[N, D]` for feature vectors or `[N, C, H, W]` for images (any rank >= 2 is
/// accepted; axis 0 always indexes samples). Class ids are in `0..<classCount`; float
/// targets are one tensor `[N, …]` (`Dataset(x:targets:)`). A `Dataset` is a value; the
/// tensors inside it are shared, never mutated by this module.
///
/// ```swift
/// let digits = try Datasets.digits()
/// let (train, test) = try digits.split(test: 0.2, seed: 0)
/// let stats = try Normalization.fit(train.x)
/// for batch in try train.normalized(with: stats).batches(size: 64, shuffle: true, seed: 1) {
///   // batch.x: [64, 1, 8, 8], batch.y: [Int]
/// }
/// ```
public struct Dataset: CustomStringConvertible {
  /// What the samples are labelled with.
  public enum Targets {
    /// One class id per sample, in `0..<classCount`.
    case classes([Int])
    /// Float targets `[N, …]`, one row per sample (a value, a vector, keypoints `[K, 2]`).
    case tensor(Tensor)
    /// Object boxes `[N, M, 5]`: per image `M` rows (class, x1, y1, x2, y2) in pixels,
    /// real rows first, then padding rows (−1, 0, 0, 0, 0) (`Dataset(x:boxes:)`).
    case boxes(Tensor)
  }

  /// The samples, `[N, ...]`.
  public let x: Tensor
  /// The targets: class ids or a float tensor.
  public let targets: Targets
  /// The number of classes; every label (or box class) is in `0..<classCount`. 0 for
  /// float targets.
  public let classCount: Int
  /// Names of the classes, indexed by class id, when the source had them.
  public let classNames: [String]?

  /// The class id of each sample, `N` of them; empty when the targets are a tensor.
  public var y: [Int] {
    if case .classes(let ids) = targets { return ids }
    return []
  }

  /// The most classes a dataset may have. Class counts, stratified splits and a model's
  /// output layer are sized by the class count, so a stray label such as 10⁹ is refused
  /// here instead of being allocated for.
  public static let maxClassCount = 1_000_000

  /// A dataset of samples `x` (`[N, ...]`, rank >= 2) and labels `y` (`N` class ids).
  ///
  /// `classCount` defaults to the largest label plus one. Throws when the counts
  /// disagree, a label is out of range, there would be more than `maxClassCount`
  /// classes, or `classNames` has the wrong length.
  public init(x: Tensor, y: [Int], classCount: Int? = nil, classNames: [String]? = nil)
    throws
  {
    try self.init(x: x, y: y, classCount: classCount, classNames: classNames, source: nil)
  }

  /// Where a loader's labels came from, so that label errors name the file and the
  /// label's place in it.
  struct LabelSource {
    /// The labels file.
    let path: String
    /// The location of label `i`: `line 3, column 5`, `label 7 (byte offset 15)`.
    let location: (Int) -> String
  }

  /// The checked initializer; label errors are `.malformed` errors about `source` when
  /// it is given, else argument errors of `dataset`.
  init(x: Tensor, y: [Int], classCount: Int?, classNames: [String]?, source: LabelSource?)
    throws
  {
    guard x.rank >= 2 else {
      throw FieldError(
        "Dataset.x",
        "must have rank 2 or more ([N, D] or [N, C, H, W]), found \(describeShape(x.shape))")
    }
    guard x.shape[0] == y.count else {
      throw FieldError(
        "Dataset.y",
        "must hold one label per sample: \(y.count) labels for \(x.shape[0]) samples "
          + "(x is \(describeShape(x.shape)))")
    }
    if let i = y.firstIndex(where: { $0 < 0 }) {
      throw FieldError(
        "Dataset.y", "holds \(y[i]) (sample \(i)); class ids must not be negative")
    }
    // A label error names the field, for the language to place at the argument, or the
    // loader's file and the label's place in it.
    func labelError(_ i: Int, _ problem: String) -> Error {
      guard let source else { return FieldError("Dataset.y", "holds \(y[i]) (sample \(i)), \(problem)") }
      return DataError(
        .malformed, path: source.path, location: source.location(i),
        "label \(y[i]) is \(problem)")
    }
    let classes: Int
    if let declared = classCount ?? classNames?.count {
      try Dataset.checkClassCount(declared) {
        FieldError(
          "Dataset.classCount", "is \(declared), more than the limit of \(Dataset.maxClassCount)")
      }
      guard declared >= 0 else {
        throw FieldError("Dataset.classCount", "must not be negative, found \(declared)")
      }
      classes = declared
    } else if let top = y.indices.max(by: { y[$0] < y[$1] }) {
      // Checked before anything is sized by it: the label may be a stray 10⁹.
      try Dataset.checkClassCount(y[top] == Int.max ? y[top] : y[top] + 1) {
        labelError(
          top,
          "too large: a dataset has at most \(Dataset.maxClassCount) classes "
            + "(labels 0..<\(Dataset.maxClassCount))")
      }
      classes = max(y[top] + 1, 0)
    } else {
      classes = 0
    }
    if let i = y.firstIndex(where: { $0 >= classes }) {
      throw labelError(i, "outside the classes 0..<\(classes)")
    }
    if let names = classNames, names.count != classes {
      throw FieldError(
        "Dataset.classNames", "must name every class: \(names.count) names for \(classes) classes")
    }
    self.x = x
    self.targets = .classes(y)
    self.classCount = classes
    self.classNames = classNames
  }

  /// Throws `error()` when `count` classes exceed `limit` (`maxClassCount`; tests pass a
  /// small one): the one check of the class-count limit, used wherever labels or
  /// arguments become classes.
  static func checkClassCount(
    _ count: Int, limit: Int = maxClassCount, error: () -> Error
  ) throws {
    guard count <= limit else { throw error() }
  }

  /// A dataset whose invariants the caller has already established.
  init(checkedX x: Tensor, targets: Targets, classCount: Int, classNames: [String]?) {
    self.x = x
    self.targets = targets
    self.classCount = classCount
    self.classNames = classNames
  }

  /// A class-id dataset whose invariants the caller has already established.
  init(checkedX x: Tensor, y: [Int], classCount: Int, classNames: [String]?) {
    self.init(checkedX: x, targets: .classes(y), classCount: classCount, classNames: classNames)
  }

  /// The number of samples.
  public var count: Int { x.shape[0] }

  /// The shape of one sample: `[D]` or `[C, H, W]`.
  public var sampleShape: [Int] { Array(x.shape.dropFirst()) }

  /// How many samples each class has, indexed by class id; for boxes, how many objects.
  public var classCounts: [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    if case .boxes(let b) = targets {
      for row in stride(from: 0, to: b.count, by: 5) {
        let c = Int(b.storage.base[row])
        if c >= 0 { counts[c] += 1 }
      }
    }
    for label in y { counts[label] += 1 }
    return counts
  }

  /// `Dataset(N samples, x [N, ...], K classes)`, or `…, targets [K, 2])` per sample for
  /// float targets.
  public var description: String {
    let labels: String
    switch targets {
    case .classes: labels = describeCount(classCount, "class", plural: "classes")
    case .tensor: labels = "targets \(describeShape(targetShape))"
    case .boxes:
      labels =
        "boxes \(describeShape(targetShape)), "
        + describeCount(classCount, "class", plural: "classes")
    }
    return "Dataset(\(describeCount(count, "sample")), x \(describeShape(x.shape)), \(labels))"
  }

  /// The samples at `indices`, in that order (repeats allowed), as a new dataset; an
  /// index outside the samples is an error about `Dataset.subset.indices`.
  public func subset(_ indices: [Int]) throws -> Dataset {
    let rows = try Dataset.gatherRows(x, indices, field: "Dataset.subset.indices")
    return Dataset(
      checkedX: rows, targets: try targets(at: indices, field: "Dataset.subset.indices"),
      classCount: classCount, classNames: classNames)
  }

  /// The same targets with new samples `x` (same number of samples), e.g. normalised ones.
  public func replacingSamples(_ newX: Tensor) throws -> Dataset {
    switch targets {
    case .classes(let ids):
      return try Dataset(x: newX, y: ids, classCount: classCount, classNames: classNames)
    case .tensor(let t):
      return try Dataset(x: newX, targets: t)
    case .boxes(let b):
      return try Dataset(x: newX, boxes: b, classCount: classCount, classNames: classNames)
    }
  }

  /// Copies the rows of `x` at `indices` into a fresh tensor `[indices.count, ...]`; an
  /// index outside the rows is an error about `field`.
  ///
  /// Rows are contiguous, so each is one `memcpy`; runs of consecutive indices are
  /// copied with a single `memcpy`.
  static func gatherRows(_ x: Tensor, _ indices: [Int], field: String) throws -> Tensor {
    let n = x.shape[0]
    if let bad = indices.first(where: { $0 < 0 || $0 >= n }) {
      throw FieldError(field, "holds \(bad), outside the samples 0..<\(n)")
    }
    let rowShape = Array(x.shape.dropFirst())
    let row = rowShape.reduce(1, *)
    // The result holds at most as many rows as indices; its size is checked here.
    let out = try Tensor.zeros([indices.count] + rowShape)
    guard row > 0 else { return out }
    let src = x.storage.base
    let dst = out.storage.base
    var k = 0
    while k < indices.count {
      // Extend the run while the source indices are consecutive.
      var end = k + 1
      while end < indices.count, indices[end] == indices[end - 1] + 1 { end += 1 }
      (dst + k * row).update(from: src + indices[k] * row, count: (end - k) * row)
      k = end
    }
    return out
  }
}
