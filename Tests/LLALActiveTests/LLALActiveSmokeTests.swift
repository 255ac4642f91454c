import XCTest

@testable import LLALActive

final class LLALActiveSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALActive.self) }
}
