import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// COCO-style annotation files over an npy image array or PGM files.
final class COCOLoaderTests: XCTestCase {
  /// Three 3×2 images (ids 10, 11, 12), categories with ids 7 ("disk") and 3
  /// ("square"): image 10 holds a square touching the right border and a disk, image 11
  /// nothing, image 12 a disk; one crowd annotation is left out.
  private let annotations = """
    {"info": {"year": 2026},
     "images": [
       {"id": 10, "width": 3, "height": 2, "file_name": "a.pgm"},
       {"id": 11, "width": 3, "height": 2, "file_name": "b.pgm"},
       {"id": 12, "width": 3, "height": 2, "file_name": "c.pgm"}],
     "annotations": [
       {"id": 1, "image_id": 10, "category_id": 3, "bbox": [1, 0, 2, 2], "iscrowd": 0},
       {"id": 2, "image_id": 12, "category_id": 7, "bbox": [0.5, 0.25, 1, 1.5]},
       {"id": 3, "image_id": 10, "category_id": 7, "bbox": [0, 0, 1, 1]},
       {"id": 4, "image_id": 11, "category_id": 7, "bbox": [0, 0, 3, 2], "iscrowd": 1}],
     "categories": [{"id": 7, "name": "disk"}, {"id": 3, "name": "square"}]}
    """

  private let expectedBoxes: [Float] = [
    0, 1, 0, 3, 2, 1, 0, 0, 1, 1,
    -1, 0, 0, 0, 0, -1, 0, 0, 0, 0,
    1, 0.5, 0.25, 1.5, 1.75, -1, 0, 0, 0, 0,
  ]

  func testAnnotationsOverAnNPYArray() throws {
    let dir = try TemporaryDirectory()
    let json = try dir.write("instances.json", Array(annotations.utf8))
    let x = try dir.write(
      "x.npy", npyFile(descr: "|u1", shape: "(3, 1, 2, 3)", (0..<18).map { UInt8($0 * 15) }))
    let d = try Datasets.coco(annotations: json, images: x)
    XCTAssertEqual(d.description, "Dataset(3 samples, x [3, 1, 2, 3], boxes [2, 5], 2 classes)")
    // Classes by increasing category id: 3 → 0 (square), 7 → 1 (disk).
    XCTAssertEqual(d.classNames, ["square", "disk"])
    XCTAssertEqual(d.boxes?.scalars, expectedBoxes)
    XCTAssertEqual(d.x.scalars[1], 15 / 255)
  }

  func testAnnotationsOverPGMFiles() throws {
    let dir = try TemporaryDirectory()
    let json = try dir.write("instances.json", Array(annotations.utf8))
    try dir.write("a.pgm", Array("P5\n# made by hand\n3 2\n255\n".utf8) + [0, 51, 255, 1, 2, 3])
    try dir.write("b.pgm", Array("P2 3 2 4\n0 1 2\n3 4 0\n".utf8))
    try dir.write("c.pgm", Array("P5 3 2 1000 ".utf8) + [0, 0, 3, 232, 0, 1, 0, 2, 0, 3, 0, 4])
    let d = try Datasets.coco(annotations: json)
    XCTAssertEqual(d.x.shape, [3, 1, 2, 3])
    XCTAssertEqual(Array(d.x.scalars[0..<3]), [0, 0.2, 1])
    XCTAssertEqual(Array(d.x.scalars[6..<12]), [0, 0.25, 0.5, 0.75, 1, 0])
    XCTAssertEqual(Array(d.x.scalars[12..<14]), [0, 1])
    XCTAssertEqual(d.boxes?.scalars, expectedBoxes)
  }

