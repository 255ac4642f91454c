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
  /// The call that made it, as written (`Arguments.spelling`), for display only.
  let written: String
  /// The nodes whose features it reads (core-set, BADGE, diversify, score functions).
  let featureNodes: [NodeValue]
  /// The loss module it trains, for learning loss.
  let lossNet: LossNetValue?
  /// Its score of a probability tensor `[N, C]`, when it has one (for `.scores(p)`).
  let probabilityScore: ((Tensor) throws -> [Float])?
  /// Whether it ranks by an inner score but picks by distance (`diversify(...)`), so
  /// that its display gives no score order.
  let isDiversified: Bool
  /// The score function written in the language, for `uncertainty` and `score`.
  var scoreFunction: ScoreFunctionSource?

  /// A strategy value made by the call `args`.
  init(
    _ strategy: any QueryStrategy, _ args: Arguments, featureNodes: [NodeValue] = [],
    lossNet: LossNetValue? = nil, probabilityScore: ((Tensor) throws -> [Float])? = nil,
    isDiversified: Bool = false
  ) {
    self.strategy = strategy
    self.written = args.spelling
    self.featureNodes = featureNodes
    self.lossNet = lossNet
    self.probabilityScore = probabilityScore
    self.isDiversified = isDiversified
  }

  /// A strategy whose `.scores(p)` is its own probability score, made by the call `args`.
  convenience init<S: ProbabilityScoring>(probability strategy: S, _ args: Arguments) {
    self.init(strategy, args, probabilityScore: { try strategy.scores(probabilities: $0) })
  }

  var typeName: String { "strategy" }

  var spelling: String? { written }

  var description: String {
    var text = "strategy \(strategy.name): \(written)"
    if let scoring = strategy as? any ScoringStrategy, !isDiversified {
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
    return .host(
      StrategyValue(
        try args.building(blaming: ["QueryStrategy.name": "name"]) { try s.strategy.named(name) },
        args, featureNodes: s.featureNodes, lossNet: s.lossNet,
        probabilityScore: s.probabilityScore, isDiversified: s.isDiversified))
  }
}
