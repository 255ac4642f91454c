import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// A weight snapshot puts back exactly what it copied, and refuses another model.
final class WeightSnapshotTests: XCTestCase {
  func testRestorePutsBackTheCopiedWeights() throws {
    let model = try ReferenceModels.mlp(sizes: [4, 8, 3], seed: 1).graph
    let kept = WeightSnapshot(model: model)
    let before = Checkpoint.tensors(model: model).map(\.tensor.scalars)
    try model.initialize(seed: 99)
    XCTAssertNotEqual(Checkpoint.tensors(model: model).map(\.tensor.scalars), before)
    try kept.restore(into: model)
    XCTAssertEqual(Checkpoint.tensors(model: model).map(\.tensor.scalars), before)
    // 4·8 + 8 + 8·3 + 3 weights, 4 bytes each.
    XCTAssertEqual(kept.byteCount, (32 + 8 + 24 + 3) * 4)
  }

  func testAnotherModelIsRefusedAndLeftAlone() throws {
    let kept = WeightSnapshot(model: try ReferenceModels.mlp(sizes: [4, 8, 3]).graph)
    let other = try ReferenceModels.mlp(sizes: [4, 6, 3]).graph
    let before = Checkpoint.tensors(model: other).map(\.tensor.scalars)
    XCTAssertThrowsError(try kept.restore(into: other)) {
      XCTAssertEqual(
        "\($0)",
        "WeightSnapshot holds 4 tensors that do not match the 4 of model '\(other.name)'")
    }
    XCTAssertEqual(Checkpoint.tensors(model: other).map(\.tensor.scalars), before)
  }
}
