/// Which strategies differ from a reference strategy (random sampling by default) by more
/// than the seed spread, for the footer of the results table.
///
/// A strategy is *not distinguishable* from the reference when the 95% t interval of its
/// paired AUBC difference (strategy − reference, over the shared seeds) contains 0 — the
/// same as a two-sided paired t-test with p ≥ 0.05. Otherwise it is better or worse by the
/// sign of the mean difference. With fewer than 2 paired seeds it cannot be placed. The
/// t interval is used rather than the Wilcoxon test because below 6 seeds the exact
/// Wilcoxon test could never separate anything; the footer states the seed count, and
/// `PairedComparison` gives both tests for a closer look.
public struct ReferenceStanding: Equatable, Sendable {
  /// Where one strategy stands against the reference.
  public enum Standing: String, Equatable, Sendable {
    /// Its AUBC interval lies above 0.
    case better
    /// Its AUBC interval lies below 0.
    case worse
    /// Its AUBC interval contains 0.
    case indistinguishable = "not distinguishable"
    /// Fewer than 2 paired seeds.
    case untestable = "untested"
  }

  /// One strategy's standing.
  public struct Entry: Equatable, Sendable {
    /// The strategy's name.
    public let strategy: String
    /// The paired t-test of its AUBC against the reference's.
    public let test: PairedTTest
    /// Where it stands.
    public let standing: Standing
  }

  /// The reference strategy.
  public let reference: String
  /// Every other strategy with records, in strategy order.
  public let entries: [Entry]

  /// The strategies with `standing`, in strategy order.
  public func strategies(_ standing: Standing) -> [String] {
    entries.filter { $0.standing == standing }.map(\.strategy)
  }

  /// One line for under the results table, e.g.
  /// `not distinguishable from random (95% interval of the paired AUBC difference
  /// contains 0, 3 seeds): entropy, margin`; nil when there is no other strategy.
  public var footer: String? {
    guard !entries.isEmpty else { return nil }
    let tested = entries.filter { $0.standing != .untestable }
    let seeds = Set(tested.map(\.test.n)).sorted().map(String.init).joined(separator: "/")
    let same = strategies(.indistinguishable)
    let untested = strategies(.untestable)
    if untested.count == entries.count {
      return "fewer than 2 paired seeds: no strategy can be told apart from \(reference)"
    }
    let rule = "95% interval of the paired AUBC difference contains 0, \(seeds) seeds"
    var line =
      same.isEmpty
      ? "no strategy is within the seed spread of \(reference) (AUBC, \(seeds) seeds)"
      : "not distinguishable from \(reference) (\(rule)): " + same.joined(separator: ", ")
    if !untested.isEmpty {
      line += "; untested (under 2 seeds): " + untested.joined(separator: ", ")
    }
    return line
  }
}

extension ExperimentResult {
  /// Where every strategy stands against `reference` on the AUBC of `metric`; nil when
  /// `reference` has no records.
  public func standing(
    against reference: String = "random", metric: KeyPath<CycleRecord, Double?> = \.testAccuracy
  ) -> ReferenceStanding? {
    guard records.contains(where: { $0.strategy == reference }) else { return nil }
    let others = strategies.filter { s in s != reference && records.contains { $0.strategy == s } }
    let entries = others.compactMap { strategy -> ReferenceStanding.Entry? in
      guard let c = try? compare(strategy, reference, metric: metric) else { return nil }
      let test = c.aubc.tTest
      let standing: ReferenceStanding.Standing
      if let interval = test.interval {
        standing =
          interval.contains(0) ? .indistinguishable : (test.meanDifference > 0 ? .better : .worse)
      } else {
        standing = .untestable
      }
      return .init(strategy: strategy, test: test, standing: standing)
    }
    return ReferenceStanding(reference: reference, entries: entries)
  }
}
