import LLALLanguage
import LLALActive
import LLALNN
import LLALTensor

/// Strategy values and the loss prediction module: `random()`, `least_confidence()`,
/// `margin()`, `entropy()`, `core_set(features:)`, `badge()`, `bald(passes:)`,
/// `diversify(...)`, `uncertainty(fn)`, `score(fn, features:)`, `lossnet(taps:, ...)`
/// and `learning_loss(lossnet, ...)`.
enum StrategyLibrary: BuiltinLibrary {
  static let node = ParamType.host("node", description: "a node of a model (Net.c2)")
  static let strategyType = ParamType.host("strategy", description: "a strategy")

  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "random", [], returns: "strategy",
        doc: "Random sampling: a seeded uniform choice among the candidates (the baseline)."
      ) { _ in .host(StrategyValue(RandomStrategy(), spelling: "random()")) })
    registry.register(
      Builtin(
        "least_confidence", [], returns: "strategy",
        doc: "Least confidence: score 1 − max p; the least confident candidates first."
      ) { _ in .host(StrategyValue(probability: LeastConfidenceStrategy())) })
    registry.register(
      Builtin(
        "margin", [], returns: "strategy",
        doc: "Margin: score top-1 minus top-2 probability; the smallest margins first."
      ) { _ in .host(StrategyValue(probability: MarginStrategy())) })
    registry.register(
      Builtin(
        "entropy", [], returns: "strategy",
        doc: "Entropy: score −Σ p log₂ p (bits); the most uncertain candidates first."
      ) { _ in .host(StrategyValue(probability: EntropyStrategy())) })
    registry.register(
      Builtin(
        "core_set", [.init("features", node)], returns: "strategy",
        doc: """
          Core-set (k-center greedy) on the features of a node: repeatedly the candidate \
          farthest from the labeled points and those already chosen.
          """
      ) { args in
        let n = try args.host("features", as: NodeValue.self)
        return .host(
          StrategyValue(
            CoreSetStrategy(node: n.node.name), spelling: "core_set(features: \(ref(n)))",
            featureNodes: [n]))
      })
    registry.register(
      Builtin(
        "badge", [.init("features", node.orNone, default: Value.none)], returns: "strategy",
        doc: """
          BADGE: k-means++ seeding on gradient embeddings (p − onehot(argmax p)) ⊗ h, h the \
          input of the model's last linear layer or the features of a given node.
          """
      ) { args in
        let n = args.isNone("features") ? nil : try args.host("features", as: NodeValue.self)
        return .host(
          StrategyValue(
            BADGEStrategy(node: n?.node.name),
            spelling: "badge(" + (n.map { "features: \(ref($0))" } ?? "") + ")",
            featureNodes: n.map { [$0] } ?? []))
      })
    registry.register(
      Builtin(
        "bald", [.init("passes", .int, default: .int(20))], returns: "strategy",
        doc: """
          BALD: the mutual information between prediction and weights, estimated from \
          `passes` forward passes with dropout active (the model needs dropout layers).
          """
      ) { args in
        .host(
          StrategyValue(
            try BALDStrategy(passes: try args.int("passes")),
            spelling: "bald(passes: \(try args.int("passes")))"))
      })
    registerComposed(registry)
    registerLearningLoss(registry)
  }

  /// `Net.c2` as written.
  static func ref(_ n: NodeValue) -> String { "\(n.build.name).\(n.node.name)" }

  private static func registerComposed(_ registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "diversify",
        [
          .init("strategy", strategyType), .init("features", node.orNone, default: Value.none),
          .init("method", .string, default: .string("kcenter")),
          .init("pool", .number, default: .int(3)),
        ], returns: "strategy",
        doc: """
          Batch diversity on top of a scoring strategy: shortlist the best pool × step \
          candidates by its score, then pick step of them spread out in feature space — \
          method "kcenter" (k-center greedy) or "kmeans++" — on a node's features (or \
          the input of the last linear layer). Write ll |> diversify(features: Net.c2).
          """
      ) { args in
        let inner = try args.host("strategy", as: StrategyValue.self)
        let n = args.isNone("features") ? nil : try args.host("features", as: NodeValue.self)
        let methodName = try args.string("method")
        guard let method = DiversityMethod(rawValue: methodName) else {
          throw args.error(
            "method", "must be \"kcenter\" or \"kmeans++\", found \"\(methodName)\"")
        }
        let pool = try args.double("pool")
        let strategy: DiversifyStrategy
        do {
          strategy = try DiversifyStrategy(
            inner.strategy, node: n?.node.name, method: method, poolFactor: pool)
        } catch let error as ActiveLearningError {
          throw RuntimeError(error.description, range: args.range("strategy"))
        }
        var spelling = "\(inner.spelling) |> diversify("
        if let n { spelling += "features: \(ref(n)), " }
        spelling += "method: \"\(methodName)\", pool: \(ValueFormatter.repr(args["pool"])))"
        return .host(
          StrategyValue(
            strategy, spelling: spelling, featureNodes: inner.featureNodes + (n.map { [$0] } ?? []),
            lossNet: inner.lossNet))
      })
    registry.register(
      Builtin(
        "uncertainty",
        [.init("f", .function), .init("name", .string, default: .string("uncertainty"))],
        returns: "strategy",
        doc: """
          A strategy from a score written in the language: f(p) receives the candidates' \
          probabilities [M, C] and returns one score per candidate [M]; the highest \
          scores are queried first. uncertainty(fn (p) => 1 - p.max(axis: 1)) is least \
          confidence.
          """
      ) { args in
        let f = args["f"]
        let interpreter = args.interpreter
        let site = args.range("f")
        let score: (Tensor) throws -> [Float] = { p in
          try scoreVector(interpreter.call(f, [.tensor(p)], at: site), rows: p.shape[0])
        }
        let strategy = ScoreFunctionStrategy(name: try args.string("name"), usesProbabilities: true)
        {
          try Tensor(shape: [$0.probabilities?.shape[0] ?? 0], try score(try probabilities($0)))
        }
        return .host(
          StrategyValue(
            strategy, spelling: "uncertainty(fn)", probabilityScore: score))
      })
    registry.register(
      Builtin(
        "score",
        [
          .init("f", .function), .init("features", node.orNone, default: Value.none),
          .init("name", .string, default: .string("score")),
        ], returns: "strategy",
        doc: """
          A strategy from a score written in the language over probabilities and \
          features: f(probs, features) receives the candidates' probabilities [M, C] and \
          the features [M, D] of the given node (none without one) and returns one score \
          per candidate; the highest scores are queried first.
          """
      ) { args in
        let f = args["f"]
        let interpreter = args.interpreter
        let site = args.range("f")
        let n = args.isNone("features") ? nil : try args.host("features", as: NodeValue.self)
        let strategy = ScoreFunctionStrategy(
          name: try args.string("name"), usesProbabilities: true, node: n?.node.name
        ) { a in
          let p = try probabilities(a)
          let features: Value = a.features.map { .tensor($0) } ?? .none
          let s = try scoreVector(
            interpreter.call(f, [.tensor(p), features], at: site), rows: p.shape[0])
          return try Tensor(shape: [s.count], s)
        }
        let probabilityScore: ((Tensor) throws -> [Float])? =
          n != nil
          ? nil
          : { p in
            try scoreVector(interpreter.call(f, [.tensor(p), .none], at: site), rows: p.shape[0])
          }
        return .host(
          StrategyValue(
            strategy, spelling: "score(fn" + (n.map { ", features: \(ref($0))" } ?? "") + ")",
            featureNodes: n.map { [$0] } ?? [], probabilityScore: probabilityScore))
      })
  }

  /// The probabilities a score function strategy was given.
  private static func probabilities(_ a: ScoreArguments) throws -> Tensor {
    guard let p = a.probabilities else {
      throw RuntimeError("the score function got no probabilities")
    }
    return p
  }

  /// A user score function's result as one number per row.
  static func scoreVector(_ value: Value, rows: Int) throws -> [Float] {
    let values: [Float]
    switch value {
    case .tensor(let t):
      guard t.count == rows, t.shape.filter({ $0 != 1 }).count <= 1 else {
        throw RuntimeError(
          "the score function must return one score per candidate ([\(rows)]), returned a "
            + "tensor of shape \(describeShape(t.shape))")
      }
      values = t.scalars
    case .list(let xs):
      values = try xs.map {
        guard let d = $0.asDouble else {
          throw RuntimeError("the score function returned a list holding \($0.typeName)")
        }
        return Float(d)
      }
      guard values.count == rows else {
        throw RuntimeError(
          "the score function must return \(rows) scores, one per candidate, returned "
            + "\(values.count)"
        )
      }
    default:
      throw RuntimeError(
        "the score function must return a tensor of scores, returned \(value.typeName)")
    }
    return values
  }

  private static func registerLearningLoss(_ registry: BuiltinRegistry) {
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
            "pool",
            ParamType(
              [.string, .list], description: "a string or a list of strings, one per tap",
              shortName: "string|[string]"),
            default: .string("gap")),
          .init("activation", .string, default: .string("relu")),
          .init("hidden", .int, default: .int(0)),
          .init("dropout", .number, default: .float(0)),
        ], returns: "lossnet",
        doc: """
          The loss prediction module of Yoo & Kweon (2019) over named nodes of a model, by \
          default the paper's: per tap global average pooling (for images), linear(width) \
          and ReLU; the taps concatenated; a linear layer to one predicted loss per \
          sample. width is one number or one per tap; pool "gap" or "max" (global max), \
          one or one per tap; activation "relu", "none", "sigmoid" or "tanh" after every \
          hidden layer; hidden: H adds linear(H) and the activation after the \
          concatenation (0: none); dropout: p drops concatenated features while training. \
          lossnet(taps: [Net.c1, Net.c2], width: 128).
          """
      ) { args in
        let items = try args.list("taps")
        guard !items.isEmpty else { throw args.error("taps", "must name at least one node") }
        let taps = try items.map { v -> NodeValue in
          guard case .host(let h) = v, let n = h as? NodeValue else {
            throw args.error("taps", "must hold nodes of a model (Net.c1), found \(v.typeName)")
          }
          return n
        }
        let model = taps[0].build
        if let other = taps.first(where: { $0.build !== model }) {
          throw args.error(
            "taps",
            "taps a node of another model: \(ref(other)) is not a node of \(model.name) "
              + "like \(ref(taps[0]))")
        }
        if model.isOpen {
          throw args.error(
            "taps", "taps nodes of \(model.name) while its model block is still running")
        }
        for t in taps where !(t.node.outputShape.count == 3 || t.node.outputShape.count == 1) {
          throw args.error(
            "taps",
            "taps \(ref(t)) of shape \(describeShape(t.node.outputShape)); a tap must be an "
              + "image [C, H, W] or a feature vector [F]")
        }
        let options = try lossNetOptions(args, taps: taps.count)
        return .host(try LossNetValue(model: model, taps: taps, options: options))
      })
    registry.register(
      Builtin(
        "learning_loss",
        [
          .init("lossnet", .host("lossnet", description: "a loss module (lossnet(...))")),
          .init("margin", .number, default: .float(1)),
          .init("weight", .number, default: .float(1)),
          .init("detach_after", ParamType.int.orNone, default: Value.none),
          .init("pairing", .string, default: .string("halves")),
          .init("loss", .string, default: .string("ranking")),
        ], returns: "strategy",
        doc: """
          Learning loss: train the loss module with the model (loss = mean CE + weight × \
          module loss) and query the candidates with the highest predicted loss. margin \
          is the ranking loss's ξ; from epoch detach_after on (0-based) the module's \
          gradient no longer reaches the model (the paper: 120 of 200); pairing "halves" \
          pairs sample i with i + B/2, "flip" with B − 1 − i; loss "ranking" (the paper) \
          or "mse" (its ablation).
          """
      ) { args in
        let lossNet = try args.host("lossnet", as: LossNetValue.self)
        let pairingName = try args.string("pairing")
        let pairing: RankingPairing
        switch pairingName {
        case "halves": pairing = .halves
        case "flip": pairing = .flip
        default:
          throw args.error("pairing", "must be \"halves\" or \"flip\", found \"\(pairingName)\"")
        }
        let lossName = try args.string("loss")
        guard let objective = LossPredictionObjective(rawValue: lossName) else {
          throw args.error("loss", "must be \"ranking\" or \"mse\", found \"\(lossName)\"")
        }
        let detach = try args.optionalInt("detach_after")
        if let detach, detach < 0 {
          throw args.error("detach_after", "must not be negative, found \(detach)")
        }
        let margin = try args.float("margin")
        let weight = try args.float("weight")
        guard margin >= 0, margin.isFinite else {
          throw args.error("margin", "must be a non-negative number, found \(margin)")
        }
        guard weight >= 0, weight.isFinite else {
          throw args.error("weight", "must be a non-negative number, found \(weight)")
        }
        let config = LearningLossConfig(
          margin: margin, weight: weight, pairing: pairing, detachAfter: detach,
          objective: objective)
        let strategy = LearningLossStrategy(
          taps: lossNet.tapNames, options: lossNet.options, training: config)
        var spelling = "learning_loss(\(lossNet.spelling), margin: \(margin), weight: \(weight)"
        if let detach { spelling += ", detach_after: \(detach)" }
        if pairing != .halves { spelling += ", pairing: \"\(pairingName)\"" }
        if objective != .ranking { spelling += ", loss: \"\(lossName)\"" }
        return .host(StrategyValue(strategy, spelling: spelling + ")", lossNet: lossNet))
      })
  }

  /// `lossnet`'s structure arguments, each checked where it is written: `width` (one
  /// positive int or one per tap), `pool` ("gap" or "max", one or one per tap),
  /// `activation`, `hidden` (0 or more) and `dropout` (in [0, 1)).
  private static func lossNetOptions(_ args: Arguments, taps: Int) throws -> LossModuleOptions {
    // One value for every tap or one per tap, from an item or a list of items.
    func perTap<T>(_ name: String, _ what: String, _ item: (Value) throws -> T) throws -> [T] {
      guard case .list(let xs) = args[name] else { return [try item(args[name])] }
      guard xs.count == 1 || xs.count == taps else {
        throw args.error(
          name,
          "must be one \(what) for every tap or one per tap: \(taps) tap"
            + (taps == 1 ? "" : "s") + ", found a list of \(xs.count)")
      }
      return try xs.map(item)
    }
    let widths = try perTap("width", "width") { v -> Int in
      guard case .int(let w) = v else {
        throw args.error("width", "must hold ints, found \(v.typeName)")
      }
      guard w > 0 else { throw args.error("width", "must be positive, found \(w)") }
      return w
    }
    let pooling = try perTap("pool", "pooling") { v -> LossModulePooling in
      guard case .string(let name) = v else {
        throw args.error("pool", "must hold \"gap\" or \"max\", found \(v.typeName)")
      }
      guard let p = LossModulePooling(rawValue: name) else {
        throw args.error("pool", "must be \"gap\" or \"max\", found \"\(name)\"")
      }
      return p
    }
    let activationName = try args.string("activation")
    guard let activation = LossModuleActivation(rawValue: activationName) else {
      throw args.error(
        "activation",
        "must be \"relu\", \"none\", \"sigmoid\" or \"tanh\", found \"\(activationName)\"")
    }
    let hidden = try args.int("hidden")
    guard hidden >= 0 else {
      throw args.error("hidden", "must be 0 (no hidden layer) or positive, found \(hidden)")
    }
    let dropout = try args.double("dropout")
    guard dropout >= 0, dropout < 1 else {
      throw args.error(
        "dropout", "must lie in [0, 1), found \(ValueFormatter.repr(args["dropout"]))")
    }
    return LossModuleOptions(
      widths: widths, pooling: pooling, activation: activation, hidden: hidden,
      dropout: Float(dropout))
  }
}
