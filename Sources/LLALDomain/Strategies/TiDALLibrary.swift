import LLALActive
import LLALLanguage
import LLALNN
import LLALTensor

/// `tidal(taps:, width:, score:, weight:)`: TiDAL's training-dynamics head over nodes of a
/// classifier, trained with it, and the strategy that scores its predictions.
enum TiDALLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "tidal",
        [
          .init("taps", .list),
          .init(
            "width",
            ParamType(
              [.int, .list], description: "an int or a list of ints, one per tap",
              shortName: "int|[int]"),
            default: .int(128)),
          .init("score", .choice(TiDALScore.self), default: .string("entropy")),
          .init("weight", .number, default: .float(1)),
        ], returns: "strategy",
        doc: """
          TiDAL (Kye et al., 2023): a head on the taps (per tap global average pooling, \
          linear(width), ReLU; concatenated; linear to the model's C classes) learns, \
          jointly with the model and by KL(p̄ ‖ softmax(head)) weighted by weight, each \
          labeled sample's training dynamics p̄, the running mean of its softmax over the \
          epochs; the query takes the candidates whose predicted p̄ has the highest \
          entropy, or with score "margin" the smallest top-2 margin. Classification only. \
          tidal(taps: [Net.c1, Net.c2], width: 128).
          """
      ) { args in
        let taps = try LossModuleLibrary.tapNodes(args)
        let graph = taps.first?.build.graph
        let outputs = graph?.outputShape ?? []
        if let graph, !(outputs.count == 1 && outputs[0] >= 2) {
          throw args.error(
            "taps",
            "taps \(graph.name), whose output \(describeShape(outputs)) is not class logits "
              + "[C]: tidal() learns class distributions")
        }
        let options = LossModuleOptions(widths: try LossModuleLibrary.widths(args))
        let layout = try args.building(blaming: [
          "LossModuleLayout.taps": "taps", "LossModuleOptions.width": "width",
        ]) {
          try LossModuleLayout(
            nodes: taps.map(\.node), of: graph?.name ?? "", options: options,
            outputs: outputs.first ?? 0)
        }
        let limits = args.interpreter.limits
        for tap in layout.taps {
          try limits.checkTensorSize([tap.width, tap.inputs], range: args.range("width"))
        }
        let score = try args.choice("score", of: TiDALScore.self)
        let weight = try args.float("weight")
        let strategy = try args.building(blaming: [
          "LearningLossConfig.weight": "weight", "TiDALStrategy.layout": "taps",
        ]) {
          try TiDALStrategy(layout: layout, weight: weight, score: score)
        }
        return .host(StrategyValue(strategy, args))
      })
  }
}
