import LLALLanguage
import LLALNN
import LLALTensor

/// A task whose per-sample loss (and metric) are functions written in the language:
/// `task(loss: fn (output, target) => ..., metric: fn (output, target) => ..., name:)`.
///
/// The loss receives a batch's outputs `[B, …]` and its targets `[B, …]` (the dataset's
/// rows as they are) and returns one loss per sample `[B]`; the interpreter's tensor
/// operations record gradients, so training differentiates through it. A result of
/// another shape, or a value that is not finite, is a diagnostic located at the
/// function's body. The metric receives a whole evaluation set and returns one number;
/// without one, the metric is the mean loss (lower is better).
///
/// NOTE: `@unchecked Sendable`: it calls back into the interpreter, which runs training on
/// its own thread, one call at a time.
struct ClosureTask: ModelTask, @unchecked Sendable {
  let name: String
  let loss: Value
  let metric: Value?
  let metricName: String
  let higherIsBetter: Bool
  let interpreter: Interpreter
  /// Where the functions are written (their calls' range in the `task(...)` call).
  let lossSite: SourceRange
  let metricSite: SourceRange?

  var gives: String { "outputs" }
  var hasClassProbabilities: Bool { false }
  var description: String { "task(name: \"\(name)\")" }

  /// Any shapes: the loss function decides, and says so when called.
  func check(input: [Int], output: [Int], target: [Int]) throws {}

  /// The targets as they are.
  func lossTargets(_ targets: Tensor, input: [Int]) throws -> Tensor { targets }

  /// The loss function's value, checked to be `[B]` and finite.
  func perSampleLoss(output: Tensor, lossTargets: Tensor) throws -> Tensor {
    let b = output.shape.first ?? 0
    let value = try interpreter.call(loss, [.tensor(output), .tensor(lossTargets)], at: lossSite)
    guard case .tensor(let l) = value else {
      throw located(loss, "the loss must return a tensor of per-sample losses [\(b)], "
        + "returned \(value.typeName)")
    }
    guard l.shape == [b] else {
      throw located(loss, "the loss must return one loss per sample, shape [\(b)], returned "
        + describeShape(l.shape))
    }
    if let i = try withoutGrad({ l.scalars.firstIndex { !$0.isFinite } }) {
      throw located(loss, "the loss returned \(l.scalars[i]) for sample \(i) of the batch; "
        + "it must be finite")
    }
    return l
  }

  /// The metric function's value over the whole set, or the mean loss without one.
  func metrics(output: Tensor, targets: Tensor, input: [Int]) throws -> [TaskMetric] {
    guard let metric else {
      let l = try withoutGrad { try perSampleLoss(output: output, lossTargets: targets) }
      let values = l.scalars
      return [TaskMetric(metricName, values.isEmpty ? .nan
        : values.reduce(0.0) { $0 + Double($1) } / Double(values.count))]
    }
    let value = try withoutGrad {
      try interpreter.call(metric, [.tensor(output), .tensor(targets)], at: metricSite)
    }
    let number: Double?
    switch value {
    case .tensor(let t) where t.count == 1: number = Double(t.scalars[0])
    default: number = value.asDouble
    }
    guard let number else {
      throw located(metric, "the metric must return one number, returned \(value.typeName)")
    }
    return [TaskMetric(metricName, number)]
  }

  /// An error located at `function`'s body (at its return expression when it is one).
  private func located(_ function: Value, _ message: String) -> RuntimeError {
    guard case .function(let f) = function, case .closure(let decl, _) = f.kind else {
      return RuntimeError(message)
    }
    switch decl.body {
    case .expression(let e): return RuntimeError(message, range: e.range, file: decl.file)
    case .block: return RuntimeError(message, range: decl.range, file: decl.file)
    }
  }
}
