/// One acquisition: the points chosen after training in `cycle`, with their scores.
public struct Acquisition: Equatable, Sendable {
  /// The cycle (from 0) whose model chose the points; they are labeled from the next one.
  public let cycle: Int
  /// Pool indices, in the order the strategy chose them.
  public let indices: [Int]
  /// The strategy's score of each.
  public let scores: [Float]

  /// An acquisition of `selection` in `cycle`.
  public init(cycle: Int, selection: QuerySelection) {
    self.cycle = cycle
    self.indices = selection.indices
    self.scores = selection.scores
  }
}
