import LLALRender
import LLALTensor

/// `plot(...)`: charts drawn with Unicode in the terminal (and as SVG on a notebook page).
enum ChartLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "plot",
        [
          .init("data"), .init("x", .any, default: Value.none),
          .init("title", .string, default: .string("")),
          .init("xlabel", .string, default: .string("")),
          .init("ylabel", .string, default: .string("")),
          .init("kind", .string, default: .string("line")),
        ], returns: "chart",
        doc: """
          A chart. plot(results) draws the learning curves of an experiment; plot(xs) a \
          line through a list or vector of numbers, at x = 0, 1, 2, ... unless x gives \
          the positions; plot({a: xs, b: ys}) one line per field; plot(points, kind: \
          "scatter") the rows [x, y] of a tensor [N, 2]; plot(dataset) a dataset of 2-D \
          points as a scatter per class.
          """
      ) { args in
        var chart = try makeChart(args)
        let title = try args.string("title")
        if !title.isEmpty { chart.title = title }
        let x = try args.string("xlabel"), y = try args.string("ylabel")
        if !x.isEmpty { chart.xLabel = x }
        if !y.isEmpty { chart.yLabel = y }
        return .host(ChartValue(chart))
      })
  }

  private static func makeChart(_ args: Arguments) throws -> Chart {
    let kindName = try args.string("kind")
    guard let kind = Chart.Kind(rawValue: kindName) else {
      throw args.error("kind", "must be \"line\" or \"scatter\", found \"\(kindName)\"")
    }
    switch args["data"] {
    case .host(let h as ChartConvertible):
      do {
        return try h.chart()
      } catch let error as RuntimeError {
        throw args.error("data", error.message)
      }
    case .tensor(let t) where kind == .scatter:
      guard t.rank == 2, t.shape[1] == 2 else {
        throw args.error(
          "data", "must be points [N, 2] for a scatter, found \(describeShape(t.shape))")
      }
      let v = t.scalars
      let points = (0..<t.shape[0]).map {
        ChartPoint(x: Double(v[2 * $0]), y: Double(v[2 * $0 + 1]))
      }
      return Chart(kind: .scatter, series: [Series(name: "", points: points)])
    case .record(let r):
      let series = try r.fields.map { try line($0.name, $0.value, args) }
      return Chart(kind: kind, series: series)
    default:
      return Chart(kind: kind, series: [try line("", args["data"], args)])
    }
  }

  /// One series of numbers, at the positions in argument `x` when given.
  private static func line(_ name: String, _ value: Value, _ args: Arguments) throws -> Series {
    let ys = try numbers(value, args, "data")
    guard !args.isNone("x") else { return Series(name: name, values: ys) }
    let xs = try numbers(args["x"], args, "x")
    guard xs.count == ys.count else {
      throw args.error(
        "x", "has \(xs.count) values but \(name.isEmpty ? "the data" : "'\(name)'") has \(ys.count)")
    }
    return Series(name: name, points: zip(xs, ys).map { (x: $0, y: $1) })
  }

  /// A list or vector of numbers.
  private static func numbers(_ value: Value, _ args: Arguments, _ parameter: String) throws
    -> [Double]
  {
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
      throw args.error(
        parameter,
        "must be results, a dataset, a list or vector of numbers or a record of them, "
          + "found \(value.typeName)")
    }
  }
}
