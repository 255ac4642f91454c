import Foundation

/// Wall-clock time, process CPU time and peak memory for the benchmarks' summaries.
enum ProcessTime {
  /// Seconds since `start`.
  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// User plus system CPU seconds of this process so far (all threads), as Python's
  /// `time.process_time()`.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
  }

  /// The process's peak resident memory (`VmHWM`) in MiB, nil where unavailable.
  static func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kib = Double(
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
    else { return nil }
    return (kib / 1024 * 10).rounded() / 10
  }
}
