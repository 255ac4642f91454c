import LLALLanguage
import LLALActive
import LLALNN
import LLALTensor

/// A sampling strategy in the language: `entropy()`, `core_set(features: Net.c2)`,
/// `learning_loss(lpm)`, `ll |> diversify(...)`, `uncertainty(fn (p) => ...)`.
///
/// Besides the strategy itself it remembers the model nodes it depends on, so that an
/// experiment can refuse, before anything runs, a strategy built for another model.
final class StrategyValue: HostObject {
  /// The strategy the cycle runner calls.
  let strategy: any QueryStrategy
  /// The nodes whose features it reads (core-set, BADGE, diversify, score functions).
  let featureNodes: [NodeValue]
  /// The loss module it trains, for learning loss.
  let lossNet: LossNetValue?
  /// Its score of a probability tensor `[N, C]`, when it has one (for `.scores(p)`).
  let probabilityScore: ((Tensor) throws -> [Float])?
  /// How it was written, for display.
  let spelling: String

  /// A strategy value.
  init(
    _ strategy: any QueryStrategy, spelling: String, featureNodes: [NodeValue] = [],
    lossNet: LossNetValue? = nil, probabilityScore: ((Tensor) throws -> [Float])? = nil
  ) {
    self.strategy = strategy
    self.spelling = spelling
    self.featureNodes = featureNodes
    self.lossNet = lossNet
    self.probabilityScore = probabilityScore
  }

  /// A strategy whose `.scores(p)` is its own probability score.
  convenience init<S: ProbabilityScoring>(probability strategy: S) {
    self.init(
      strategy, spelling: strategy.name + "()",
      probabilityScore: { try strategy.scores(probabilities: $0) })
  }

  var typeName: String { "strategy" }

  var description: String {
    var text = "strategy \(strategy.name): \(spelling)"
    // A diversified strategy ranks by its inner score but picks by distance.
    if let scoring = strategy as? any ScoringStrategy, !(strategy is DiversifyStrategy),
      !spelling.contains("|> diversify(")
    {
      text += scoring.order == .highestFirst ? ", highest score first" : ", lowest score first"
    }
    return text
  }

  var memberNames: [String] { ["name", "scores", "named"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "name": return .string(strategy.name)
    case "scores":
      return .function(FunctionValue(.method(StrategyValue.scoresMethod, receiver: .host(self))))
    case "named":
      return .function(FunctionValue(.method(StrategyValue.namedMethod, receiver: .host(self))))
    default: return nil
    }
  }

  /// `s.scores(p)`: the strategy's score of each row of a probability tensor.
  static let scoresMethod = Builtin(
    "scores", [.init("p", .tensor)], returns: "tensor", receiver: "strategy",
    doc: """
      The strategy's score of each row of class probabilities p [N, C], as a tensor [N]: \
      least_confidence 1 − max p, margin top-1 minus top-2, entropy in bits, or a score \
      written with uncertainty(...). Strategies that choose by features have none.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let s = h as? StrategyValue else {
      throw RuntimeError("scores needs a strategy")
    }
    guard let score = s.probabilityScore else {
      throw RuntimeError(
        "\(s.strategy.name) has no score of probabilities alone: it chooses with "
          + (s.lossNet != nil ? "the loss module's predictions" : "features of the model"))
    }
    let p = try args.tensor("p")
    guard p.rank == 2 else {
      throw args.error("p", "must be probabilities [N, C], found shape \(describeShape(p.shape))")
    }
    // Logits or counts given by mistake would score silently wrong (a negative entropy).
    let classes = p.shape[1]
    let scalars = p.scalars
    for row in 0..<p.shape[0] {
      let values = scalars[(row * classes)..<((row + 1) * classes)]
      let sum = values.reduce(0, +)
      let problem: String?
      if let bad = values.first(where: { !($0 >= 0 && $0 <= 1) }) {
        problem = "row \(row) holds \(bad)"
      } else {
        problem = abs(sum - 1) <= 1e-3 ? nil : "row \(row) sums to \(sum)"
      }
      if let problem {
        throw args.error(
          "p",
          "must hold probabilities (each row in [0, 1], summing to 1), but \(problem); "
            + "apply softmax() to logits first")
      }
    }
    let values = try score(p)
    return .tensor(try Tensor(shape: [values.count], values))
  }

  /// `s.named("ll-mse")`: the same strategy under another name in results.
  static let namedMethod = Builtin(
    "named", [.init("name", .string)], returns: "strategy", receiver: "strategy",
    doc: """
      The same strategy under another name in results and tables, so that two variants \
      of one strategy can run in one experiment.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let s = h as? StrategyValue else {
      throw RuntimeError("named needs a strategy")
    }
    let name = try args.string("name")
    guard !name.isEmpty else { throw args.error("name", "must not be empty") }
    let renamed: any QueryStrategy
    if let scoring = s.strategy as? any ScoringStrategy {
      renamed = RenamedScoringStrategy(inner: scoring, name: name)
    } else {
      renamed = RenamedStrategy(inner: s.strategy, name: name)
    }
    return .host(
      StrategyValue(
        renamed, spelling: s.spelling + ".named(\"\(name)\")", featureNodes: s.featureNodes,
        lossNet: s.lossNet, probabilityScore: s.probabilityScore))
  }
}

/// A strategy under another name.
struct RenamedStrategy: QueryStrategy {
  let inner: any QueryStrategy
  let name: String
  var requirements: InferenceRequest { inner.requirements }
  var lossModule: LossModuleRequest? { inner.lossModule }
  func select(_ context: QueryContext) throws -> QuerySelection { try inner.select(context) }
}

/// A scoring strategy under another name (it can still be diversified).
struct RenamedScoringStrategy: ScoringStrategy {
  let inner: any ScoringStrategy
  let name: String
  var requirements: InferenceRequest { inner.requirements }
  var lossModule: LossModuleRequest? { inner.lossModule }
  var order: ScoreOrder { inner.order }
  func scores(_ context: QueryContext) throws -> [Float] { try inner.scores(context) }
  func select(_ context: QueryContext) throws -> QuerySelection { try inner.select(context) }
}
