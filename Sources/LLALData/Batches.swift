import LLALTensor

/// One mini-batch: the samples, their targets and where they came from.
public struct Batch {
  /// The samples, `[B, ...]`, a fresh tensor (not a view of the dataset).
  public let x: Tensor
  /// The targets of the samples: class ids, or the rows `[B, …]` of a float target
  /// tensor (a fresh tensor).
  public let targets: Dataset.Targets
  /// The dataset indices of the samples, in batch order.
  public let indices: [Int]

  /// The class ids of the samples; empty when the targets are a tensor.
  public var y: [Int] {
    if case .classes(let ids) = targets { return ids }
    return []
  }
}

/// The mini-batches of a dataset in a fixed order: a `Sequence` of `Batch`.
///
/// Every sample appears exactly once per pass; the last batch keeps the remainder and
/// may be smaller than `size`. With shuffling, the order is a permutation drawn once
/// from the seed, so iterating the same `Batches` twice gives the same batches.
public struct Batches: Sequence {
  /// The dataset batched.
  public let dataset: Dataset
  /// The batch size (the last batch may be smaller).
  public let size: Int
  /// The order in which samples are visited.
  public let order: [Int]

  /// The number of batches, the last one possibly partial.
  public var count: Int { (order.count + size - 1) / size }

  /// An upper bound on the number of batches; here exact.
  public var underestimatedCount: Int { count }

  /// Iterates the batches in order.
  public func makeIterator() -> Iterator { Iterator(batches: self, position: 0) }

  /// Yields one `Batch` after another.
  public struct Iterator: IteratorProtocol {
    let batches: Batches
    var position: Int

    /// The next batch, or nil after the last.
    public mutating func next() -> Batch? {
      let order = batches.order
      guard position < order.count else { return nil }
      let end = Swift.min(position + batches.size, order.count)
      let indices = Array(order[position..<end])
      position = end
      // Safe: the indices come from a permutation of the dataset's own rows, so they are
      // in range and the batch is no larger than the dataset.
      return try! batches.dataset.batch(indices: indices)
    }
  }
}

extension Dataset {
  /// The dataset in mini-batches of `size`, optionally in a seeded random order.
  ///
  /// The last batch keeps the remainder. `shuffle: false` visits samples in index order.
  public func batches(size: Int, shuffle: Bool = false, seed: UInt64 = 0) throws -> Batches {
    guard size > 0 else { throw DataError.argument("batches", "size must be > 0, got \(size)") }
    var order = Array(0..<count)
    if shuffle {
      var generator = RandomGenerator(seed: seed)
      order = generator.permutation(count)
    }
    return Batches(dataset: self, size: size, order: order)
  }

  /// The samples at `indices` gathered into one batch (one `memcpy` per contiguous run).
  public func batch(indices: [Int]) throws -> Batch {
    let rows = try Dataset.gatherRows(x, indices, field: "Dataset.batch.indices")
    return Batch(
      x: rows, targets: try targets(at: indices, field: "Dataset.batch.indices"),
      indices: indices)
  }
}
