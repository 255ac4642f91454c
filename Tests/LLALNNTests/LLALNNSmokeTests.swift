import XCTest

@testable import LLALNN

final class LLALNNSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALNN.self) }
}
