import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// Detection datasets: box targets, the `shapes` generator and the npy loader.
final class DetectionDataTests: XCTestCase {
  /// The rows of image `i`: (class, x1, y1, x2, y2).
  private func rows(_ d: Dataset, _ i: Int) -> [[Float]] {
    let b = d.boxes?.scalars ?? []
    let m = d.targetShape[0]
    return (0..<m).map { Array(b[(i * m + $0) * 5..<(i * m + $0 + 1) * 5]) }
  }

  private func iou(_ a: [Float], _ b: [Float]) -> Float {
    let ix = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    let iy = max(0, min(a[4], b[4]) - max(a[2], b[2]))
    let inter = ix * iy
    return inter / ((a[3] - a[1]) * (a[4] - a[2]) + (b[3] - b[1]) * (b[4] - b[2]) - inter)
  }

  func testShapesFollowTheREADME() throws {
    let d = try Datasets.shapes(count: 300, seed: 3)
    XCTAssertEqual(
      d.description, "Dataset(300 samples, x [300, 1, 32, 32], boxes [3, 5], 3 classes)")
    XCTAssertEqual(d.classNames, ["square", "disk", "plus"])
    // Pixels are k/255 in [0, 1], as the peer's uint8 files read.
    XCTAssertTrue(
      d.x.scalars.allSatisfy { v in v >= 0 && v <= 1 && abs(v * 255 - (v * 255).rounded()) < 1e-3 })
    var objectCounts = [0, 0, 0, 0]
    var sides = Set<Int>()
    for i in 0..<d.count {
      let r = rows(d, i)
      let real = r.filter { $0[0] >= 0 }
      objectCounts[real.count] += 1
      // Real rows first, then padding (-1, 0, 0, 0, 0).
      XCTAssertEqual(r.prefix(real.count).map { $0[0] >= 0 }, real.map { _ in true })
      for p in r.dropFirst(real.count) { XCTAssertEqual(p, [-1, 0, 0, 0, 0]) }
      for o in real {
        let s = o[3] - o[1]
        XCTAssertEqual(o[4] - o[2], s, "square boxes")
        XCTAssertTrue((6...12).contains(Int(s)) && s == s.rounded(), "side \(s)")
        XCTAssertTrue(o[1] >= 0 && o[2] >= 0 && o[3] <= 32 && o[4] <= 32, "\(o) inside")
        XCTAssertTrue([0, 1, 2].contains(o[0]))
        sides.insert(Int(s))
      }
      for a in 0..<real.count {
        for b in 0..<a { XCTAssertLessThanOrEqual(iou(real[a], real[b]), 0.3) }
      }
    }
    XCTAssertEqual(objectCounts[0], 0)
    // 1, 2 and 3 objects each about a third of 300; every side appears.
    for k in 1...3 { XCTAssertTrue((70...130).contains(objectCounts[k]), "\(objectCounts)") }
    XCTAssertEqual(sides, Set(6...12))
    let perClass = d.classCounts
    XCTAssertEqual(
      perClass.reduce(0, +), objectCounts[1] + 2 * objectCounts[2] + 3 * objectCounts[3])
    for c in perClass { XCTAssertGreaterThan(c, 150, "\(perClass)") }
  }

  func testShapesAreDeterministicFromTheSeed() throws {
    let a = try Datasets.shapes(count: 20, seed: 7)
    let b = try Datasets.shapes(count: 20, seed: 7)
    let c = try Datasets.shapes(count: 20, seed: 8)
    XCTAssertEqual(a.x.scalars, b.x.scalars)
    XCTAssertEqual(a.boxes?.scalars, b.boxes?.scalars)
    XCTAssertNotEqual(a.boxes?.scalars, c.boxes?.scalars)
  }

  // Without noise every object's centre pixel holds at least its intensity (>= 0.2).
  func testShapesWithoutNoisePaintTheObjects() throws {
    let d = try Datasets.shapes(count: 50, noise: 0, seed: 1)
    let x = d.x.scalars
    for i in 0..<d.count {
      for o in rows(d, i) where o[0] >= 0 {
        let (cx, cy) = (Int((o[1] + o[3]) / 2), Int((o[2] + o[4]) / 2))
        XCTAssertGreaterThanOrEqual(x[i * 1024 + cy * 32 + cx], 0.2 - 1e-6, "image \(i) \(o)")
      }
    }
  }

  // The three masks, worked by hand for side 6 (disk: pixel centres within 3 of (3, 3);
  // plus: rows and columns 2 and 3).
  func testShapeMasks() {
    func mask(_ cls: Int) -> [String] {
      var image = [Float](repeating: 0, count: 64)
      Datasets.paint(
        Datasets.ShapeObject(cls: cls, s: 6, x0: 1, y0: 1), intensity: 1, side: 8, into: &image)
      return (0..<8).map { r in String((0..<8).map { image[r * 8 + $0] > 0 ? "#" : "." }) }
    }
    XCTAssertEqual(
      mask(0),
      [
        "........", ".######.", ".######.", ".######.", ".######.", ".######.",
        ".######.", "........",
      ])
    XCTAssertEqual(
      mask(1),
      [
        "........", "..####..", ".######.", ".######.", ".######.", ".######.",
        "..####..", "........",
      ])
    XCTAssertEqual(
      mask(2),
      [
        "........", "...##...", "...##...", ".######.", ".######.", "...##...",
        "...##...", "........",
      ])
  }

