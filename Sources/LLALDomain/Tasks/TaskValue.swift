import LLALLanguage
import LLALNN

/// A task as a value (`classify()`, `regress()`, `heatmaps(size: 16, sigma: 1.0, pck: 3)`,
/// `task(loss: ...)`): what `experiment` and `session` train for with `task:`.
///
/// Members: `name`, `metric` (the headline metric's name), `higher_is_better`.
final class TaskValue: HostObject {
  /// The library's task.
  let task: any ModelTask
  /// The call that made it, as written.
  let written: String

  /// A task value made by a call written `written`.
  init(_ task: any ModelTask, written: String) {
    self.task = task
    self.written = written
  }

  var typeName: String { "task" }

  var spelling: String? { written }

  /// `heatmaps(size: 16, sigma: 1.0, pck: 3.0): metric pck (higher is better)`.
  var description: String {
    "\(task.description): metric \(task.metricName) "
      + "(\(task.higherIsBetter ? "higher" : "lower") is better)"
  }

  var memberNames: [String] { ["name", "metric", "higher_is_better"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "name": return .string(task.name)
    case "metric": return .string(task.metricName)
    case "higher_is_better": return .bool(task.higherIsBetter)
    default: return nil
    }
  }
}

extension Arguments {
  /// The task in argument `name`: classification when it is none.
  func task(_ name: String) throws -> any ModelTask {
    if isNone(name) { return ClassificationTask() }
    return try host(name, as: TaskValue.self).task
  }
}
