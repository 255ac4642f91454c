import LLALLanguage
import LLALNN
import LLALTensor

/// A task as a value (`classify()`, `regress()`, `heatmaps(size: 16, sigma: 1.0, pck: 3)`,
/// `task(loss: ...)`): what `experiment` and `session` train for with `task:`.
///
/// Members: `name`, `metric` (the headline metric's name), `higher_is_better`, and for
/// `detect` the method `detections(outputs)`.
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

  var memberNames: [String] { ["name", "metric", "higher_is_better", "detections"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "name": return .string(task.name)
    case "metric": return .string(task.metricName)
    case "higher_is_better": return .bool(task.higherIsBetter)
    case "detections":
      return .function(FunctionValue(.method(Self.detectionsMethod, receiver: .host(self))))
    default: return nil
    }
  }

  /// `t.detections(p.outputs)`: a detector's outputs decoded as the task's metric sees
  /// them.
  static let detectionsMethod = Builtin(
    "detections", [.init("outputs", .tensor)], returns: "tensor", receiver: "task",
    doc: """
      A detect task's decoding of a detector's outputs [N, anchors, classes + 5] (as \
      s.predict(data).outputs gives them): [N, top_k, 6] rows (class, score, x1, y1, x2, \
      y2), best first, after the score threshold and per-class NMS, padded with class -1 \
      rows; what show(images, predictions:) draws.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let value = h as? TaskValue else {
      throw RuntimeError("detections needs a task")
    }
    guard let task = value.task as? DetectTask else {
      throw RuntimeError(
        "detections needs a detect task; \(value.written) gives \(value.task.gives)")
    }
    let decoder = task.decoder
    do {
      return .tensor(try decoder.tensor(try decoder.detections(try args.tensor("outputs"))))
    } catch let e as TaskError {
      throw args.error("outputs", e.reason)
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
