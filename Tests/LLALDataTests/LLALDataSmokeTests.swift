import XCTest

@testable import LLALData

final class LLALDataSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALData.self) }
}
