import LLALLanguage
import LLALActive
import LLALNN
import LLALRender
import LLALTensor

/// One strategy's active-learning run, stepped by hand: `s.step()` runs one cycle
/// (train from scratch, evaluate, score the candidates, query, label), `s.query()` shows
/// what the next cycle would pick without labeling, `s.labeled` lists the labeled pool
/// indices, `s.evaluate(data)` gives the current model's metrics (`s.accuracy(data)` for
/// classification).
final class SessionValue: HostObject {
  /// The cycle runner.
  let session: ActiveLearningSession
  /// Reports progress on a terminal.
  let reporter: ProgressReporter
  /// Where each finished cycle is saved (`session(..., checkpoint:)`), if anywhere.
  let checkpoint: SessionCheckpoint?

  /// A session value reporting progress for an interpreter writing to `output`.
  init(
    _ session: ActiveLearningSession, output: OutputSink, checkpoint: SessionCheckpoint? = nil
  ) {
    self.session = session
    self.reporter = ProgressReporter(cycles: session.budget.cycles, output: output)
    self.checkpoint = checkpoint
  }

  /// Runs (or, from the checkpoint, replays) `count` cycles, all remaining when nil;
  /// notes the replayed ones and the records' warnings.
  func advance(_ count: Int?, _ args: Arguments) throws -> [CycleRecord] {
    defer { reporter.finish() }
    var done: [CycleRecord] = []
    var replayed: [Int] = []
    defer { checkpoint?.noteSkipped(replayed, of: session) }
    // A step after the last cycle runs one, for the session's error.
    for _ in 0..<(count ?? max(0, session.budget.cycles - session.cycle)) {
      guard let checkpoint else {
        done.append(try session.step(onEvent: reporter.handle))
        continue
      }
      let (record, wasReplayed) = try checkpoint.step(session, onEvent: reporter.handle)
      if wasReplayed { replayed.append(record.cycle) }
      done.append(record)
    }
    noteWarnings(done, args)
    return done
  }

  var typeName: String { "session" }

  var description: String {
    let s = session
    var text =
      "session \(s.strategy.name), seed \(s.seed): cycle \(s.cycle) of \(s.budget.cycles) done, "
    text += "\(s.pool.labeledCount) of \(s.pool.size) labeled"
    if let r = s.records.last, let m = r.testAccuracy {
      text += ", test \(r.metricName) \(ResultsValue.format(m, 4))"
    }
    return text
  }

  var memberNames: [String] {
    [
      "step", "run", "query", "accuracy", "evaluate", "predict", "pool", "save", "load", "log",
      "labeled", "unlabeled", "cycle", "records", "finished", "label",
    ]
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "step": return method(SessionMethods.step)
    case "run": return method(SessionMethods.run)
    case "query": return method(SessionMethods.query)
    case "label": return method(SessionMethods.label)
    case "accuracy": return method(SessionMethods.accuracy)
    case "evaluate": return method(SessionMethods.evaluate)
    case "predict": return method(InspectionMethods.predict)
    case "pool": return method(InspectionMethods.pool)
    case "save": return method(WeightFiles.sessionSave)
    case "load": return method(WeightFiles.sessionLoad)
    case "log":
      return .host(
        TrainingLogValue(
          session.records, source: "\(session.strategy.name), seed \(session.seed)"))
    case "labeled": return .list(session.pool.labeled.map { .int($0) })
    case "unlabeled": return .list(session.pool.unlabeled.map { .int($0) })
    case "cycle": return .int(session.cycle)
    case "finished": return .bool(session.isFinished)
    case "records": return .list(session.records.map { .record(CycleRecords.record($0)) })
    default: return nil
    }
  }

  /// Hands the records' warnings to the front end (each shown once).
  func noteWarnings(_ records: [CycleRecord], _ args: Arguments) {
    for r in records {
      for w in r.warnings {
        args.interpreter.noteWarning("\(r.strategy) seed \(r.seed) cycle \(r.cycle + 1): \(w)")
      }
    }
  }

  private func method(_ builtin: Builtin) -> Value {
    .function(FunctionValue(.method(builtin, receiver: .host(self))))
  }
}

