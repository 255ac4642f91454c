import LLALLanguage
import LLALNN

/// `classify()`, `regress()`, `heatmaps(size:, sigma:, pck:)`, `detect(Model)` and
/// `task(loss:, ...)`: what a
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
    registerDetect(in: registry)
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

  /// `detect(Model, ...)`: detection over the anchors of a model whose output is
  /// `anchors(...)` heads (`DetectTask`).
  private static func registerDetect(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "detect",
        [
          .init("model", .host("model", description: "a model built by a model block")),
          .init("match_iou", .number, default: .float(0.5)),
          .init("variances", ParamType.list, default: .list([.float(0.1), .float(0.2)])),
          .init("neg_ratio", .int, default: .int(3)), .init("min_neg", .int, default: .int(3)),
          .init("score_threshold", .number, default: .float(0.05)),
          .init("nms_iou", .number, default: .float(0.45)), .init("top_k", .int, default: .int(20)),
          .init("ap_iou", .number, default: .float(0.5)),
        ], returns: "task",
        doc: """
          Object detection (SSD): targets are boxes [M, 5] per image (class, x1, y1, x2, \
          y2 in pixels, padding rows of class -1); the model's output is its anchors(...) \
          heads, one row per anchor. Ground truth is matched to anchors (each one's best \
          anchor, and IoU >= match_iou) and encoded with variances; the per-image loss is \
          cross-entropy over positives and hard negatives (neg_ratio per positive, at \
          least min_neg) plus smooth L1 on the positives' offsets, over max(1, \
          positives); the metric is mAP at ap_iou (map, then ap_c0, …) of the detections \
          kept by score_threshold, per-class NMS at nms_iou and top_k.
          """
      ) { args in
        let graph = try args.host("model", as: ModelValue.self).graph
        let (anchors, classes) = try refusing(args, ["task detect": "model"]) {
          try Anchors.of(graph)
        }
        let v = try args.list("variances").compactMap(\.asDouble)
        guard v.count == 2 else {
          throw args.error("variances", "must be two numbers [centre, size], found \(args["variances"])")
        }
        let task = try refusing(
          args,
          [
            "detect(match_iou:": "match_iou", "detect(variances:": "variances",
            "detect(neg_ratio:": "neg_ratio", "detect(score_threshold:": "score_threshold",
            "detect(nms_iou:": "nms_iou", "detect(top_k:": "top_k", "detect(ap_iou:": "ap_iou",
          ]
        ) {
          try DetectTask(
            anchors: anchors, classes: classes, matchThreshold: try args.double("match_iou"),
            variances: (v[0], v[1]), negativeRatio: try args.int("neg_ratio"),
            minNegatives: try args.int("min_neg"),
            scoreThreshold: try args.double("score_threshold"),
            nmsThreshold: try args.double("nms_iou"), topK: try args.int("top_k"),
            apThreshold: try args.double("ap_iou"))
        }
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
