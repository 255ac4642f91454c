extension ActiveLearningSession {
  /// Labels the pending query's points with an annotator's answers read from the CSV file
  /// at `path` (`LabelFile`: columns `index` and `label`, one row per queried point), as
  /// the acquisition of the last finished cycle; the next `step()` trains on them instead
  /// of the pool's labels. Returns the class id of each point.
  ///
  /// It needs a session whose labels come from an annotator (`LabelSource.annotator`), a
  /// finished step whose query waits, and that query asked (`query()`). A file that
  /// breaks a rule is a `DataError` naming its line, and then nothing is labeled.
  @discardableResult
  public func label(from path: String) throws -> [Int: Int] {
    guard labels == .annotator else {
      throw ActiveLearningError(
        "label",
        "this session labels its queries from the pool; make it with labels: \"annotator\" "
          + "to answer them from a file")
    }
    guard awaitingLabels else {
      throw ActiveLearningError(
        "label",
        records.isEmpty || isFinished
          ? "no query waits for labels: run a step first"
            + (isFinished ? " (every cycle of the budget is done)" : "")
          : "cycle \(cycle)'s query is labeled already; run the next step")
    }
    guard let query = pending else {
      throw ActiveLearningError(
        "label", "ask the query first: q = s.query(), then q.save(...) for the annotator")
    }
    guard let classes = learner.labelClassCount else {
      throw ActiveLearningError(
        "label", "an annotator can only give class ids, and this pool's targets are not classes")
    }
    let answers = try LabelFile.read(path, query: query.indices, classes: classes)
    try learner.give(labels: answers)
    try pool.label(query, cycle: cycle - 1)
    records[records.count - 1].chosen = query.indices
    awaitingLabels = false
    pending = nil
    return answers
  }
}