  func testShapesRefuseBadArguments() {
    assertDataError(.invalidArgument, ["shapes: count must be >= 1, got 0"]) {
      try Datasets.shapes(count: 0, seed: 0)
    }
    assertDataError(.invalidArgument, ["shapes: noise must be finite and >= 0, got -1.0"]) {
      try Datasets.shapes(count: 1, noise: -1, seed: 0)
    }
  }

  // MARK: Box targets from tensors

  /// One blank image 6 px wide and 4 high.
  private func image() throws -> Tensor { try Tensor.zeros([1, 1, 4, 6]) }

  private func boxes(_ rows: [Float]...) throws -> Tensor {
    try Tensor(shape: [1, rows.count, 5], rows.flatMap { $0 })
  }

  func testBoxesOnTheBorderAndPaddingAreAccepted() throws {
    let d = try Dataset(
      x: try image(), boxes: try boxes([1, 0, 0, 6, 4], [0, 5, 3, 6, 4], [-1, 0, 0, 0, 0]))
    XCTAssertEqual(d.classCount, 2)
    XCTAssertEqual(d.classCounts, [1, 1])
    XCTAssertEqual(d.targetShape, [3, 5])
    XCTAssertFalse(d.hasClassIDs)
    XCTAssertEqual(d.y, [])
    // An image without objects, and subsets keep the boxes.
    let empty = try Dataset(x: try image(), boxes: try boxes([-1, 0, 0, 0, 0]), classNames: ["a"])
    XCTAssertEqual(empty.classCounts, [0])
    let twice = try d.subset([0, 0])
    XCTAssertEqual(twice.boxes?.shape, [2, 3, 5])
    XCTAssertEqual(twice.classCount, 2)
    XCTAssertEqual(try d.replacingSamples(try image()).boxes?.scalars, d.boxes?.scalars)
  }

  func testBadBoxesAreRefusedWithTheirPlace() throws {
    func refused(
      _ expected: String, _ b: Tensor, x: Tensor? = nil, classCount: Int? = nil,
      names: [String]? = nil, line: UInt = #line
    ) throws {
      let x = try x ?? image()
      XCTAssertThrowsError(
        try Dataset(x: x, boxes: b, classCount: classCount, classNames: names),
        line: line
      ) { XCTAssertEqual(($0 as? FieldError)?.description, expected, line: line) }
    }
    try refused(
      "Dataset.x must be images [N, C, H, W] for boxes, found [1, 24]", try boxes([0, 0, 0, 1, 1]),
      x: try Tensor.zeros([1, 24]))
    try refused(
      "Dataset.boxes must be [N, M, 5] (class, x1, y1, x2, y2 per row) with N = 1 images, "
        + "found [1, 1, 4]", try Tensor(shape: [1, 1, 4], [0, 0, 0, 1]))
    try refused(
      "Dataset.boxes at image 0, row 1: box (0, 2, 1, 2, 3) is empty: it needs x1 < x2 and "
        + "y1 < y2", try boxes([0, 0, 0, 1, 1], [0, 2, 1, 2, 3]))
    try refused(
      "Dataset.boxes at image 0, row 0: box (0, -0.5, 0, 2, 2) lies outside the image: x in "
        + "[0, 6], y in [0, 4]", try boxes([0, -0.5, 0, 2, 2]))
    try refused(
      "Dataset.boxes at image 0, row 0: box (2, 1, 1, 3, 4.5) lies outside the image: x in "
        + "[0, 6], y in [0, 4]", try boxes([2, 1, 1, 3, 4.5]))
    try refused(
      "Dataset.boxes at image 0, row 0: class 1.5 is not a class id (a whole number >= 0, or "
        + "-1 for padding)", try boxes([1.5, 0, 0, 1, 1]))
    try refused(
      "Dataset.boxes at image 0, row 0: class -2 is not a class id (a whole number >= 0, or "
        + "-1 for padding)", try boxes([-2, 0, 0, 1, 1]))
    try refused(
      "Dataset.boxes at image 0, row 0: a padding row must be (-1, 0, 0, 0, 0), found "
        + "(-1, 0, 0, 1, 1)", try boxes([-1, 0, 0, 1, 1]))
    try refused(
      "Dataset.boxes at image 0, row 1: object (0, 0, 0, 1, 1) after a padding row; real rows "
        + "come first", try boxes([-1, 0, 0, 0, 0], [0, 0, 0, 1, 1]))
    try refused(
      "Dataset.boxes at image 0, row 0: nan is not a finite number", try boxes([0, .nan, 0, 1, 1]))
    try refused(
      "Dataset.boxes at image 0, row 1: class 3 is outside the classes 0..<2",
      try boxes([0, 0, 0, 1, 1], [3, 0, 0, 1, 1]), classCount: 2)
    try refused(
      "Dataset.boxes at image 0, row 0: class 1 is outside the classes 0..<1",
      try boxes([1, 0, 0, 1, 1]), names: ["a"])
    try refused(
      "Dataset.classNames must name every class: 1 names for 2 classes",
      try boxes([1, 0, 0, 1, 1]), classCount: 2, names: ["a"])
  }
}
