import LLALTensor

/// Per-channel (images) or per-feature (vectors) standardisation: `(x - mean) / std`.
///
/// Statistics are taken along axis 1 over every other axis: for `[N, C, H, W]` one mean
/// and standard deviation per channel, for `[N, D]` one per feature. Fit them on the
/// training data and apply the same value to the test data:
///
/// ```swift
/// let stats = try Normalization.fit(train.x)
/// let trainN = try train.normalized(with: stats)
/// let testN = try test.normalized(with: stats)   // training statistics, not test's
/// ```
public struct Normalization: Equatable, Sendable {
  /// The mean of each channel or feature.
  public let mean: [Float]
  /// The standard deviation of each channel or feature (population, i.e. biased); a
  /// constant channel gets 1 so that it maps to 0 instead of dividing by zero.
  public let std: [Float]

  /// Given statistics, e.g. the usual published ones for CIFAR-10. Throws a `FieldError`
  /// about `Normalization.mean` when it is empty, about `Normalization.std` when its length
  /// differs from mean's or a value is not positive and finite.
  public init(mean: [Float], std: [Float]) throws {
    guard !mean.isEmpty else {
      throw FieldError("Normalization.mean", "must hold at least one value")
    }
    guard mean.count == std.count else {
      throw FieldError(
        "Normalization.std", "has \(std.count) value\(std.count == 1 ? "" : "s") where mean has \(mean.count)")
    }
    if let s = std.first(where: { !($0 > 0) || !$0.isFinite }) {
      throw FieldError(
        "Normalization.std", "must be positive and finite, found \(describeNumber(s))")
    }
    self.mean = mean
    self.std = std
  }

  /// The mean and standard deviation of `x` (`[N, C, ...]`) per index of axis 1.
  ///
  /// Sums are accumulated in Double, so large datasets lose no precision.
  public static func fit(_ x: Tensor) throws -> Normalization {
    guard x.rank >= 2, x.shape[0] > 0 else {
      throw DataError.argument(
        "normalization", "needs [N, D] or [N, C, H, W] with N > 0, got \(describeShape(x.shape))")
    }
    let (n, channels, inner) = (x.shape[0], x.shape[1], x.shape.dropFirst(2).reduce(1, *))
    guard channels > 0, inner > 0 else {
      throw DataError.argument(
        "normalization", "cannot fit statistics of an empty sample shape \(describeShape(x.shape))")
    }
    var sums = [Double](repeating: 0, count: channels)
    var squares = [Double](repeating: 0, count: channels)
    let p = x.storage.base
    for i in 0..<n {
      for c in 0..<channels {
        let block = p + (i * channels + c) * inner
        var s = 0.0
        var q = 0.0
        for k in 0..<inner {
          let v = Double(block[k])
          s += v
          q += v * v
        }
        sums[c] += s
        squares[c] += q
      }
    }
    let m = Double(n * inner)
    var mean = [Float](repeating: 0, count: channels)
    var std = [Float](repeating: 1, count: channels)
    for c in 0..<channels {
      let mu = sums[c] / m
      let variance = max(0, squares[c] / m - mu * mu)
      mean[c] = Float(mu)
      let sigma = Float(variance.squareRoot())
      // NOTE: a (numerically) constant channel keeps std 1, as scikit-learn's scaler does.
      if sigma > 1e-7 * max(1, abs(Float(mu))) { std[c] = sigma }
    }
    if let c = mean.indices.first(where: { !mean[$0].isFinite || !std[$0].isFinite }) {
      throw DataError.argument("normalization", "channel \(c) has non-finite values")
    }
    return Normalization(checkedMean: mean, std: std)
  }

  private init(checkedMean mean: [Float], std: [Float]) {
    self.mean = mean
    self.std = std
  }

  /// `(x - mean[c]) / std[c]` for every element of channel (or feature) `c`, in a new
  /// tensor of the same shape. Not recorded for autodiff.
  public func apply(to x: Tensor) throws -> Tensor {
    guard x.rank >= 2 else {
      throw DataError.argument(
        "normalization", "needs samples [N, C, ...], got \(describeShape(x.shape))")
    }
    // The statistics as a whole do not fit: the caller knows which list was given.
    guard x.shape[1] == mean.count else {
      throw FieldError(
        "Normalization", "has \(mean.count) values for \(x.shape[1]) channels")
    }
    let (n, channels, inner) = (x.shape[0], x.shape[1], x.shape.dropFirst(2).reduce(1, *))
    let out = try Tensor.zeros(x.shape)
    let src = x.storage.base
    let dst = out.storage.base
    let scale = std.map { 1 / $0 }
    for i in 0..<n {
      for c in 0..<channels {
        let offset = (i * channels + c) * inner
        let (mu, s) = (mean[c], scale[c])
        for k in offset..<(offset + inner) { dst[k] = (src[k] - mu) * s }
      }
    }
    return out
  }
}

extension Dataset {
  /// The statistics of this dataset's samples (see `Normalization.fit`).
  public func fitNormalization() throws -> Normalization { try Normalization.fit(x) }

  /// The same dataset with its samples standardised by `statistics`.
  public func normalized(with statistics: Normalization) throws -> Dataset {
    var normalized = Dataset(
      checkedX: try statistics.apply(to: x), targets: targets, classCount: classCount,
      classNames: classNames)
    normalized.origin = origin?.normalized(with: statistics)
    return normalized
  }
}
