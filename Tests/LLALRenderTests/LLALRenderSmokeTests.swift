import XCTest

@testable import LLALRender

final class LLALRenderSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALRender.self) }
}
