import Foundation

@testable import LLALRender

/// Charts and tables shared by the rendering tests: fixed numbers, no randomness.
enum Fixtures {
  /// A quadratic learning curve `a + b c - d c^2` over cycles 1 to 10.
  static func curve(_ a: Double, _ b: Double, _ d: Double) -> [(x: Double, y: Double)] {
    (1...10).map { (c: Int) -> (x: Double, y: Double) in
      let x = Double(c)
      return (x: x, y: a + b * x - d * x * x)
    }
  }

  /// A shrinking standard deviation over cycles 1 to 10.
  static func band(_ start: Double, _ slope: Double) -> [Double] {
    (1...10).map { (c: Int) -> Double in start - slope * Double(c) }
  }

  /// Learning curves of three strategies over ten cycles, two with ± std bands.
  static let curves = Chart(
    kind: .line, title: "Accuracy per cycle", xLabel: "cycle", yLabel: "accuracy",
    series: [
      Series(name: "random", points: curve(0.50, 0.035, 0.0012), std: band(0.02, 0.001)),
      Series(name: "entropy", points: curve(0.48, 0.045, 0.0015), std: band(0.025, 0.0015)),
      Series(name: "learning loss", points: curve(0.47, 0.052, 0.0018)),
    ])

  /// A sine and a cosine sampled at 60 points (more points than plot columns).
  static let waves = Chart(
    kind: .line, title: "Waves", xLabel: "t", yLabel: "",
    series: [
      Series(name: "sin", values: (0..<60).map { sin(Double($0) / 6) }),
      Series(name: "cos", values: (0..<60).map { cos(Double($0) / 6) }),
    ])

  /// Two clusters of points on a fixed lattice-like pattern.
  static let clusters = Chart(
    kind: .scatter, title: "Features", xLabel: "f1", yLabel: "f2",
    series: [
      Series(
        name: "labeled",
        points: (0..<40).map { i in
          let a = Double(i) * 0.61
          return (x: 2 + cos(a) * Double(i % 7) * 0.2, y: 3 + sin(a) * Double(i % 5) * 0.25)
        }),
      Series(
        name: "queried",
        points: (0..<25).map { i in
          let a = Double(i) * 1.37
          return (x: 4 + cos(a) * Double(i % 4) * 0.3, y: 1 + sin(a) * Double(i % 6) * 0.2)
        }),
    ])
}
