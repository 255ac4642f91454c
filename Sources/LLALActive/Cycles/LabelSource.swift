/// Where a session's queried points get their labels.
public enum LabelSource: String, CaseIterable, Sendable {
  /// The pool's own labels answer every query at once (a simulated annotator).
  case pool
  /// A person answers: each step trains and evaluates without labeling; the step after
  /// waits for the answers to the query in between (`ActiveLearningSession.label(from:)`).
  case annotator
}
