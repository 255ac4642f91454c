import LLALActive
import LLALLanguage
import LLALTensor

/// `corr(x, y)`, `spearman(x, y)` and `kendall(x, y)`: correlations of two vectors of
/// equal length (predicted against true loss, say), computed in Double by
/// `LLALActive.Correlation`; none when undefined (a constant side, fewer than 2 points).
enum StatisticsLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    let measures: [(String, String, ([Double], [Double]) throws -> Double?)] = [
      ("corr", "Pearson's correlation r", Correlation.pearson),
      ("spearman", "Spearman's rank correlation ρ (ties share their average rank)",
       Correlation.spearman),
      ("kendall", "Kendall's τ-b (ties in either vector handled)", Correlation.kendall),
    ]
    let vector = ParamType(
      [.tensor, .list], description: "a vector or a list of numbers", shortName: "tensor|list")
    for (name, what, measure) in measures {
      registry.register(
        Builtin(
          name, [.init("x", vector), .init("y", vector)], returns: "float",
          doc: """
            \(what) of two vectors of equal length, as scipy.stats computes it; none when \
            it is undefined (a constant vector, fewer than two values).
            """
        ) { args in
          let x = try numbers(args, "x"), y = try numbers(args, "y")
          guard x.count == y.count else {
            throw args.error("y", "has \(y.count) values but x has \(x.count)")
          }
          return try measure(x, y).map { .float($0) } ?? .none
        })
    }
  }

  /// The values of a vector (a tensor of rank 0 or 1, or `[N, 1]`) or list of numbers.
  private static func numbers(_ args: Arguments, _ name: String) throws -> [Double] {
    switch args[name] {
    case .tensor(let t):
      guard t.shape.filter({ $0 != 1 }).count <= 1 else {
        throw args.error(name, "must be a vector, found shape \(describeShape(t.shape))")
      }
      return t.scalars.map(Double.init)
    case .list(let xs):
      return try xs.map {
        guard let d = $0.asDouble else {
          throw args.error(name, "must hold numbers, found a list holding \($0.typeName)")
        }
        return d
      }
    default:
      throw args.error(name, "must be a vector or a list of numbers, found \(args[name].typeName)")
    }
  }
}
