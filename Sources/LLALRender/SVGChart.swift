extension Chart {
  /// The chart as a self-contained inline `<svg>` element, for HTML pages.
  ///
  /// Line charts draw each series as a path, with a shaded ± std band where points carry
  /// `std`; scatter charts draw dots. Both have grid lines, axes with ticks at nice numbers,
  /// tick labels, axis labels, the title and a legend at the right. Every text is
  /// XML-escaped and numbers have a fixed format, so the same chart always gives the same
  /// bytes. Non-finite points are skipped (they break a line); a chart with nothing to draw
  /// gives an SVG with a one-line message.
  ///
  /// - Parameters:
  ///   - width: the width in pixels (at least 160).
  ///   - height: the height in pixels (at least 120).
  public func svg(width: Int = 640, height: Int = 400) -> String {
    SVGChartRenderer(chart: self, width: max(width, 160), height: max(height, 120)).render()
  }
}

/// Lays out and writes one SVG chart.
struct SVGChartRenderer {
  let chart: Chart
  let width: Int
  let height: Int

  /// Series colours (Tableau 10), used in order and then repeated.
  static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
  ]
  /// The estimated width of one character cell of 12px sans-serif text, for layout.
  private static let charWidth = 7.0

  /// The plot area in pixels and the two axes.
  struct Frame {
    let x0: Double, x1: Double, y0: Double, y1: Double
    let xScale: AxisScale, yScale: AxisScale

    /// The pixel column of `x`.
    func px(_ x: Double) -> Double { x0 + xScale.fraction(x) * (x1 - x0) }
    /// The pixel row of `y`.
    func py(_ y: Double) -> Double { y1 - yScale.fraction(y) * (y1 - y0) }
  }

  /// The whole `<svg>` element, ending in a newline.
  func render() -> String {
    var out = [header, "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>"]
    if !chart.title.isEmpty {
      out.append(
        text(
          chart.title, x: Double(width) / 2, y: 22, anchor: "middle",
          extra: " font-size=\"14\" font-weight=\"bold\""))
    }
    if let frame = frame() {
      out += grid(frame) + chart.series.indices.flatMap { data(of: $0, in: frame) } + axes(frame)
      if chart.showsLegend { out += legend(frame) }
    } else {
      out.append(
        text(
          "no finite points to plot", x: Double(width) / 2, y: Double(height) / 2, anchor: "middle")
      )
    }
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }

  /// The plot area and scales: tick and axis labels on the left and bottom, the legend on the
  /// right; nil when there is nothing to draw.
  func frame() -> Frame? {
    let xs = chart.finitePoints.map(\.x)
    let ys = yValues
    guard let xMin = xs.min(), let xMax = xs.max(), let yMin = ys.min(), let yMax = ys.max()
    else { return nil }
    let y0 = chart.title.isEmpty ? 16.0 : 40
    let y1 = max(Double(height) - 34 - (chart.xLabel.isEmpty ? 0 : 20), y0 + 40)
    let yScale = AxisScale.loose(min: yMin, max: yMax, maxTicks: max(2, Int((y1 - y0) / 50)))
    let tickLabelWidth = yScale.ticks.map { Double(DisplayWidth.of(yScale.label($0))) }.max() ?? 1
    let x0 = 22 + (chart.yLabel.isEmpty ? 0 : 20) + tickLabelWidth * Self.charWidth
    var right = 16.0
    if chart.showsLegend {
      let names = chart.series.indices.map { Double(DisplayWidth.of(legendName($0))) }
      right += 40 + (names.max() ?? 0) * Self.charWidth
    }
    let x1 = max(Double(width) - right, x0 + 40)
    let xScale = AxisScale.tight(min: xMin, max: xMax, maxTicks: max(2, Int((x1 - x0) / 80)))
    return Frame(x0: x0, x1: x1, y0: y0, y1: y1, xScale: xScale, yScale: yScale)
  }

  /// Light grid lines at the ticks.
  private func grid(_ f: Frame) -> [String] {
    ["<g stroke=\"#e6e6e6\" stroke-width=\"1\">"]
      + f.yScale.ticks.map { line(f.x0, f.py($0), f.x1, f.py($0)) }
      + f.xScale.ticks.map { line(f.px($0), f.y0, f.px($0), f.y1) } + ["</g>"]
  }

  /// One series: bands and lines (a dot for a lone point) or scatter dots.
  private func data(of index: Int, in f: Frame) -> [String] {
    let color = Self.palette[index % Self.palette.count]
    var out = ["<g class=\"series\" fill=\"\(color)\" stroke=\"\(color)\">"]
    let series = chart.series[index]
    switch chart.kind {
    case .line:
      for run in series.finiteRuns {
        for band in bandRuns(run) {
          let upper = band.map { point(f.px($0.x), f.py($0.y + $0.std)) }
          let lower = band.reversed().map { point(f.px($0.x), f.py($0.y - $0.std)) }
          out.append(
            "<path d=\"M" + (upper + lower).joined(separator: " L")
              + " Z\" fill-opacity=\"0.2\" stroke=\"none\"/>")
        }
        if run.count == 1 {
          out.append(circle(f.px(run[0].x), f.py(run[0].y), radius: 3, extra: " stroke=\"none\""))
        } else {
          out.append(
            "<path d=\"M" + run.map { point(f.px($0.x), f.py($0.y)) }.joined(separator: " L")
              + "\" fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\"/>")
        }
      }
    case .scatter:
      for p in series.points where p.isFinite {
        out.append(
          circle(f.px(p.x), f.py(p.y), radius: 3, extra: " fill-opacity=\"0.8\" stroke=\"none\""))
      }
    }
    return out + ["</g>"]
  }

  /// The axis lines, tick marks, tick labels and axis labels.
  private func axes(_ f: Frame) -> [String] {
    var out = ["<g stroke=\"#333333\" stroke-width=\"1\">"]
    out.append(line(f.x0, f.y1, f.x1, f.y1))
    out.append(line(f.x0, f.y0, f.x0, f.y1))
    out += f.yScale.ticks.map { line(f.x0 - 5, f.py($0), f.x0, f.py($0)) }
    out += f.xScale.ticks.map { line(f.px($0), f.y1, f.px($0), f.y1 + 5) }
    out += ["</g>", "<g fill=\"#333333\">"]
    out += f.yScale.ticks.map {
      text(f.yScale.label($0), x: f.x0 - 8, y: f.py($0) + 4, anchor: "end")
    }
    out += f.xScale.ticks.map {
      text(f.xScale.label($0), x: f.px($0), y: f.y1 + 19, anchor: "middle")
    }
    out.append("</g>")
    if !chart.xLabel.isEmpty {
      out.append(text(chart.xLabel, x: (f.x0 + f.x1) / 2, y: f.y1 + 40, anchor: "middle"))
    }
    if !chart.yLabel.isEmpty {
      let (x, y) = (16.0, (f.y0 + f.y1) / 2)
      out.append(
        text(
          chart.yLabel, x: x, y: y, anchor: "middle",
          extra: " transform=\"rotate(-90 \(coord(x)) \(coord(y)))\""))
    }
    return out
  }

  /// One entry per series at the right of the plot: a line or dot swatch and the name.
  private func legend(_ f: Frame) -> [String] {
    var out = ["<g class=\"legend\">"]
    let x = f.x1 + 16
    for index in chart.series.indices {
      let color = Self.palette[index % Self.palette.count]
      let y = f.y0 + 8 + Double(index) * 20
      switch chart.kind {
      case .line:
        out.append(
          line(x, y, x + 18, y).dropLast(2) + " stroke=\"\(color)\" stroke-width=\"2\"/>")
      case .scatter:
        out.append(circle(x + 9, y, radius: 4, extra: " fill=\"\(color)\""))
      }
      out.append(text(legendName(index), x: x + 24, y: y + 4, anchor: "start"))
    }
    return out + ["</g>"]
  }

  /// The opening tag and the accessible title.
  private var header: String {
    let label = chart.title.isEmpty ? "chart" : chart.title
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"llal-chart\" width=\"\(width)\""
      + " height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\""
      + " font-family=\"sans-serif\" font-size=\"12\">\n<title>\(HTML.escape(label))</title>"
  }

  /// Every value the y axis must show: the points, and their bands in a line chart.
  private var yValues: [Double] {
    chart.series.flatMap { series in
      series.points.filter(\.isFinite).flatMap { p -> [Double] in
        guard chart.kind == .line, let s = p.std, s.isFinite else { return [p.y] }
        return [p.y - abs(s), p.y + abs(s)].filter(\.isFinite)
      }
    }
  }

  /// The stretches of a run whose points all carry a finite std, as `(x, y, std)`.
  private func bandRuns(_ run: [ChartPoint]) -> [[(x: Double, y: Double, std: Double)]] {
    var runs: [[(x: Double, y: Double, std: Double)]] = []
    var current: [(x: Double, y: Double, std: Double)] = []
    for p in run {
      if let s = p.std, s.isFinite, (p.y + s).isFinite, (p.y - s).isFinite {
        current.append((p.x, p.y, abs(s)))
      } else {
        if current.count > 1 { runs.append(current) }
        current = []
      }
    }
    if current.count > 1 { runs.append(current) }
    return runs
  }

  /// The legend text of series `index`, cut to 28 cells.
  private func legendName(_ index: Int) -> String {
    let name = chart.series[index].name
    return DisplayWidth.truncate(name.isEmpty ? "series \(index + 1)" : oneLine(name), to: 28)
  }

  private func point(_ x: Double, _ y: Double) -> String { coord(x) + "," + coord(y) }

  private func coord(_ v: Double) -> String { NumberText.coordinate(v) }

  private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
    "<line x1=\"\(coord(x1))\" y1=\"\(coord(y1))\" x2=\"\(coord(x2))\" y2=\"\(coord(y2))\"/>"
  }

  private func circle(_ cx: Double, _ cy: Double, radius: Double, extra: String = "") -> String {
    "<circle cx=\"\(coord(cx))\" cy=\"\(coord(cy))\" r=\"\(coord(radius))\"\(extra)/>"
  }

  private func text(
    _ content: String, x: Double, y: Double, anchor: String, extra: String = ""
  ) -> String {
    "<text x=\"\(coord(x))\" y=\"\(coord(y))\" text-anchor=\"\(anchor)\"\(extra)>"
      + HTML.escape(oneLine(content)) + "</text>"
  }
}
