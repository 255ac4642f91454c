import Foundation

/// Timing in the manner of the peer scripts (`_common.py`): warm-up calls, then `reps`
/// repetitions, each averaging enough calls to last at least `minRepTime` seconds.
public enum Timing {
  /// Per-call seconds of each repetition.
  public static func measure(
    reps: Int, warmup: Int = 3, minRepTime: Double, _ body: () throws -> Void
  ) rethrows -> [Double] {
    for _ in 0..<warmup { try body() }
    let clock = ContinuousClock()
    let one = max(try seconds(clock.measure { try body() }), 1e-7)
    let inner = max(1, Int(minRepTime / one))
    var times: [Double] = []
    for _ in 0..<max(reps, 1) {
      let elapsed = try clock.measure { for _ in 0..<inner { try body() } }
      times.append(seconds(elapsed) / Double(inner))
    }
    return times
  }

  /// `median_ms`, `min_ms`, `max_ms` and `reps` of per-call times, as the peers print.
  public static func summary(_ times: [Double]) -> JSONLine {
    let s = times.sorted()
    var line = JSONLine()
    line["median_ms"] = .double(round4(median(s) * 1e3))
    line["min_ms"] = .double(round4((s.first ?? 0) * 1e3))
    line["max_ms"] = .double(round4((s.last ?? 0) * 1e3))
    line["reps"] = .int(s.count)
    return line
  }

  /// The median of sorted values (mean of the middle two for an even count).
  static func median(_ s: [Double]) -> Double {
    if s.isEmpty { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  static func round4(_ x: Double) -> Double { (x * 1e4).rounded() / 1e4 }

  static func seconds(_ d: Duration) -> Double {
    let (s, atto) = d.components
    return Double(s) + Double(atto) * 1e-18
  }
}
