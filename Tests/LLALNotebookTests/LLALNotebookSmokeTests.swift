import XCTest

@testable import LLALNotebook

final class LLALNotebookSmokeTests: XCTestCase {
  func testModuleLinks() { XCTAssertNotNil(LLALNotebook.self) }
}
