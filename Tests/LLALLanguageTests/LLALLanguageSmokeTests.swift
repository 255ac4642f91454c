import XCTest

@testable import LLALLanguage

final class LLALLanguageSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALLanguage.self) }
}
