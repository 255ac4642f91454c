import LLALActive
import LLALLanguage

/// A stopping rule in the language: `stabilizing(window: 3, agreement: 0.99)`, given to
/// `budget(..., stop:)`.
final class StoppingRuleValue: HostObject {
  /// The rule.
  let rule: StabilizingPredictions

  init(_ rule: StabilizingPredictions) { self.rule = rule }

  var typeName: String { "stopping rule" }
  var description: String { "stopping rule \(rule)" }
  var memberNames: [String] { ["window", "agreement", "size"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "window": return .int(rule.window)
    case "agreement": return .float(rule.agreement)
    case "size": return .int(rule.size)
    default: return nil
    }
  }

  /// `stabilizing(window:, agreement:, size:)`.
  static let builtin = Builtin(
    "stabilizing",
    [
      .init("window", .int, default: .int(3)), .init("agreement", .number, default: .float(0.99)),
      .init("size", .int, default: .int(2000)),
    ], returns: "stopping rule",
    doc: """
      Stabilizing predictions (Bloodgood & Vijay-Shanker 2009): after each cycle, Cohen's \
      κ between this and the previous cycle's predicted classes on a stop set of `size` \
      points (a seeded sample of the points unlabeled at the start); the rule fires once \
      the mean of the last `window` κ values is at least `agreement`. Runs only mark where \
      it fires (records' stop_kappa and would_stop, a line under the results table); they \
      spend the whole budget.
      """
  ) { args in
    let window = try args.int("window"), agreement = try args.double("agreement")
    let size = try args.int("size")
    let rule = try args.building(blaming: [
      "StabilizingPredictions.window": "window", "StabilizingPredictions.agreement": "agreement",
      "StabilizingPredictions.size": "size",
    ]) { try StabilizingPredictions(window: window, agreement: agreement, size: size) }
    return .host(StoppingRuleValue(rule))
  }
}
