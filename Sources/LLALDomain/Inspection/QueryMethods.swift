import LLALActive
import LLALLanguage
import LLALRender

/// The methods of query values: `q.show()`, `q.overlap(other)`, `q.projection(node)`.
enum QueryMethods {
  private static func receiver(_ args: Arguments) throws -> QueryValue {
    guard case .host(let h)? = args.receiver, let q = h as? QueryValue else {
      throw RuntimeError("this method needs a query")
    }
    return q
  }

  static let show = Builtin(
    "show", [], returns: "table", receiver: "query",
    doc: """
      A table of every pick: its score, predicted class, true class and true loss (the \
      pool's hidden labels), the loss module's prediction when there is one, and its rank \
      among the unlabeled points under entropy, margin, least confidence and the loss \
      module (1 = that strategy's first pick).
      """
  ) { args in
    let q = try receiver(args)
    let e = try q.explanation()
    let p = e.pool
    let position = Dictionary(uniqueKeysWithValues: p.indices.enumerated().map { ($1, $0) })
    let f = { (x: Float) in ResultsValue.format(Double(x), 4) }
    var headers = ["pick", "index", "score"]
    if p.predictions != nil { headers += ["predicted", "label"] }
    if p.losses != nil { headers.append("loss") }
    if p.predictedLosses != nil { headers.append("predicted loss") }
    headers += e.ranks.map { "\($0.strategy) rank" }
    let rows = e.selection.indices.enumerated().map { k, index -> [String] in
      let i = position[index] ?? 0
      var row = [String(k + 1), String(index), f(e.selection.scores[k])]
      if let predicted = p.predictions {
        row += [String(predicted[i]), p.labels.map { String($0[i]) } ?? "—"]
      }
      if let l = p.losses { row.append(f(l.scalars[i])) }
      if let l = p.predictedLosses { row.append(f(l.scalars[i])) }
      row += e.ranks.map { String($0.ranks[k]) }
      return row
    }
    var footer = "ranks among the \(p.count) unlabeled points; 1 = that strategy's first pick"
    if let labels = e.pickedLabels {
      let counts = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
      footer +=
        "\nclasses of the picks: "
        + counts.keys.sorted().map { "\($0): \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }
    return .host(
      TableValue(
        Table(
          title: "\(q.strategy.name)'s \(e.selection.indices.count) picks at cycle \(q.asker.cycle)",
          headers: headers, rows: rows, alignments: headers.map { _ in .right },
          footer: footer)))
  }

  static let overlap = Builtin(
    "overlap", [.init("other", .host("query", description: "a query"))], returns: "float",
    receiver: "query",
    doc: """
      The Jaccard overlap of the two queries' picked sets: shared picks over all picks \
      (1 when they pick the same points, 0 when none in common).
      """
  ) { args in
    let q = try receiver(args)
    let other = try args.host("other", as: QueryValue.self)
    let a = Set(q.selection.indices), b = Set(other.selection.indices)
    let union = a.union(b).count
    return .float(union == 0 ? 1 : Double(a.intersection(b).count) / Double(union))
  }

  static let projection = Builtin(
    "projection", [.init("node", .any)], returns: "chart", receiver: "query",
    doc: """
      A scatter of the features of a node (a node or its name; image nodes averaged over \
      space) of every pool point, projected on their first two principal components: \
      the unlabeled points, the labeled ones and the picks.
      """
  ) { args in
    let q = try receiver(args)
    try q.checkCurrent()
    let name: String
    switch args["node"] {
    case .string(let s): name = s
    case .host(let n as NodeValue): name = n.node.name
    default:
      throw args.error(
        "node", "must be a node (Net.c2) or its name, found \(args["node"].typeName)")
    }
    let s = q.asker
    let all = Array(0..<s.pool.size)
    let p = try args.building(blaming: ["GraphLearner.predict.features": "node"]) {
      try s.learner.predict(.pool(all), nodes: [name])
    }
    guard let features = p.features[name] else {
      throw args.error("node", "names '\(name)', whose features the model did not give")
    }
    let d = features.shape[1]
    let values = features.scalars.map(Double.init)
    let rows = (0..<all.count).map { i in Array(values[(i * d)..<((i + 1) * d)]) }
    let pca = try args.building(blaming: ["PrincipalComponents": "node"]) {
      try PrincipalComponents(rows: rows, count: min(2, d))
    }
    let picked = Set(q.selection.indices), labeled = Set(s.pool.labeled)
    func series(_ name: String, _ keep: (Int) -> Bool) -> Series {
      let points = all.filter(keep).map { i in
        (x: pca.projection[i][0], y: pca.projection[i].count > 1 ? pca.projection[i][1] : 0)
      }
      return Series(name: "\(name) (\(points.count))", points: points)
    }
    return .host(
      ChartValue(
        Chart(
          kind: .scatter,
          title: "\(name) features, first two principal components, cycle \(s.cycle)",
          xLabel: "PC1", yLabel: "PC2",
          series: [
            series("unlabeled") { !labeled.contains($0) && !picked.contains($0) },
            series("labeled") { labeled.contains($0) },
            series("picked") { picked.contains($0) },
          ])))
  }
}
