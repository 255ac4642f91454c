/// What a checkpoint keeps of one finished cycle of one run, in `cycle-NNNN.json`: the
/// cycle's record, the pool after its query (the initial labels and every acquisition so
/// far), the seeds of the next cycle's random streams, and the name of the file beside it
/// that holds the model's and loss module's weights.
struct CycleState: Codable, Equatable {
  /// One acquisition: the cycle that chose, the indices, the scores (Floats, widened).
  struct Chosen: Codable, Equatable {
    var cycle: Int
    var indices: [Int]
    var scores: [Double]
  }

  /// One class id an annotator gave (`ActiveLearningSession.label(from:)`).
  struct Given: Codable, Equatable {
    var index: Int
    var label: Int
  }

  /// The seeds the next cycle draws from. Every draw of a cycle comes from the run's seed
  /// and the cycle's number (`RunSeeds`), so no generator state crosses cycles; these are
  /// kept to refuse a checkpoint written by a build whose streams differ.
  struct Streams: Codable, Equatable {
    var model: UInt64
    var training: UInt64
    var query: UInt64

    /// The streams of `cycle` of the run with `seed`.
    init(seed: Int, cycle: Int) {
      model = RunSeeds.model(seed, cycle)
      training = RunSeeds.training(seed, cycle)
      query = RunSeeds.query(seed, cycle)
    }
  }

  /// Marks the file's kind; checked on reading.
  var format = CycleState.formatName
  var strategy: String
  var seed: Int
  /// The finished cycle, from 0.
  var cycle: Int
  /// The pool's size and initially labeled indices.
  var poolSize: Int
  var initial: [Int]
  var acquisitions: [Chosen]
  /// The streams of cycle `cycle + 1`.
  var next: Streams
  /// The safetensors file of the weights after this cycle's training, beside this file.
  var weights: String
  var record: CycleRecordFile
  /// Every class id an annotator gave so far, by pool index (absent when the pool's own
  /// labels answer the queries).
  var given: [Given]?

  static let formatName = "llal-checkpoint-cycle-1"

  /// The pool this state describes; with `before`, only the acquisitions of earlier cycles.
  func pool(before cycle: Int? = nil) throws -> LabelPool {
    var pool = try LabelPool(size: poolSize, labeled: initial)
    for a in acquisitions where cycle.map({ a.cycle < $0 }) ?? true {
      try pool.label(
        QuerySelection(indices: a.indices, scores: a.scores.map(Float.init)), cycle: a.cycle)
    }
    return pool
  }
}
