import Foundation
import XCTest

@testable import LLALLanguage

final class FileProblemTests: XCTestCase {
  func testTheReasonIsThePOSIXErrorUnderFoundations() {
    let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOENT))
    let wrapped = NSError(
      domain: NSCocoaErrorDomain, code: 4, userInfo: [NSUnderlyingErrorKey: posix])
    XCTAssertEqual(FileProblem.reason(wrapped), "No such file or directory")
    XCTAssertEqual(FileProblem.reason(posix), "No such file or directory")
  }

  func testALibrarysOwnErrorDescribesItself() {
    struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
    XCTAssertEqual(FileProblem.reason(Refused()), "refused")
  }
}
