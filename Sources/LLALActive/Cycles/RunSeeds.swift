/// The seeds of one run's random draws, all derived from the run's seed so that every
/// strategy with the same seed starts from the same initial labels and the same initial
/// weights each cycle (a paired comparison).
enum RunSeeds {
  /// The initial labeled set.
  static func initial(_ seed: Int) -> UInt64 { mix(UInt64(seed), 0x494E_4954) }  // "INIT"
  /// The stop set of a stopping rule (`StabilizingPredictions`).
  static func stop(_ seed: Int) -> UInt64 { mix(UInt64(seed), 0x53_544F_50) }  // "STOP"
  /// The weights drawn at the start of `cycle` (`seed·1000 + cycle`, as the peer script's
  /// `torch.manual_seed`).
  static func model(_ seed: Int, _ cycle: Int) -> UInt64 { perCycle(seed, cycle) }
  /// The training loop's shuffling in `cycle`.
  static func training(_ seed: Int, _ cycle: Int) -> UInt64 { perCycle(seed, cycle) }
  /// The candidate subset and the strategy's draws after `cycle`.
  static func query(_ seed: Int, _ cycle: Int) -> UInt64 {
    mix(perCycle(seed, cycle), 0x5155_4552_59)  // "QUERY"
  }

  /// `seed·1000 + cycle` in wrapping arithmetic: the same number for every seed below
  /// 9·10¹⁵, and no overflow trap for a seed as large as an int (seeds are not negative).
  private static func perCycle(_ seed: Int, _ cycle: Int) -> UInt64 {
    UInt64(seed) &* 1000 &+ UInt64(cycle)
  }

  /// SplitMix64's finaliser over `a` and `b`.
  private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var z = a &+ b &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