  private func refused(
    _ json: String, _ fragments: [String], images: [UInt8]? = nil, line: UInt = #line
  ) throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("a.json", Array(json.utf8))
    let x = try images.map { try dir.write("x.npy", $0) }
    assertDataError(.malformed, fragments, line: line) {
      try Datasets.coco(annotations: path, images: x)
    }
  }

  private func file(
    images: String = #"[{"id": 1, "width": 4, "height": 4}]"#,
    annotations: String = "[]",
    categories: String = #"[{"id": 1, "name": "a"}]"#
  ) -> String {
    #"{"images": \#(images), "annotations": \#(annotations), "categories": \#(categories)}"#
  }

  private let fourByFour = npyFile(
    descr: "|u1", shape: "(1, 1, 4, 4)", [UInt8](repeating: 0, count: 16))

  func testMalformedFilesAreLocated() throws {
    try refused("{\"images\": [}", ["a.json: line 1, column 13: "])
    try refused("[]", ["a.json: the file: must be an object, found an array"])
    try refused(
      #"{"images": []}"#,
      ["a.json: categories: is missing (a COCO file needs images, annotations and categories)"])
    try refused(file(images: "[]"), ["a.json: images: lists no images"], images: fourByFour)
    try refused(
      file(images: #"[{"id": 1, "width": 4, "height": 4}]"#),
      ["a.json: images[0]: has no file_name (give the pixels as an .npy array, or name PGM files)"])
    try refused(
      file(images: #"[{"id": 1, "width": 4, "height": 4}, {"id": 1, "width": 4, "height": 4}]"#),
      ["a.json: images[1].id: repeats the id 1"], images: fourByFour)
    try refused(
      file(images: #"[{"id": 1, "width": 4, "height": 4}, {"id": 2, "width": 5, "height": 4}]"#),
      ["a.json: images[1]: is 5 × 4 pixels, the first image 4 × 4; all images must have one size"],
      images: fourByFour)
    try refused(
      file(images: #"[{"id": 1, "width": 0, "height": 4}]"#),
      ["a.json: images[0].width: must be a whole number >= 1, found 0"], images: fourByFour)
    try refused(
      file(categories: #"[{"id": 1, "name": 5}]"#),
      ["a.json: categories[0].name: must be a string"],
      images: fourByFour)
    try refused(
      file(annotations: #"[{"image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1]}]"#),
      ["a.json: annotations[0].image_id: 2 is not the id of an image"], images: fourByFour)
    try refused(
      file(annotations: #"[{"image_id": 1, "category_id": 9, "bbox": [0, 0, 1, 1]}]"#),
      ["a.json: annotations[0].category_id: 9 is not the id of a category"], images: fourByFour)
    try refused(
      file(annotations: #"[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1]}]"#),
      ["a.json: annotations[0].bbox: must be 4 numbers [x, y, width, height], found an array of 3"],
      images: fourByFour)
    try refused(
      file(annotations: #"[{"image_id": 1, "category_id": 1}]"#),
      ["a.json: annotations[0].bbox: must be 4 numbers [x, y, width, height], found nothing"],
      images: fourByFour)
    // The box rules are the dataset's: a box past the border, an empty box.
    try refused(
      file(
        annotations: #"[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}, "#
          + #"{"image_id": 1, "category_id": 1, "bbox": [2, 1, 3, 1]}]"#),
      [
        "a.json: annotations[1]: box (0, 2, 1, 5, 2) lies outside the image: x in [0, 4], y in [0, 4]"
      ],
      images: fourByFour)
    try refused(
      file(annotations: #"[{"image_id": 1, "category_id": 1, "bbox": [2, 1, 0, 1]}]"#),
      ["a.json: annotations[0]: box (0, 2, 1, 2, 2) is empty: it needs x1 < x2 and y1 < y2"],
      images: fourByFour)
    // The npy array must hold the listed images.
    try refused(
      file(),
      ["x.npy: images [1, 1, 2, 2] do not match ", "1 images of 4 × 4 pixels ([1, C, 4, 4])"],
      images: npyFile(descr: "|u1", shape: "(1, 1, 2, 2)", [0, 0, 0, 0]))
  }

  func testBadPGMFilesAreLocated() throws {
    let dir = try TemporaryDirectory()
    let json = try dir.write(
      "a.json",
      Array(file(images: #"[{"id": 1, "width": 2, "height": 1, "file_name": "p.pgm"}]"#).utf8))
    func refused(_ pgm: [UInt8], _ expected: String, line: UInt = #line) throws {
      try dir.write("p.pgm", pgm)
      assertDataError(.malformed, [expected], line: line) { try Datasets.coco(annotations: json) }
    }
    try refused(
      Array("P6 2 1 255 ".utf8) + [0, 0],
      "p.pgm: byte offset 0: not a PGM image: it must start with P5 or P2")
    try refused(Array("P5 2 x".utf8), "p.pgm: byte offset 5: expected the height, a number")
    try refused(
      Array("P5 2 1 255 ".utf8) + [7],
      "p.pgm: byte offset 11: truncated: 2 × 1 pixels need 2 bytes, found 1")
    try refused(
      Array("P5 2 1 255 ".utf8) + [7, 8, 9],
      "p.pgm: byte offset 11: 1 unexpected bytes after the pixels")
    try refused(
      Array("P5 2 1 9 ".utf8) + [7, 10], "p.pgm: byte offset 10: pixel 1 is 10, above the maximum 9"
    )
    try refused(
      Array("P2 2 1 0 0 0".utf8),
      "p.pgm: byte offset 8: the maximum value must be 1 to 65535, found 0")
    try refused(
      Array("P2 3 1 9 0 0 0".utf8), "p.pgm: the image is 3 × 1 pixels; the annotations say 2 × 1")
    try refused(Array("P2 2 1 9 0".utf8), "p.pgm: byte offset 10: truncated: no pixel 1")
    try FileManager.default.removeItem(atPath: dir.url.appendingPathComponent("p.pgm").path)
    assertDataError(.io, ["p.pgm"]) { try Datasets.coco(annotations: json) }
  }
}
