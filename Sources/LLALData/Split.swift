import LLALTensor

extension Dataset {
  /// Splits the dataset into a training and a test part, reproducibly from `seed`.
  ///
  /// The test part has `round(count * test)` samples. Stratified, each class contributes
  /// in proportion to its size: class `c` gives `floor(n_c * test)` test samples, and the
  /// few left over by rounding go to the classes with the largest remainders (ties to the
  /// smaller class id). Which samples of a class go to the test part is a seeded random
  /// draw. Both parts keep the original sample order.
  ///
  /// - Parameters:
  ///   - test: the fraction of samples in the test part, strictly between 0 and 1 (else
  ///     an error about `Dataset.split.test`).
  ///   - stratify: `nil` (the default) stratifies class ids and draws float targets
  ///     plainly; `true` asks for stratification and is refused for float targets, which
  ///     have no classes to keep in proportion.
  public func split(test fraction: Double, seed: UInt64, stratify: Bool? = nil) throws
    -> (train: Dataset, test: Dataset)
  {
    guard fraction > 0, fraction < 1 else {
      throw FieldError(
        "Dataset.split.test",
        "must be a fraction strictly between 0 and 1, found \(describeNumber(fraction))")
    }
    if stratify == true, !hasClassIDs {
      throw DataError.argument(
        "split",
        "stratify needs class ids; this dataset has targets \(describeShape(targetShape)) per "
          + "sample (use stratify: false)")
    }
    var generator = RandomGenerator(seed: seed)
    var isTest = [Bool](repeating: false, count: count)
    let total = Int((Double(count) * fraction).rounded())
    if stratify ?? hasClassIDs {
      var members = [[Int]](repeating: [], count: classCount)
      for (i, label) in y.enumerated() { members[label].append(i) }
      let quotas = Dataset.stratifiedQuotas(
        sizes: members.map(\.count), total: total, fraction: fraction)
      for (c, indices) in members.enumerated() where quotas[c] > 0 {
        let order = generator.permutation(indices.count)
        for k in order.prefix(quotas[c]) { isTest[indices[k]] = true }
      }
    } else {
      for i in generator.permutation(count).prefix(total) { isTest[i] = true }
    }
    let testIndices = (0..<count).filter { isTest[$0] }
    let trainIndices = (0..<count).filter { !isTest[$0] }
    return (try subset(trainIndices), try subset(testIndices))
  }

  /// Test samples per class: floors of `size * fraction`, then the remainder of `total`
  /// handed out by largest fractional part (largest-remainder apportionment).
  static func stratifiedQuotas(sizes: [Int], total: Int, fraction: Double) -> [Int] {
    var quotas = sizes.map { Int((Double($0) * fraction).rounded(.down)) }
    var left = total - quotas.reduce(0, +)
    let byRemainder = sizes.indices.sorted { a, b in
      let ra = Double(sizes[a]) * fraction - Double(quotas[a])
      let rb = Double(sizes[b]) * fraction - Double(quotas[b])
      return ra != rb ? ra > rb : a < b
    }
    for c in byRemainder where left > 0 && quotas[c] < sizes[c] {
      quotas[c] += 1
      left -= 1
    }
    return quotas
  }
}
