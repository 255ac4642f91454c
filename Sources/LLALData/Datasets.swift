import LLALTensor

/// Where datasets come from: file loaders (CSV, IDX, CIFAR-10 binary, NPY), seeded
/// synthetic generators, and the bundled handwritten digits.
///
/// Every function returns a `Dataset` (or a `(train, test)` pair) and throws a
/// `DataError` that names the file and the position of any problem.
public enum Datasets {
  /// The element count of a tensor of `shape` whose sizes come from a file header or an
  /// argument, checked before anything is allocated: overflow-safe, against the engine's
  /// limit (`Tensor.maxElementCount`, 2³⁰). One sample (the shape without axis 0) must
  /// fit on its own as well, so that a file of zero samples cannot declare samples of
  /// 2⁶⁴ values. Every loader and generator sizes its tensors through this check; `error`
  /// turns the reason into the error to throw.
  static func checkedElementCount(
    _ shape: [Int], _ what: String, error makeError: (String) -> DataError
  ) throws -> Int {
    do {
      _ = try Tensor.checkedCount(Array(shape.dropFirst()), op: what)
      return try Tensor.checkedCount(shape, op: what)
    } catch {
      throw makeError(
        "\(what) of shape \(describeShape(shape)) would exceed the limit of "
          + "\(Tensor.maxElementCount) elements")
    }
  }

  /// A zero-filled tensor for a loader, its size checked by `checkedElementCount`; a
  /// size beyond the limit is a `.malformed` error about `path`.
  static func allocate(_ shape: [Int], path: String?, location: String? = nil) throws
    -> Tensor
  {
    _ = try checkedElementCount(shape, "the data") {
      DataError(.malformed, path: path, location: location, "too large to load: \($0)")
    }
    return try Tensor.zeros(shape)
  }

  /// Checks that `value` is a finite number `>= 0` for the generator `function`.
  static func checkNonNegative(_ value: Float, _ name: String, _ function: String) throws {
    guard value.isFinite, value >= 0 else {
      throw DataError.argument(function, "\(name) must be finite and >= 0, got \(value)")
    }
  }

  /// Checks, before a generator allocates, that `what` of `shape` stays within the
  /// element limit (`checkedElementCount`); otherwise an argument error of `function`.
  static func checkSize(_ shape: [Int], _ what: String, _ function: String) throws {
    _ = try checkedElementCount(shape, what) { DataError.argument(function, $0) }
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
