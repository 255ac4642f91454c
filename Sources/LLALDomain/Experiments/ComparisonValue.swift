import LLALActive
import LLALLanguage

/// `r.compare("entropy", "random")`: a paired comparison over seeds of the AUBC and of the
/// final test accuracy (`ExperimentResult.compare`).
///
/// Displays the heading, a row per measure (mean difference, 95% interval, t-test p,
/// Wilcoxon p, n) and the plain verdicts. Members: `first`, `second`, `aubc` and `final`
/// (records with `mean_diff`, `low`, `high`, `t_p`, `wilcoxon_p`, `n`, `verdict`; `none`
/// where a test needs more seeds).
final class ComparisonValue: HostObject {
  /// The comparison.
  let comparison: PairedComparison

  /// Wraps `comparison`.
  init(_ comparison: PairedComparison) { self.comparison = comparison }

  var typeName: String { "comparison" }

  var description: String { comparison.description }

  var memberNames: [String] { ["first", "second", "aubc", "final"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "first": return .string(comparison.first)
    case "second": return .string(comparison.second)
    case "aubc": return .record(record(comparison.aubc))
    case "final": return .record(record(comparison.final))
    default: return nil
    }
  }

  /// One measure's numbers and verdict.
  private func record(_ m: PairedComparison.Measure) -> Record {
    let number = { (x: Double?) -> Value in x.map { .float($0) } ?? .none }
    return Record([
      ("mean_diff", m.n == 0 ? .none : .float(m.meanDifference)),
      ("low", number(m.interval?.lowerBound)), ("high", number(m.interval?.upperBound)),
      ("t_p", number(m.tTest.pValue)), ("wilcoxon_p", m.n == 0 ? .none : .float(m.wilcoxon.pValue)),
      ("n", .int(m.n)),
      (
        "verdict",
        .string(
          m.verdict.sentence(
            first: comparison.first, second: comparison.second, alpha: comparison.alpha))
      ),
    ])
  }
}
