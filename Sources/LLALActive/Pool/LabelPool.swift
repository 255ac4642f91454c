import LLALTensor

/// The pool of an active-learning run: which of `size` points are labeled, the initial
/// labeled set, and the history of acquisitions.
public struct LabelPool: Sendable {
  /// How many points the pool holds (indices `0..<size`).
  public let size: Int
  /// The initially labeled indices, sorted.
  public let initial: [Int]
  /// Every acquisition so far, in order.
  public private(set) var history: [Acquisition] = []
  private var mask: [Bool]

  /// A pool of `size` points with `initial` labeled; an index outside the pool or given
  /// twice is an error.
  public init(size: Int, labeled initial: [Int]) throws {
    guard size >= 0 else { throw ActiveLearningError("pool", "size \(size) is negative") }
    self.size = size
    mask = [Bool](repeating: false, count: size)
    for i in initial {
      guard i >= 0, i < size else {
        throw ActiveLearningError("pool", "index \(i) is outside the pool of \(size) points")
      }
      guard !mask[i] else { throw ActiveLearningError("pool", "index \(i) is labeled twice") }
      mask[i] = true
    }
    self.initial = initial.sorted()
  }

  /// A pool of `size` points with `count` of them labeled, drawn at random from `seed`.
  public static func random(size: Int, labeled count: Int, seed: UInt64) throws -> LabelPool {
    guard count >= 0, count <= size else {
      throw ActiveLearningError(
        "pool", "cannot label \(count) of a pool of \(size) points")
    }
    var generator = RandomGenerator(seed: seed)
    return try LabelPool(size: size, labeled: Array(generator.permutation(size).prefix(count)))
  }

  /// The labeled indices, sorted.
  public var labeled: [Int] { mask.indices.filter { mask[$0] } }
  /// The unlabeled indices, sorted.
  public var unlabeled: [Int] { mask.indices.filter { !mask[$0] } }
  /// How many points are labeled.
  public var labeledCount: Int { initial.count + history.reduce(0) { $0 + $1.indices.count } }
  /// Whether point `index` is labeled.
  public func isLabeled(_ index: Int) -> Bool { index >= 0 && index < size && mask[index] }

  /// The candidates of one query: all unlabeled points when `subset` is 0 or at least
  /// their number, else `subset` of them drawn from `generator`; sorted either way.
  public func candidates(subset: Int, generator: inout RandomGenerator) -> [Int] {
    let open = unlabeled
    guard subset > 0, subset < open.count else { return open }
    return generator.permutation(open.count).prefix(subset).map { open[$0] }.sorted()
  }

  /// Labels the points of `selection`, recording it as chosen in `cycle`. An index
  /// outside the pool or already labeled is an error, and then nothing is labeled.
  public mutating func label(_ selection: QuerySelection, cycle: Int) throws {
    var seen = Set<Int>()
    for i in selection.indices {
      guard i >= 0, i < size else {
        throw ActiveLearningError("pool", "index \(i) is outside the pool of \(size) points")
      }
      guard !mask[i], seen.insert(i).inserted else {
        throw ActiveLearningError("pool", "index \(i) is already labeled")
      }
    }
    for i in selection.indices { mask[i] = true }
    history.append(Acquisition(cycle: cycle, selection: selection))
  }
}
