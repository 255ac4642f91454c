import LLALData
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// An optimizer's `augment:` record and `data.augment(...)` share their defaults, `crop:
/// true, pad: 4, flip: true` (issue 14: fields left out meant no augmentation).
final class AugmentationOptionsTests: XCTestCase {
  private func augmentation(_ call: String) throws -> [Augmentation.Step]? {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    guard case .host(let h)? = try interpreter.evaluate(call, name: "test"),
      let training = h as? TrainingValue
    else {
      XCTFail("\(call) is not an optimizer")
      return nil
    }
    return training.augmentation?.steps
  }

  func testRecordFieldsLeftOutTakeTheDefaults() throws {
    let paper: [Augmentation.Step] = [.randomCrop(padding: 4), .horizontalFlip()]
    XCTAssertEqual(try augmentation("sgd(augment: {})"), paper)
    XCTAssertEqual(try augmentation("adam(augment: {pad: 4})"), paper)
    XCTAssertEqual(
      try augmentation("sgd(augment: {pad: 2})"), [.randomCrop(padding: 2), .horizontalFlip()])
    XCTAssertEqual(try augmentation("sgd(augment: {flip: false})"), [.randomCrop(padding: 4)])
    XCTAssertEqual(try augmentation("sgd(augment: {crop: false})"), [.horizontalFlip()])
    XCTAssertNil(try augmentation("sgd(augment: {crop: false, flip: false})"))
    XCTAssertNil(try augmentation("sgd()"))
  }
}
