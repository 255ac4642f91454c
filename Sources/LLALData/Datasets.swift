import LLALTensor

/// Where datasets come from: file loaders (CSV, IDX, CIFAR-10 binary, NPY), seeded
/// synthetic generators, and the bundled handwritten digits.
///
/// Every function returns a `Dataset` (or a `(train, test)` pair) and throws a
/// `DataError` that names the file and the position of any problem.
public enum Datasets {
  /// A zero-filled tensor for a loader, turning a size beyond the engine's limit into a
  /// `DataError` about `path`.
  static func allocate(_ shape: [Int], path: String?) throws -> Tensor {
    do {
      return try Tensor.zeros(shape)
    } catch let error as TensorError {
      throw DataError(.malformed, path: path, "too large to load: \(error.reason)")
    }
  }

  /// Checks that `value` is a finite number `>= 0` for the generator `function`.
  static func checkNonNegative(_ value: Float, _ name: String, _ function: String) throws {
    guard value.isFinite, value >= 0 else {
      throw DataError.argument(function, "\(name) must be finite and >= 0, got \(value)")
    }
  }

  /// Checks that an integer argument lies in `range`.
  static func checkRange(
    _ value: Int, _ range: ClosedRange<Int>, _ name: String, _ function: String
  ) throws {
    guard range.contains(value) else {
      let upper = range.upperBound == Int.max ? "" : " and <= \(range.upperBound)"
      throw DataError.argument(
        function, "\(name) must be >= \(range.lowerBound)\(upper), got \(value)")
    }
  }

  /// `count` split as evenly as possible over `classes` (the first ones get one more).
  static func balancedCounts(_ count: Int, _ classes: Int) -> [Int] {
    (0..<classes).map { count / classes + ($0 < count % classes ? 1 : 0) }
  }
}
