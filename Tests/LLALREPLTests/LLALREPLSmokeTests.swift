import XCTest

@testable import LLALREPL

final class LLALREPLSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALREPL.self) }
}
