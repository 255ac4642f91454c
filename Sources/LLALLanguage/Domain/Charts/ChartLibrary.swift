import LLALRender
import LLALTensor

/// `plot(...)`: charts drawn with Unicode in the terminal (and as SVG on a notebook page).
enum ChartLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "plot",
        [
          .init("data"), .init("title", .string, default: .string("")),
          .init("xlabel", .string, default: .string("")),
          .init("ylabel", .string, default: .string("")),
          .init("kind", .string, default: .string("line")),
        ], returns: "chart",
        doc: """
          A chart. plot(results) draws the learning curves of an experiment; plot(xs) a \
          line through a list or vector of numbers; plot({a: xs, b: ys}) one line per \
          field; plot(points, kind: "scatter") the rows [x, y] of a tensor [N, 2]; \
          plot(dataset) a 2-D dataset as a scatter per class.
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
      return h.chart
    case .host(let h as DatasetValue):
      let d = h.dataset
      guard d.sampleShape == [2] else {
        throw args.error(
          "data",
          "must be a dataset of 2-D points to plot, found samples \(describeShape(d.sampleShape))")
      }
      let xs = d.x.scalars
      let series = (0..<d.classCount).map { c in
        Series(
          name: d.classNames?[c] ?? "class \(c)",
          points: d.y.indices.filter { d.y[$0] == c }.map {
            ChartPoint(x: Double(xs[2 * $0]), y: Double(xs[2 * $0 + 1]))
          })
      }
      return Chart(kind: .scatter, xLabel: "x₁", yLabel: "x₂", series: series)
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
      let series = try r.fields.map { Series(name: $0.name, values: try numbers($0.value, args)) }
      return Chart(kind: kind, series: series)
    default:
      return Chart(kind: kind, series: [Series(name: "", values: try numbers(args["data"], args))])
    }
  }

  /// A list or vector of numbers.
  private static func numbers(_ value: Value, _ args: Arguments) throws -> [Double] {
    switch value {
    case .tensor(let t):
      guard t.rank <= 1 else {
        throw args.error(
          "data", "must be a vector to plot as a line, found \(describeShape(t.shape))")
      }
      return t.scalars.map(Double.init)
    case .list(let xs):
      return try xs.map {
        guard let d = $0.asDouble else {
          throw args.error("data", "must hold numbers, found a list holding \($0.typeName)")
        }
        return d
      }
    default:
      throw args.error(
        "data",
        "must be results, a dataset, a list or vector of numbers or a record of them, "
          + "found \(value.typeName)")
    }
  }
}
