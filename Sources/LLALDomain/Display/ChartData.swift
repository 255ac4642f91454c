import LLALLanguage
import LLALRender
import LLALTensor

/// Reading the data of `plot`, `scatter`, `table` and `sparkline` from their arguments,
/// with errors that name the argument and what was found.
enum ChartData {
  /// The numbers of a list of numbers, a range or a vector (a tensor of rank 0 or 1).
  /// `expected` finishes "must be …" when `value` is none of these.
  static func numbers(
    _ value: Value, _ args: Arguments, _ parameter: String,
    expected: String = "a list or vector of numbers"
  ) throws -> [Double] {
    switch value {
    case .tensor(let t):
      guard t.rank <= 1 else {
        throw args.error(
          parameter, "must be a vector to plot as a line, found \(describeShape(t.shape))")
      }
      return t.scalars.map(Double.init)
    case .list(let xs):
      return try xs.map {
        guard let d = $0.asDouble else {
          throw args.error(parameter, "must hold numbers, found a list holding \($0.typeName)")
        }
        return d
      }
    case .range(let r):
      try args.interpreter.limits.checkListLength(r.count, range: args.range(parameter))
      return (0..<r.count).map { Double(r.element($0)) }
    default:
      throw args.error(parameter, "must be \(expected), found \(describe(value))")
    }
  }

  /// The points of a scatter: a tensor `[n, 2]`, a list of `[x, y]` pairs, or a record of
  /// them (one named series per field).
  static func scatterSeries(_ value: Value, _ args: Arguments, _ parameter: String) throws
    -> [Series]
  {
    guard case .record(let r) = value else {
      return [Series(name: "", points: try points(value, args, parameter, group: ""))]
    }
    guard !r.fields.isEmpty else { throw args.error(parameter, "is an empty record") }
    return try r.fields.map {
      Series(name: $0.name, points: try points($0.value, args, parameter, group: $0.name))
    }
  }

  private static func points(
    _ value: Value, _ args: Arguments, _ parameter: String, group: String
  ) throws -> [ChartPoint] {
    let what = group.isEmpty ? "" : "field '\(group)' "
    switch value {
    case .tensor(let t) where t.rank == 2 && t.shape[1] == 2:
      let s = t.scalars
      return stride(from: 0, to: s.count, by: 2).map {
        ChartPoint(x: Double(s[$0]), y: Double(s[$0 + 1]))
      }
    case .list(let xs):
      return try xs.map { pair in
        guard case .list(let p) = pair, p.count == 2, let x = p[0].asDouble,
          let y = p[1].asDouble
        else {
          throw args.error(
            parameter, "\(what)must hold [x, y] pairs of numbers, found \(describe(pair))")
        }
        return ChartPoint(x: x, y: y)
      }
    default:
      throw args.error(
        parameter,
        "\(what)must be a tensor of shape [n, 2] or a list of [x, y] pairs, found "
          + describe(value))
    }
  }

  /// How an error message names a value: its type, and a tensor's shape.
  static func describe(_ value: Value) -> String {
    switch value {
    case .tensor(let t): return "a tensor of shape \(describeShape(t.shape))"
    case .list(let xs) where xs.isEmpty: return "an empty list"
    default: return value.typeName
    }
  }
}
