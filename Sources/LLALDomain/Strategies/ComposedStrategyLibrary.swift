import LLALActive
import LLALLanguage
import LLALTensor

/// Strategies made from others or from the language: `diversify(...)` on top of a
/// scoring strategy, `uncertainty(fn)` and `score(fn, features:)` from a score written in
/// the language.
enum ComposedStrategyLibrary: BuiltinLibrary {
  static let strategyType = ParamType.host("strategy", description: "a strategy")

  static func register(in registry: BuiltinRegistry) {
    let node = StrategyLibrary.node
    registry.register(
      Builtin(
        "diversify",
        [
          .init("strategy", strategyType), .init("features", node.orNone, default: Value.none),
          .init("method", .choice(DiversityMethod.self), default: .string("kcenter")),
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
        let method = try args.choice("method", of: DiversityMethod.self)
        let pool = try args.double("pool")
        let strategy = try args.building(blaming: [
          "DiversifyStrategy.inner": "strategy", "DiversifyStrategy.poolFactor": "pool",
        ]) {
          try DiversifyStrategy(
            inner.strategy, node: n?.node.name, method: method, poolFactor: pool)
        }
        return .host(
          StrategyValue(
            strategy, args, featureNodes: inner.featureNodes + (n.map { [$0] } ?? []),
            lossNet: inner.lossNet, isDiversified: true))
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
        let name = try args.string("name")
        let score: (Tensor) throws -> [Float] = { p in
          try scoreVector(
            interpreter.call(f, [.tensor(p)], at: site), rows: p.shape[0], of: f, name: name)
        }
        let strategy = ScoreFunctionStrategy(name: name, usesProbabilities: true) {
          try Tensor(shape: [$0.probabilities?.shape[0] ?? 0], try score(try probabilities($0)))
        }
        let value = StrategyValue(strategy, args, probabilityScore: score)
        value.scoreFunction = ScoreFunctionSource(function: f, inputs: [.probabilities])
        return .host(value)
      })
    registry.register(
      Builtin(
        "score",
        [
          .init("f", .function), .init("features", node.orNone, default: Value.none),
          .init("uses", strategyType.orNone, default: Value.none),
          .init("name", .string, default: .string("score")),
        ], returns: "strategy",
        doc: """
          A strategy from a score written in the language over probabilities, features \
          and predicted losses: f(probs, features) receives the candidates' \
          probabilities [M, C] and the features [M, D] of the given node (none without \
          one) and returns one score per candidate; the highest scores are queried \
          first. With uses: a learning_loss strategy, its loss module is trained jointly \
          with the model and f receives the predicted losses [M] last: f(probs, losses), \
          or f(probs, features, losses) with features.
          """
      ) { args in
        let f = args["f"]
        let interpreter = args.interpreter
        let site = args.range("f")
        let n = args.isNone("features") ? nil : try args.host("features", as: NodeValue.self)
        let module = try lossModuleUsed(args)
        let name = try args.string("name")
        let strategy = ScoreFunctionStrategy(
          name: name, usesProbabilities: true, node: n?.node.name,
          module: module?.strategy.lossModule
        ) { a in
          let p = try probabilities(a)
          var inputs: [Value] = [.tensor(p)]
          if n != nil || module == nil { inputs.append(a.features.map { .tensor($0) } ?? .none) }
          if let l = a.predictedLosses { inputs.append(.tensor(l)) }
          let s = try scoreVector(
            interpreter.call(f, inputs, at: site), rows: p.shape[0], of: f, name: name)
          return try Tensor(shape: [s.count], s)
        }
        let probabilityScore: ((Tensor) throws -> [Float])? =
          n != nil || module != nil
          ? nil
          : { p in
            try scoreVector(
              interpreter.call(f, [.tensor(p), .none], at: site), rows: p.shape[0], of: f,
              name: name)
          }
        let value = StrategyValue(
          strategy, args, featureNodes: n.map { [$0] } ?? [], lossNet: module?.lossNet,
          probabilityScore: probabilityScore)
        var inputs: [ScoreFunctionSource.Input] = [.probabilities]
        if n != nil || module == nil { inputs.append(n != nil ? .features : .nothing) }
        if module != nil { inputs.append(.predictedLosses) }
        value.scoreFunction = ScoreFunctionSource(function: f, inputs: inputs)
        return .host(value)
      })
  }

  /// The strategy in argument `uses` of `score`, which must train a loss module.
  private static func lossModuleUsed(_ args: Arguments) throws -> StrategyValue? {
    guard !args.isNone("uses") else { return nil }
    let used = try args.host("uses", as: StrategyValue.self)
    guard used.strategy.lossModule != nil, used.lossNet != nil else {
      throw args.error(
        "uses",
        "must be a strategy with a loss module (learning_loss(...)), found "
          + "\(used.strategy.name), which has none")
    }
    return used
  }

  /// The probabilities a score function strategy was given.
  private static func probabilities(_ a: ScoreArguments) throws -> Tensor {
    guard let p = a.probabilities else {
      throw RuntimeError("the score function got no probabilities")
    }
    return p
  }

  /// A user score function's result as one finite number per row, checked by the
  /// library (`ScoreFunctionStrategy.checkedScores`: a tensor `[rows]` or a list of
  /// numbers). A result that breaks the rule is reported inside the function `f`, as the
  /// documentation promises, rather than at the experiment that called it.
  static func scoreVector(_ value: Value, rows: Int, of f: Value, name: String) throws
    -> [Float]
  {
    let scores: Tensor
    switch value {
    case .tensor(let t):
      scores = t
    case .list(let xs):
      scores = Tensor(
        try xs.map {
          guard let d = $0.asDouble else {
            throw inside(f, "the score function returned a list holding \($0.typeName)")
          }
          return Float(d)
        })
    default:
      throw inside(
        f, "the score function must return a tensor of scores, returned \(value.typeName)")
    }
    do {
      return try ScoreFunctionStrategy.checkedScores(scores, candidates: rows, name: name)
    } catch let refused as ActiveLearningError {
      throw inside(f, refused.reason)
    }
  }

  /// An error saying `message`, placed inside the function `f`: at its body when that is
  /// one expression (`fn (p) => p.max(axis: 1)`), else at the function; a built-in given
  /// as the function leaves the place to the call.
  private static func inside(_ f: Value, _ message: String) -> RuntimeError {
    guard case .function(let function) = f, case .closure(let decl, _) = function.kind else {
      return RuntimeError(message)
    }
    switch decl.body {
    case .expression(let e): return RuntimeError(message, range: e.range, file: decl.file)
    case .block: return RuntimeError(message, range: decl.range, file: decl.file)
    }
  }
}