/// The methods of sessions.
enum SessionMethods {
  private static func receiver(_ args: Arguments) throws -> SessionValue {
    guard case .host(let h)? = args.receiver, let s = h as? SessionValue else {
      throw RuntimeError("this method needs a session")
    }
    return s
  }

  static let step = Builtin(
    "step", [], returns: "record", receiver: "session",
    doc: """
      Runs one cycle: trains on the labeled points (fresh weights unless the session is \
      warm), evaluates on the test set, measures the ranking accuracies on the unlabeled \
      pool, and — except in the last cycle — queries and labels budget.step points. \
      Returns the cycle's record.
      """
  ) { args in
    let s = try receiver(args)
    guard let record = try s.advance(1, args).first else {
      throw RuntimeError("session: no cycle ran")
    }
    return .host(CycleValue(record))
  }

  static let run = Builtin(
    "run", [], returns: "list", receiver: "session",
    doc: "Runs the remaining cycles; returns their records."
  ) { args in
    let s = try receiver(args)
    let records = try s.advance(nil, args)
    return .list(records.map { .host(CycleValue($0)) })
  }

  static let query = Builtin(
    "query",
    [
      .init(
        "strategy", ParamType.host("strategy", description: "a strategy").orNone,
        default: Value.none)
    ],
    returns: "query", receiver: "session",
    doc: """
      What the current model would query next — pool indices in the order chosen, with \
      their scores — without labeling anything; with a strategy, what that strategy \
      would pick on the same model. The query explains itself: show(), overlap(q), \
      balance, histogram, projection(node).
      """
  ) { args in
    let s = try receiver(args)
    let other =
      args.isNone("strategy") ? nil : try args.host("strategy", as: StrategyValue.self).strategy
    let selection = try args.building(blaming: ["query.strategy": "strategy"]) {
      try s.session.query(using: other)
    }
    return .host(QueryValue(selection, strategy: other ?? s.session.strategy, session: s.session))
  }

  static let label = Builtin(
    "label", [.init("path", .string)], returns: "list", receiver: "session",
    doc: """
      Reads an annotator's answers to the pending query (q = s.query(), q.save(...)) from \
      a CSV with the columns index and label (class ids), one row per pick; the next \
      s.step() trains on them instead of the pool's labels. Needs a session made with \
      labels: "annotator". Returns the labels in the query's order.
      """
  ) { args in
    let s = try receiver(args)
    let answers = try s.session.label(from: try args.string("path"))
    try s.checkpoint?.saveAnswers(s.session)
    return .list(s.session.records.last?.chosen.compactMap { answers[$0] }.map { .int($0) } ?? [])
  }

  static let accuracy = Builtin(
    "accuracy", [.init("data", .host("dataset", description: "a dataset"))], returns: "float",
    receiver: "session",
    doc: "The current classifier's accuracy on a dataset (evaluation mode)."
  ) { args in
    let s = try receiver(args)
    let task = s.session.learner.task
    guard task.hasClassProbabilities else {
      throw RuntimeError(
        "accuracy needs a classification task; task \(task.name) measures "
          + "\(task.metricName) (use s.evaluate(data))")
    }
    let data = try args.dataset("data")
    return .float(try evaluation(args, s, data).accuracy ?? .nan)
  }

  /// The session's evaluation on `data`; an empty dataset is refused at the `data`
  /// argument of the method.
  private static func evaluation(_ args: Arguments, _ s: SessionValue, _ data: DatasetValue)
    throws -> Evaluation
  {
    try args.building(blaming: ["ActiveLearningSession.evaluate.data": "data"]) {
      try s.session.evaluate(on: data.dataset)
    }
  }

  static let evaluate = Builtin(
    "evaluate", [.init("data", .host("dataset", description: "a dataset"))], returns: "record",
    receiver: "session",
    doc: """
      The current model's metrics on a dataset (evaluation mode), as a record: the task's \
      metrics (accuracy; rmse, r2; pck, pck_j0, …), then loss, the mean per-sample loss.
      """
  ) { args in
    let s = try receiver(args)
    let data = try args.dataset("data")
    let e = try evaluation(args, s, data)
    return .record(
      Record(e.metrics.map { ($0.name, .float($0.value)) } + [("loss", .float(e.meanLoss))]))
  }
}
