import LLALActive
import LLALLanguage

/// The `baseline:` argument of `experiment`: the strategy the results measure the others
/// against (their footer names the strategies the seed spread cannot tell from it).
///
/// `"random"` by default, and random sampling is then added as the last strategy when no
/// strategy is named `random`, so that every comparison has the reference the field
/// expects. Another name must be one of the strategies given; `none` adds nothing and
/// leaves the footer line out.
enum Baseline {
  /// The parameter, `baseline: string|none = "random"`.
  static let parameter = Builtin.Parameter(
    "baseline", ParamType.string.orNone, default: .string(RandomStrategy().name))

  /// The baseline's name (nil for `none`) and the strategies to run: `given`, with random
  /// sampling added when the baseline is random and no strategy has its name.
  static func resolve(_ args: Arguments, given: [any QueryStrategy]) throws
    -> (name: String?, strategies: [any QueryStrategy])
  {
    // No strategy at all stays an error of the experiment's, not a run of random alone.
    guard !args.isNone("baseline"), !given.isEmpty else { return (nil, given) }
    let name = try args.string("baseline")
    if given.contains(where: { $0.name == name }) { return (name, given) }
    let random = RandomStrategy()
    guard name == random.name else {
      let known = given.map { "\"\($0.name)\"" }.joined(separator: ", ")
      throw args.error(
        "baseline",
        "must name one of the strategies (\(known)), \"\(random.name)\" or none, found \"\(name)\"")
    }
    return (name, given + [random])
  }
}
