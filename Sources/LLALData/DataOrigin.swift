/// Where a dataset's samples came from when they are rows of files that a PyTorch export
/// can read itself (CIFAR-10's binary batches, MNIST's IDX files), with the
/// standardisations applied since, in order. A subset keeps it (its rows of the files),
/// `normalized(with:)` extends it, and anything else that makes new samples drops it.
public struct DataOrigin: Equatable, Sendable {
  /// A file set and which part of it.
  public enum Source: Equatable, Sendable {
    /// `Datasets.cifar10(directory:)`: the training batches or the test batch.
    case cifar10(directory: String, part: Part)
    /// `Datasets.mnist(directory:)`: the training or the test files.
    case mnist(directory: String, part: Part)
  }

  /// The training or the test part of a file set.
  public enum Part: String, Sendable {
    /// The training files.
    case train
    /// The test files.
    case test
  }

  /// The files.
  public let source: Source
  /// Each sample's row in the part, as the loader reads it.
  public let rows: [Int]
  /// The standardisations applied to the loaded pixels, first first.
  public let normalizations: [Normalization]

  /// The whole part as loaded: rows `0..<count`, nothing applied.
  init(_ source: Source, count: Int) {
    self.init(source: source, rows: Array(0..<count), normalizations: [])
  }

  private init(source: Source, rows: [Int], normalizations: [Normalization]) {
    self.source = source
    self.rows = rows
    self.normalizations = normalizations
  }

  /// The origin of the samples at `indices` (checked by the caller).
  func subset(_ indices: [Int]) -> DataOrigin {
    DataOrigin(source: source, rows: indices.map { rows[$0] }, normalizations: normalizations)
  }

  /// The origin after standardising with `statistics`.
  func normalized(with statistics: Normalization) -> DataOrigin {
    DataOrigin(source: source, rows: rows, normalizations: normalizations + [statistics])
  }
}
