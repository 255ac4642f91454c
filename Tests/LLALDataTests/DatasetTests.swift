import LLALTensor
import XCTest

@testable import LLALData

final class DatasetTests: XCTestCase {
  func testPlaceholder() throws {
    let d = try Datasets.digits()
    XCTAssertEqual(d.count, 1797)
  }
}
