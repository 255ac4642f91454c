import LLALLanguage
import LLALTensor

/// The language's memory budget (`Limits.memoryBudget`, one value at a time) applied to
/// the dataset a generator is asked for, before anything is made: `blobs(count:
/// 1000000000)` is an error at `count` instead of an allocation that takes the machine's
/// memory. A sample costs its values (Float32) and its target (its values, or a class id
/// of 8 bytes).
enum DatasetBudget {
  /// Throws at argument `argument` when `count` samples of shape `sample` with `target`
  /// values each would not fit the budget of `args`' interpreter.
  static func check(
    _ args: Arguments, count argument: String = "count", sample: [Int], target: Int = 2
  ) throws {
    let count = try args.int(argument)
    // A negative size is the generator's to refuse, with its own message.
    let values = SizeLimit.count(sample.map { max($0, 0) }).map { $0 + max(target, 0) }
    let bytes = values.map { $0 * MemoryLayout<Float>.stride } ?? Int.max
    try args.interpreter.limits.checkElements(
      count, Limits.ElementKind(container: "a dataset", unit: "sample", bytes: bytes),
      description: "a dataset of \(counted(count, "sample")) \(shapeText(sample))",
      range: args.range(argument))
  }
}
