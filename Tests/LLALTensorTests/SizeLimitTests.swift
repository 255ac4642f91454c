import LLALTensor
import XCTest

/// The one check of user-given sizes (issue 14: sizes near `Int.max` overflowed the
/// arithmetic done with them).
final class SizeLimitTests: XCTestCase {
  func testSizesInRangePassAndOthersNameTheField() {
    XCTAssertEqual(SizeLimit.maximum, 1 << 30)
    XCTAssertNoThrow(try SizeLimit.check(0, "T.pad"))
    XCTAssertNoThrow(try SizeLimit.check(1 << 30, "T.pad"))
    func refusal(_ body: () throws -> Void) -> FieldError? {
      do {
        try body()
        return nil
      } catch { return error as? FieldError }
    }
    XCTAssertEqual(
      refusal { try SizeLimit.check(-2, "T.pad") },
      FieldError("T.pad", "must not be negative, found -2"))
    XCTAssertEqual(
      refusal { try SizeLimit.check(0, "T.count", atLeast: 1) },
      FieldError("T.count", "must be at least 1, found 0"))
    XCTAssertEqual(
      refusal { try SizeLimit.check(Int.max, "T.count", atLeast: 1) },
      FieldError("T.count", "must be at most 1073741824, found 9223372036854775807"))
    XCTAssertEqual(
      refusal { try SizeLimit.check((1 << 30) + 1, "T.pad") },
      FieldError("T.pad", "must be at most 1073741824, found 1073741825"))
  }

  func testRealFactorsAreFiniteAndInRange() {
    XCTAssertNoThrow(try SizeLimit.check(2.5, "T.factor", atLeast: 1))
    for (value, reason) in [
      (1e300, "must be at most 1073741824, found 1e+300"),
      (0.5, "must be at least 1, found 0.5"),
      (Double.nan, "must be at least 1, found nan"),
      (Double.infinity, "must be at least 1, found inf"),
    ] {
      XCTAssertThrowsError(try SizeLimit.check(value, "T.factor", atLeast: 1)) { e in
        XCTAssertEqual(e as? FieldError, FieldError("T.factor", reason))
      }
    }
  }

  func testCountChecksEveryFactor() {
    XCTAssertEqual(SizeLimit.count([4, 8, 8]), 256)
    XCTAssertEqual(SizeLimit.count([]), 1)
    XCTAssertEqual(SizeLimit.count([1 << 15, 1 << 15]), 1 << 30)
    XCTAssertNil(SizeLimit.count([1 << 15, (1 << 15) + 1]))
    // 2³¹ · 2³¹ · 2³¹ wraps to 0 in Int arithmetic; the check stops at the second factor.
    XCTAssertNil(SizeLimit.count([1 << 31, 1 << 31, 1 << 31, 0]))
    XCTAssertNil(SizeLimit.count([3, -1]))
  }
}
