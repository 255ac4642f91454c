import LLALLanguage
import LLALRender
import LLALTensor

/// `plot(...)` and `scatter(...)`: charts drawn with Unicode in the terminal and as SVG on
/// a notebook page.
enum ChartLibrary: BuiltinLibrary {
  /// The labels both take.
  static let labels: [Builtin.Parameter] = [
    .init("title", .string, default: .string("")),
    .init("xlabel", .string, default: .string("")),
    .init("ylabel", .string, default: .string("")),
  ]

  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "plot",
        [.init("data"), .init("x", .any, default: Value.none)] + labels
          + [
            .init("kind", .choice(Chart.Kind.self), default: .string("line")),
            .init("seeds", .bool, default: .bool(false)),
          ],
        returns: "chart",
        doc: """
          A chart. plot(results) draws the learning curves of an experiment; plot(xs) a \
          line through a list, range or vector of numbers, at x = 0, 1, 2, ... unless x \
          gives the positions; plot({a: xs, b: ys}) one line per field; plot(points, \
          kind: "scatter") points as scatter() takes them; plot(dataset) a dataset of 2-D \
          points as a scatter per class. plot(results, seeds: true) draws one curve per \
          strategy and seed instead of the mean. Non-finite values leave gaps.
          """
      ) { args in .host(ChartValue(try labelled(try makeChart(args), args))) })

    registry.register(
      Builtin(
        "scatter", [.init("points")] + labels, returns: "chart",
        doc: """
          A scatter chart of points: a tensor of shape [n, 2], a list of [x, y] pairs, or a \
          record of them (one named group per field: scatter({labeled: a, queried: b})).
          """
      ) { args in
        let series = try ChartData.scatterSeries(args["points"], args, "points")
        return .host(ChartValue(try labelled(Chart(kind: .scatter, series: series), args)))
      })
  }

  /// `chart` with the title and axis labels given as arguments (those left empty keep
  /// the chart's own).
  private static func labelled(_ chart: Chart, _ args: Arguments) throws -> Chart {
    var chart = chart
    let title = try args.string("title")
    if !title.isEmpty { chart.title = title }
    let x = try args.string("xlabel"), y = try args.string("ylabel")
    if !x.isEmpty { chart.xLabel = x }
    if !y.isEmpty { chart.yLabel = y }
    return chart
  }

  private static func makeChart(_ args: Arguments) throws -> Chart {
    let kind = try args.choice("kind", of: Chart.Kind.self)
    let data = args["data"]
    if try args.bool("seeds") {
      guard case .host(let r as ResultsValue) = data else {
        throw args.error("seeds", "is for results (plot(r, seeds: true)); data is \(data.typeName)")
      }
      return r.seedCurves
    }
    if case .host(let h as ChartConvertible) = data {
      do {
        return try h.chart()
      } catch let error as RuntimeError {
        throw args.error("data", error.message)
      }
    }
    if kind == .scatter {
      guard args.isNone("x") else {
        throw args.error("x", "is for line charts; the points of a scatter hold their x")
      }
      return Chart(kind: .scatter, series: try ChartData.scatterSeries(data, args, "data"))
    }
    guard case .record(let r) = data else {
      return Chart(kind: kind, series: [try line("", data, args)])
    }
    guard !r.fields.isEmpty else { throw args.error("data", "is an empty record") }
    return Chart(kind: kind, series: try r.fields.map { try line($0.name, $0.value, args) })
  }

  /// One series of numbers, at the positions in argument `x` when given.
  private static func line(_ name: String, _ value: Value, _ args: Arguments) throws -> Series {
    let ys = try ChartData.numbers(
      value, args, "data",
      expected: "results, a dataset, a list or vector of numbers or a record of them")
    guard !args.isNone("x") else { return Series(name: name, values: ys) }
    let xs = try ChartData.numbers(args["x"], args, "x")
    guard xs.count == ys.count else {
      let what = name.isEmpty ? "the data" : "'\(name)'"
      throw args.error("x", "has \(xs.count) values but \(what) has \(ys.count)")
    }
    return Series(name: name, points: zip(xs, ys).map { (x: $0, y: $1) })
  }
}
