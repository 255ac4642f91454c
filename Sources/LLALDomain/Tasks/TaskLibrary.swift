import LLALLanguage
import LLALNN

/// `classify()`, `regress()`, `heatmaps(size:, sigma:, pck:)` and `task(loss:, ...)`: what a
/// model learns, passed as `task:` to `experiment` and `session`.
enum TaskLibrary: BuiltinLibrary {
  /// The `task:` parameter of `experiment` and `session`; none is `classify()`.
  static let parameter = Builtin.Parameter(
    "task", ParamType.host("task", description: "a task (classify(), regress(), ...)").orNone,
    default: Value.none)

  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "classify", [], returns: "task",
        doc: """
          Classification (the default task): the model outputs [classes], the targets are \
          class ids, the per-sample loss is the cross-entropy, the metric accuracy.
          """
      ) { args in .host(TaskValue(ClassificationTask(), written: args.spelling)) })
    registry.register(
      Builtin(
        "regress", [], returns: "task",
        doc: """
          Regression: the model outputs the targets' shape ([1] for one value per sample), \
          the per-sample loss is the mean squared error, the metrics rmse (lower is \
          better) and r2.
          """
      ) { args in .host(TaskValue(RegressionTask(), written: args.spelling)) })
    registry.register(
      Builtin(
        "heatmaps",
        [
          .init("size", .int), .init("sigma", .number, default: .float(1)),
          .init("pck", .number),
        ], returns: "task",
        doc: """
          Keypoints as heatmaps (pose estimation): targets are keypoints [K, 2] in input \
          pixels, rendered as K Gaussian maps [size, size] (sigma in map cells); the model \
          outputs [K, size, size], the per-sample loss is the MSE over the maps, the \
          metric PCK: a keypoint counts when its map's largest cell lies within pck input \
          pixels (pck, then pck_j0, pck_j1, … per joint).
          """
      ) { args in
        let size = try args.int("size"), sigma = try args.float("sigma")
        let pck = try args.double("pck")
        let task = try refusing(args, ["heatmaps(size:": "size", "heatmaps(sigma:": "sigma",
          "heatmaps(pck:": "pck"]) { try HeatmapTask(size: size, sigma: sigma, pck: pck) }
        return .host(TaskValue(task, written: args.spelling))
      })
    registry.register(
      Builtin(
        "task",
        [
          .init("loss", .function),
          .init("metric", ParamType.function.orNone, default: Value.none),
          .init("name", .string, default: .string("custom")),
          .init("higher_is_better", .bool, default: .bool(true)),
        ], returns: "task",
        doc: """
          A task written in the language: loss(output, target) gets a batch's outputs \
          [B, …] and targets [B, …] and returns one loss per sample [B]; training \
          differentiates through it. metric(output, target) gets the whole test set and \
          returns one number, named after the task (higher_is_better says which way is \
          better); without it the metric is the mean loss (lower is better).
          """
      ) { args in
        let name = try args.string("name")
        let metric: Value? = args.isNone("metric") ? nil : args["metric"]
        let task = ClosureTask(
          name: name, loss: args["loss"], metric: metric,
          metricName: metric == nil ? "loss" : name,
          higherIsBetter: metric == nil ? false : try args.bool("higher_is_better"),
          interpreter: args.interpreter, lossSite: args.range("loss"),
          metricSite: metric == nil ? nil : args.range("metric"))
        return .host(TaskValue(task, written: args.spelling))
      })
  }

  /// Runs `build`, turning a task's refusal that starts with one of `prefixes` into an
  /// error about that prefix's argument.
  private static func refusing<T>(
    _ args: Arguments, _ prefixes: [String: String], _ build: () throws -> T
  ) throws -> T {
    do {
      return try build()
    } catch let e as TaskError {
      let argument = prefixes.first { e.reason.hasPrefix($0.key) }?.value
      throw argument.map { args.error($0, e.reason) } ?? RuntimeError(e.reason)
    }
  }
}
