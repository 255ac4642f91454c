import LLALActive
import LLALLanguage

/// The members of results that answer "is A better than B?" (`aubc`, `compare`,
/// `penalty`) and the lines they add to the results table.
extension ResultsValue {
  /// The statistics members, in the order completion lists them.
  static let statisticsMembers = ["aubc", "compare", "penalty"]

  /// `aubc`, `compare` or `penalty`; nil for another name.
  func statisticsMember(_ name: String) -> Value? {
    switch name {
    case "aubc": return .host(AUBCValue(result))
    case "compare":
      return .function(FunctionValue(.method(ResultsValue.compareMethod, receiver: .host(self))))
    case "penalty": return .host(PenaltyValue(result))
    default: return nil
    }
  }

  /// The accuracy table's last row: each strategy's AUBC, mean ± std over seeds.
  var aubcRow: [String] {
    let areas = result.aubc()
    return ["AUBC", ""]
      + result.summaries.map { s in
        areas.row(s.strategy).map { AUBCValue.meanStd($0, digits: 3) } ?? "—"
      }
  }

  /// Under the accuracy table: which strategies the seed spread cannot tell from the
  /// baseline, and a warning when there are fewer than 5 seeds.
  var statisticsFooter: [String] {
    // With one seed the note already says that nothing can be tested.
    let seeds = Set(result.records.map(\.seed)).count
    let standing = seeds < 2 ? nil : baseline.flatMap { result.standing(against: $0)?.footer }
    return [standing, result.fewSeedsNote].compactMap { $0 }
  }

  /// `r.compare("entropy", "random")`.
  static let compareMethod = Builtin(
    "compare", [.init("first", .string), .init("second", .string)], returns: "comparison",
    receiver: "results",
    doc: """
      Compares two strategies by name, paired over the seeds they share: the area under \
      the budget curve and the final test accuracy, each with the mean difference \
      (first − second), its 95% t interval, the paired t-test and Wilcoxon signed-rank \
      p-values, n and a plain verdict (which says when n is too small to conclude).
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let r = h as? ResultsValue else {
      throw RuntimeError("compare needs results")
    }
    let first = try args.string("first")
    let second = try args.string("second")
    let comparison = try args.building(blaming: [
      "PairedComparison.first": "first", "PairedComparison.second": "second",
    ]) { try r.result.compare(first, second) }
    return .host(ComparisonValue(comparison))
  }
}
