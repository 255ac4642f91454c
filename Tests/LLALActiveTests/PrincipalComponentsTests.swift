import LLALTensor
import XCTest

@testable import LLALActive

/// Principal components by power iteration against NumPy's eigendecomposition.
final class PrincipalComponentsTests: XCTestCase {
  // numpy 2.4.6:
  //   c = np.cov(x, rowvar=False); w, v = np.linalg.eigh(c); order by w descending;
  //   each column's sign flipped so its largest-|entry| is positive;
  //   (x - x.mean(0)) @ v[:, :2]
  private let x: [[Double]] = [
    [2.5, 2.4, 0.5], [0.5, 0.7, 1.0], [2.2, 2.9, 0.3], [1.9, 2.2, 0.8], [3.1, 3.0, 0.1],
    [2.3, 2.7, 0.6], [2.0, 1.6, 0.9], [1.0, 1.1, 1.2], [1.5, 1.6, 0.7], [1.1, 0.9, 1.1],
  ]

  func testMatchesNumPy() throws {
    let pca = try PrincipalComponents(rows: x, count: 2)
    let expected: [[Double]] = [
      [0.65069176, 0.70793602, -0.27463944], [0.75927, -0.61156334, 0.2224845],
    ]
    for (c, e) in zip(pca.components, expected) {
      for (a, b) in zip(c, e) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }
    XCTAssertEqual(pca.variances[0], 1.38706574, accuracy: 1e-7)
    XCTAssertEqual(pca.variances[1], 0.05077293, accuracy: 1e-7)
    let rows: [[Double]] = [
      [0.85628664, 0.17528367], [-1.78590784, -0.1923564], [1.06997501, -0.4027759],
    ]
    for (p, e) in zip(pca.projection.prefix(3), rows) {
      for (a, b) in zip(p, e) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }
  }

  func testSignIsFixedWhateverTheRowOrder() throws {
    let a = try PrincipalComponents(rows: x, count: 2)
    let b = try PrincipalComponents(rows: x.reversed(), count: 2)
    for (u, v) in zip(a.components.joined(), b.components.joined()) {
      XCTAssertEqual(u, v, accuracy: 1e-9)
    }
  }

  func testRefusals() {
    XCTAssertThrowsError(try PrincipalComponents(rows: [[1, 2]], count: 1)) {
      XCTAssertEqual("\($0)", "PrincipalComponents needs at least 2 rows, found 1")
    }
    XCTAssertThrowsError(try PrincipalComponents(rows: [[1, 2], [1]], count: 1)) {
      XCTAssertEqual("\($0)", "PrincipalComponents rows must all have 2 values")
    }
    XCTAssertThrowsError(try PrincipalComponents(rows: [[1, 2], [3, 4]], count: 3)) {
      XCTAssertEqual("\($0)", "PrincipalComponents count must be 1 to 2, found 3")
    }
    XCTAssertThrowsError(try PrincipalComponents(rows: [[1, .nan], [3, 4]], count: 1)) {
      XCTAssertEqual("\($0)", "PrincipalComponents values must be finite")
    }
  }
}
