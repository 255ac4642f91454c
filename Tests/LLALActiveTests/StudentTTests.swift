import XCTest

@testable import LLALActive

/// Student's t and the incomplete beta function against SciPy 1.17.1 (the calls in the
/// comments; `from scipy import stats, special`).
final class StudentTTests: XCTestCase {
  func t(_ df: Double) throws -> StudentT { try XCTUnwrap(StudentT(degreesOfFreedom: df)) }

  func testIncompleteBeta() {
    let cases: [(Double, Double, Double, Double)] = [
      (2.5, 0.5, 0.3, 0.018927124071945658),  // special.betainc(2.5, 0.5, 0.3)
      (0.5, 0.5, 0.999, 0.9798649583666235),  // special.betainc(0.5, 0.5, 0.999)
      (15.0, 0.5, 0.98, 0.4400766792013859),  // special.betainc(15.0, 0.5, 0.98)
      (500.0, 0.5, 0.995, 0.025200765362045793),  // special.betainc(500.0, 0.5, 0.995)
    ]
    for (a, b, x, expected) in cases {
      let got = IncompleteBeta.regularized(a: a, b: b, x: x, y: 1 - x)
      XCTAssertEqual(got, expected, accuracy: 1e-12, "I_\(x)(\(a), \(b))")
    }
    XCTAssertEqual(IncompleteBeta.regularized(a: 2, b: 3, x: 0, y: 1), 0)
    XCTAssertEqual(IncompleteBeta.regularized(a: 2, b: 3, x: 1, y: 0), 1)
    XCTAssertTrue(IncompleteBeta.regularized(a: -1, b: 3, x: 0.5, y: 0.5).isNaN)
  }

  func testCDF() throws {
    let cases: [(Double, Double, Double)] = [
      (1, 0.5, 0.6475836176504333),  // stats.t.cdf(0.5, 1)
      (1, -3.0, 0.10241638234956672),  // stats.t.cdf(-3.0, 1)
      (1, 10.0, 0.9682744825694465),  // stats.t.cdf(10.0, 1)
      (2, 1.5, 0.8638034375544994),  // stats.t.cdf(1.5, 2)
      (2, -0.3, 0.3962428304200888),  // stats.t.cdf(-0.3, 2)
      (30, 2.0, 0.9726874775185085),  // stats.t.cdf(2.0, 30)
      (30, -1.0, 0.1626543077130151),  // stats.t.cdf(-1.0, 30)
      (4.5, 1.2, 0.8552614725790177),  // stats.t.cdf(1.2, 4.5)
      (1000, 3.0, 0.9986166454778809),  // stats.t.cdf(3.0, 1000)
    ]
    for (df, x, expected) in cases {
      XCTAssertEqual(try t(df).cdf(x), expected, accuracy: 1e-12, "cdf(\(x), \(df))")
      XCTAssertEqual(try t(df).survival(-x), expected, accuracy: 1e-12, "sf(\(-x), \(df))")
    }
    XCTAssertEqual(try t(7).cdf(0), 0.5)
    XCTAssertEqual(try t(7).cdf(.infinity), 1)
    XCTAssertEqual(try t(7).cdf(-.infinity), 0)
    XCTAssertTrue(try t(7).cdf(.nan).isNaN)
  }

  func testUpperTailKeepsRelativePrecision() throws {
    let cases: [(Double, Double, Double)] = [
      (5, 50.0, 3.0238788133006125e-08),  // stats.t.sf(50.0, 5)
      (1, 1e6, 3.1830988618368455e-07),  // stats.t.sf(1000000.0, 1)
      (30, 8.0, 3.1329112378503795e-09),  // stats.t.sf(8.0, 30)
    ]
    for (df, x, expected) in cases {
      let got = try t(df).survival(x)
      XCTAssertEqual(got / expected, 1, accuracy: 1e-9, "sf(\(x), \(df)) = \(got)")
      XCTAssertEqual(try t(df).twoSidedPValue(-x) / (2 * expected), 1, accuracy: 1e-9)
    }
    XCTAssertEqual(try t(3).twoSidedPValue(0), 1)
    XCTAssertEqual(try t(3).twoSidedPValue(.infinity), 0)
  }

  func testDensity() throws {
    // stats.t.pdf(0.7, 3)
    XCTAssertEqual(try t(3).density(0.7), 0.2715883590882466, accuracy: 1e-12)
    XCTAssertEqual(try t(3).density(.infinity), 0)
  }

  func testQuantile() throws {
    let cases: [(Double, Double, Double)] = [
      (1, 0.975, 12.706204736174694),  // stats.t.ppf(0.975, 1)
      (1, 0.6, 0.32491969623290634),  // stats.t.ppf(0.6, 1)
      (2, 0.975, 4.302652729749462),  // stats.t.ppf(0.975, 2)
      (2, 0.01, -6.964556734283274),  // stats.t.ppf(0.01, 2)
      (30, 0.975, 2.0422724563012378),  // stats.t.ppf(0.975, 30)
      (30, 0.999, 3.3851848668293045),  // stats.t.ppf(0.999, 30)
      (4, 0.975, 2.7764451051977934),  // stats.t.ppf(0.975, 4)
      (9, 0.975, 2.262157162798205),  // stats.t.ppf(0.975, 9)
      (100, 1e-8, -6.101573472029795),  // stats.t.ppf(1e-08, 100)
      (3.5, 0.9, 1.5765766051364052),  // stats.t.ppf(0.9, 3.5)
    ]
    for (df, p, expected) in cases {
      XCTAssertEqual(try t(df).quantile(p), expected, accuracy: 1e-9, "ppf(\(p), \(df))")
    }
    // stats.t.ppf(1e-10, 1) = -3183098861.8379064: relative precision deep in the tail.
    XCTAssertEqual(try t(1).quantile(1e-10) / -3183098861.8379064, 1, accuracy: 1e-9)
    XCTAssertEqual(try t(5).quantile(0.5), 0)
    XCTAssertEqual(try t(5).quantile(0), -.infinity)
    XCTAssertEqual(try t(5).quantile(1), .infinity)
    XCTAssertTrue(try t(5).quantile(1.5).isNaN)
    XCTAssertTrue(try t(5).quantile(.nan).isNaN)
  }

  func testQuantileInvertsCDF() throws {
    for df in [1.0, 2, 3, 7.5, 30, 200] {
      for p in [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6] {
        XCTAssertEqual(try t(df).cdf(t(df).quantile(p)), p, accuracy: 1e-12 + 1e-9 * p)
      }
    }
  }

  func testInvalidDegreesOfFreedom() {
    XCTAssertNil(StudentT(degreesOfFreedom: 0))
    XCTAssertNil(StudentT(degreesOfFreedom: -2))
    XCTAssertNil(StudentT(degreesOfFreedom: .nan))
    XCTAssertNil(StudentT(degreesOfFreedom: .infinity))
  }
}
