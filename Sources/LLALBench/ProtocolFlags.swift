/// Settings of an active-learning benchmark (`al-digits`, `al-pose`) that replace the
/// peer script's defaults when set, under the peer's option names (`--seeds`, `--cycles`,
/// `--epochs`, `--strategies`, `--initial`, `--budget`).
public struct ProtocolFlags: Sendable, Equatable {
  /// Strategies by name.
  public var strategies: [String]?
  /// Seeds, one run per strategy each.
  public var seeds: [Int]?
  /// Cycles per run.
  public var cycles: Int?
  /// Epochs per cycle.
  public var epochs: Int?
  /// Initial random labels.
  public var initial: Int?
  /// Labels added per cycle.
  public var step: Int?

  /// None set: the peer's protocol.
  public init() {}

  /// The option names of the flags that are set, in the order above.
  public var namesSet: [String] {
    [
      ("--strategies", strategies != nil), ("--seeds", seeds != nil),
      ("--cycles", cycles != nil), ("--epochs", epochs != nil),
      ("--initial", initial != nil), ("--budget", step != nil),
    ].filter(\.1).map(\.0)
  }
}

/// The settings of an active-learning benchmark that `ProtocolFlags` and `--quick` change.
public protocol ProtocolSettings {
  /// Strategies by name.
  var strategies: [String] { get set }
  /// Seeds, one run per strategy each.
  var seeds: [Int] { get set }
  /// Cycles per run.
  var cycles: Int { get set }
  /// Epochs per cycle.
  var epochs: Int { get set }
  /// Initial random labels.
  var initial: Int { get set }
  /// Labels added per cycle.
  var step: Int { get set }
}

extension BenchOptions {
  /// Applies `--quick` (one seed, three cycles of ten epochs) to the peer's `settings`,
  /// then the protocol flags that are set.
  public func adjust(_ settings: inout some ProtocolSettings) {
    if quick {
      settings.seeds = [0]
      settings.cycles = 3
      settings.epochs = 10
    }
    let p = protocolFlags
    settings.strategies = p.strategies ?? settings.strategies
    settings.seeds = p.seeds ?? settings.seeds
    settings.cycles = p.cycles ?? settings.cycles
    settings.epochs = p.epochs ?? settings.epochs
    settings.initial = p.initial ?? settings.initial
    settings.step = p.step ?? settings.step
  }
}

/// Options that the chosen suite does not take, or a suite run without what it needs.
public struct BenchUsageError: Error, CustomStringConvertible, Equatable {
  /// What is wrong, naming the options.
  public let description: String
}
