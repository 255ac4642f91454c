import LLALActive
import LLALLanguage
import LLALNN

/// The loss prediction module and its strategy: `lossnet(taps:, ...)` resolves the
/// module's layout once, over nodes of one model, and `learning_loss(lossnet, ...)`
/// trains it with the model and queries by its predictions.
enum LossModuleLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "lossnet",
        [
          .init("taps", .list),
          .init(
            "width",
            ParamType(
              [.int, .list], description: "an int or a list of ints, one per tap",
              shortName: "int|[int]"),
            default: .int(128)),
          .init(
            "pool", ParamType.choice(LossModulePooling.self).orList("one per tap"),
            default: .string("gap")),
          .init("activation", .choice(LossModuleActivation.self), default: .string("relu")),
          .init("hidden", .int, default: .int(0)),
          .init("dropout", .number, default: .float(0)),
          .init("fusion", .choice(LossModuleFusion.self), default: .string("concat")),
          .init("tap_conv", .int, default: .int(0)),
        ], returns: "lossnet",
        doc: """
          The loss prediction module of Yoo & Kweon (2019) over named nodes of a model, by \
          default the paper's: per tap global average pooling (for images), linear(width) \
          and ReLU; the taps concatenated; a linear layer to one predicted loss per \
          sample. width is one number or one per tap; pool "gap" or "max" (global max), \
          one or one per tap; activation "relu", "none", "sigmoid" or "tanh" after every \
          hidden layer; hidden: H adds linear(H) and the activation after the \
          concatenation (0: none); dropout: p drops concatenated features while training; \
          fusion "attention" replaces the concatenation by Σ α_k h_k with α = softmax over \
          taps of v·h_k + c (one width for every tap; p.tap_weights shows α); tap_conv: C \
          adds a 1×1 convolution with C channels and the activation before each image \
          tap's pooling (0: none). lossnet(taps: [Net.c1, Net.c2], width: 128).
          """
      ) { args in
        let taps = try tapNodes(args)
        let model = taps.first?.build
        let options = LossModuleOptions(
          widths: try widths(args), pooling: try args.choices("pool", of: LossModulePooling.self),
          activation: try args.choice("activation", of: LossModuleActivation.self),
          hidden: try args.int("hidden"), dropout: try args.float("dropout"),
          fusion: try args.choice("fusion", of: LossModuleFusion.self),
          tapConv: try args.int("tap_conv"))
        let layout = try args.building(blaming: [
          "LossModuleLayout.taps": "taps", "LossModuleOptions.width": "width",
          "LossModuleOptions.pool": "pool", "LossModuleOptions.hidden": "hidden",
          "LossModuleOptions.dropout": "dropout", "LossModuleOptions.fusion": "fusion",
          "LossModuleOptions.tapConv": "tap_conv",
        ]) {
          try LossModuleLayout(nodes: taps.map(\.node), of: model?.name ?? "", options: options)
        }
        // The module's weights are made when a run starts: they must fit the budget now.
        let limits = args.interpreter.limits
        for tap in layout.taps {
          if let c = tap.conv {
            try limits.checkTensorSize([c, tap.channels], range: args.range("tap_conv"))
          }
          try limits.checkTensorSize([tap.width, tap.inputs], range: args.range("width"))
        }
        try limits.checkTensorSize(
          [layout.options.hidden, layout.fusedWidth], range: args.range("hidden"))
        return .host(LossNetValue(taps: taps, layout: layout, written: args.spelling))
      })
    registry.register(
      Builtin(
        "learning_loss",
        [
          .init("lossnet", .host("lossnet", description: "a loss module (lossnet(...))")),
          .init("margin", .number, default: .float(1)),
          .init("weight", .number, default: .float(1)),
          .init("detach_after", ParamType.int.orNone, default: Value.none),
          .init("pairing", ParamType.choice(RankingPairing.self).orNone, default: Value.none),
          .init("loss", .choice(LossPredictionObjective.self), default: .string("ranking")),
        ], returns: "strategy",
        doc: """
          Learning loss: train the loss module with the model (loss = mean CE + weight × \
          module loss) and query the candidates with the highest predicted loss. margin \
          is the ranking loss's ξ; from epoch detach_after on (0-based) the module's \
          gradient no longer reaches the model (the paper: 120 of 200); loss "ranking" \
          (the paper's hinge), "bce" (RankNet's BCE(σ(l̂i − l̂j), 1[li > lj]), as TA-VAAL \
          and TiDAL train it), "mse" (the paper's ablation) or "listwise" (ListNet top-1: \
          −Σ softmax(l)·log softmax(l̂) over the batch); pairing, for ranking and bce, \
          "halves" (the default) pairs sample i with i + B/2, "flip" with B − 1 − i, "all" \
          takes every pair of the batch.
          """
      ) { args in
        let lossNet = try args.host("lossnet", as: LossNetValue.self)
        let margin = try args.float("margin"), weight = try args.float("weight")
        let detach = try args.optionalInt("detach_after")
        let objective = try args.choice("loss", of: LossPredictionObjective.self)
        var pairing = RankingPairing.halves
        if !args.isNone("pairing") {
          guard objective.isPairwise else {
            throw args.error(
              "pairing",
              "pairs samples for the ranking and bce losses; loss \"\(objective.rawValue)\" "
                + "compares the whole batch")
          }
          pairing = try args.choice("pairing", of: RankingPairing.self)
        }
        let config = try args.building(blaming: [
          "LearningLossConfig.margin": "margin", "LearningLossConfig.weight": "weight",
          "LearningLossConfig.detachAfter": "detach_after",
        ]) {
          try LearningLossConfig(
            margin: margin, weight: weight, pairing: pairing, detachAfter: detach,
            objective: objective)
        }
        let strategy = LearningLossStrategy(layout: lossNet.layout, training: config)
        return .host(StrategyValue(strategy, args, lossNet: lossNet))
      })
  }

  /// The `taps` argument: nodes of one model whose block has finished.
  static func tapNodes(_ args: Arguments) throws -> [NodeValue] {
    let taps = try args.list("taps").map { v -> NodeValue in
      guard case .host(let h) = v, let n = h as? NodeValue else {
        throw args.error("taps", "must hold nodes of a model (Net.c1), found \(v.typeName)")
      }
      return n
    }
    let model = taps.first?.build
    if let model, let other = taps.first(where: { $0.build !== model }) {
      throw args.error(
        "taps",
        "taps a node of another model: \(other.spelling ?? "") is not a node of "
          + "\(model.name) like \(taps[0].spelling ?? "")")
    }
    if let model, model.isOpen {
      throw args.error(
        "taps", "taps nodes of \(model.name) while its model block is still running")
    }
    return taps
  }

  /// The `width` argument: one int, or a list of ints (one per tap, as the layout checks).
  static func widths(_ args: Arguments) throws -> [Int] {
    guard case .list(let items) = args["width"] else { return [try args.int("width")] }
    return try items.map { v in
      guard case .int(let w) = v else {
        throw args.error("width", "must hold ints, found \(v.typeName)")
      }
      return w
    }
  }
}
