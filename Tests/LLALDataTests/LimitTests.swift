import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// Sizes, values and class counts from hostile files and arguments: each is refused with
/// one clear error before anything is allocated (issue 14), never a trap.
final class LimitTests: XCTestCase {
  func testIDXDimensionsWhoseProductOverflowsAreRefused() {
    // Issue 14: height = width = 0xFFFFFFFF overflowed the shape product and trapped.
    let images = Data(idxHeader([1, 0xFFFF_FFFF, 0xFFFF_FFFF]))
    let labels = Data(idxHeader([1]) + [0])
    let message =
      "images: byte offset 4: too large to load: images of shape [1, 4294967295, 4294967295] "
      + "would exceed the limit of 1073741824 elements"
    XCTAssertThrowsError(try Datasets.idx(imagesData: images, labelsData: labels)) {
      XCTAssertEqual("\($0)", message)
      XCTAssertEqual(($0 as? DataError)?.kind, .malformed)
    }
    // No images at all, but each would hold 2⁶⁴ pixels.
    let empty = Data(idxHeader([0, 0xFFFF_FFFF, 0xFFFF_FFFF]))
    assertDataError(.malformed, ["images of shape [0, 4294967295, 4294967295] would exceed"]) {
      try Datasets.idx(imagesData: empty, labelsData: Data(idxHeader([0])))
    }
  }

  func testMNISTDirectoryWithAnOverflowingHeader() throws {
    // The same header through `mnist(directory:)`, as the language's `mnist(dir)` reads it.
    let dir = try TemporaryDirectory()
    let images = try dir.write(
      "train-images-idx3-ubyte", idxHeader([60000, 0xFFFF_FFFF, 0xFFFF_FFFF]))
    try dir.write("train-labels-idx1-ubyte", idxHeader([0]))
    try dir.write("t10k-images-idx3-ubyte", idxHeader([0, 28, 28]))
    try dir.write("t10k-labels-idx1-ubyte", idxHeader([0]))
    XCTAssertThrowsError(try Datasets.mnist(directory: dir.url.path)) {
      XCTAssertEqual(
        "\($0)",
        "\(images): byte offset 4: too large to load: images of shape "
          + "[60000, 4294967295, 4294967295] would exceed the limit of 1073741824 elements")
    }
  }

  func testNPYFeaturesMustBeFiniteAsInCSV() {
    let labels = Data(npyFile(descr: "<i8", shape: "(2,)", i64(0, 1)))
    // Issue 14: NaN and 1e300 were accepted from NPY while CSV refused them.
    for (descr, body, shown, offset) in [
      ("<f8", f64(1, .nan), "nan", 136), ("<f8", f64(1e300, 2), "1e+300", 128),
      ("<f8", f64(-.infinity, 0), "-inf", 128), ("<f4", f32(0, .infinity), "inf", 132),
    ] as [(String, [UInt8], String, Int)] {
      let x = Data(npyFile(descr: descr, shape: "(2, 1)", body))
      XCTAssertThrowsError(try Datasets.npy(xData: x, yData: labels)) {
        let element = offset == 128 ? 0 : 1
        XCTAssertEqual(
          "\($0)",
          "x.npy: element \(element) (byte offset \(offset)): \(shown) is not a finite number")
      }
    }
    // The same rule and words as CSV.
    assertDataError(.malformed, ["m.csv: line 2, column 1: \"1e300\" is not a finite number"]) {
      try Datasets.csv(data: Data("1,0\n1e300,1\n".utf8), name: "m.csv")
    }
    assertDataError(.malformed, ["a.npy: element 0 (byte offset 128): nan is not a finite"]) {
      try Datasets.npyArray(
        data: Data(npyFile(descr: "<f8", shape: "()", f64(.nan))), name: "a.npy")
    }
  }

  func testAStrayHugeLabelIsRefusedBeforeAllocatingPerClass() {
    let x = Data(npyFile(descr: "<f4", shape: "(2, 1)", f32(1, 2)))
    // Issue 14: a label of 10⁹ in an NPY file made a billion classes.
    let billion = Data(npyFile(descr: "<i8", shape: "(2,)", i64(0, 1_000_000_000)))
    XCTAssertThrowsError(try Datasets.npy(xData: x, yData: billion)) {
      XCTAssertEqual(
        "\($0)",
        "y.npy: label 1 (byte offset 136): label 1000000000 is too large: a dataset has at "
          + "most 1000000 classes (labels 0..<1000000)")
    }
    let huge = Data(npyFile(descr: "<f8", shape: "(2,)", f64(0, 1e300)))
    assertDataError(.malformed, ["label 1 (byte offset 136)", "1e+300 is not a class id"]) {
      try Datasets.npy(xData: x, yData: huge)
    }
    // Issue 14: dataset(x, [0, 2000000000]).class_counts; the dataset type refuses it,
    // naming the field (the language places it at the argument).
    func assertFieldError(_ expected: String, _ body: () throws -> Dataset) {
      XCTAssertThrowsError(try body()) { XCTAssertEqual("\($0)", expected) }
    }
    assertFieldError(
      "Dataset.y holds 2000000000 (sample 1), too large: a dataset has at most 1000000 "
        + "classes (labels 0..<1000000)"
    ) { try Dataset(x: Tensor.zeros([2, 1]), y: [0, 2_000_000_000]) }
    assertFieldError(
      "Dataset.y holds 9223372036854775807 (sample 0), too large: a dataset has at most "
        + "1000000 classes (labels 0..<1000000)"
    ) { try Dataset(x: Tensor.zeros([1, 1]), y: [Int.max]) }
    assertFieldError("Dataset.classCount is 1000001, more than the limit of 1000000") {
      try Dataset(x: Tensor.zeros([1, 1]), y: [0], classCount: 1_000_001)
    }
    XCTAssertEqual(
      try Dataset(x: Tensor.zeros([1, 1]), y: [999_999]).classCount, Dataset.maxClassCount)
    // A declared class count is checked against the labels with the file's location.
    assertDataError(.malformed, ["y.npy: label 1 (byte offset 136): label 12 is outside the classes 0..<10"]) {
      let twelve = Data(npyFile(descr: "<i8", shape: "(2,)", i64(0, 12)))
      return try Datasets.npy(xData: x, yData: twelve, classCount: 10)
    }
  }

  func testCSVLabelsBeyondTheClassLimit() throws {
    // An integer label at or above the limit makes the labels names, not class ids.
    let d = try Datasets.csv(data: Data("1,0\n2,2000000000\n3,0\n".utf8))
    XCTAssertEqual(d.classNames, ["0", "2000000000"])
    XCTAssertEqual(d.y, [0, 1, 0])
    // More distinct labels than the limit (here lowered to 3): refused at the first one
    // too many.
    let bytes = Array("1,a\n2,b\n3,a\n4,c\n5,d\n".utf8) + [0]
    assertDataError(
      .malformed,
      ["many.csv: line 5, column 2: more than 3 distinct labels; a dataset has at most 3 classes"]
    ) {
      try bytes.withUnsafeBufferPointer { buffer in
        var parser = CSVParser(path: "many.csv", bytes: buffer, separator: 44)
        parser.classLimit = 3
        return try parser.dataset(label: .last, header: false)
      }
    }
  }

  func testGeneratorSizesAreCheckedBeforeAllocating() {
    assertDataError(
      .invalidArgument,
      ["blobs: the samples of shape [1000000000, 2] would exceed the limit of 1073741824"]
    ) {
      try Datasets.blobs(count: 1_000_000_000, seed: 0)
    }
    assertDataError(.invalidArgument, ["moons: the samples of shape [9223372036854775807, 2]"]) {
      try Datasets.moons(count: Int.max, seed: 0)
    }
    assertDataError(.invalidArgument, ["spirals: the samples of shape [9223372036854775807, 2]"]) {
      try Datasets.spirals(count: Int.max, seed: 0)
    }
    assertDataError(.invalidArgument, ["blobs: classes must be >= 1 and <= 1000000, got 2000000"]) {
      try Datasets.blobs(classes: 2_000_000, seed: 0)
    }
    assertDataError(
      .invalidArgument, ["blobs: the centres of shape [1000, 10000000] would exceed the limit"]
    ) {
      try Datasets.blobs(count: 10, classes: 1000, dimensions: 10_000_000, seed: 0)
    }
    assertDataError(
      .invalidArgument, ["patterns: the images of shape [9223372036854775807, 1, 8, 8]"]
    ) {
      try Datasets.patterns(count: Int.max, seed: 0)
    }
  }

  func testCropPaddingIsBounded() throws {
    // Issue 14: `2 × padding + 1` overflowed for padding Int.max; the augmentation
    // refuses it when it is made.
    XCTAssertThrowsError(try Augmentation([.randomCrop(padding: Int.max)])) {
      XCTAssertEqual(
        "\($0)", "Augmentation.padding must be at most 1073741824, found 9223372036854775807")
    }
  }

  func testBytesEntryPointsMatchTheFileLoaders() throws {
    let dir = try TemporaryDirectory()
    let csvText = "a,b,y\n1,2,x\n3,4,z\n"
    let csvPath = try dir.write("d.csv", text: csvText)
    let fromFile = try Datasets.csv(csvPath)
    let fromBytes = try Datasets.csv(data: Data(csvText.utf8), name: csvPath)
    XCTAssertEqual(fromBytes.x.scalars, fromFile.x.scalars)
    XCTAssertEqual(fromBytes.y, fromFile.y)
    XCTAssertEqual(fromBytes.classNames, ["x", "z"])

    let images = try dir.write("images", idxHeader([3, 2, 2]) + (0..<12).map(UInt8.init))
    let labels = try dir.write("labels", idxHeader([3]) + [3, 0, 9])
    let idxBytes = try Datasets.idx(
      imagesData: Data(contentsOf: URL(fileURLWithPath: images)),
      labelsData: Data(contentsOf: URL(fileURLWithPath: labels)))
    XCTAssertEqual(idxBytes.x.scalars, try Datasets.idx(images: images, labels: labels).x.scalars)
    XCTAssertEqual(idxBytes.y, [3, 0, 9])

    let record = cifarRecords([4])
    let cifar = try Datasets.cifar10Batch(data: Data(record))
    XCTAssertEqual(cifar.x.shape, [1, 3, 32, 32])
    XCTAssertEqual(cifar.y, [4])
    assertDataError(.malformed, ["b.bin: record 0 (byte offset 0): truncated"]) {
      try Datasets.cifar10Batch(data: Data(record.dropLast()), name: "b.bin")
    }

    let x = Data(npyFile(descr: "<f4", shape: "(2,)", f32(1.5, 2)))
    let y = Data(npyFile(descr: "<u1", shape: "(2,)", [1, 0]))
    // A slice that does not start at index 0 reads the same.
    let sliced = (Data([9, 9]) + x).dropFirst(2)
    let n = try Datasets.npy(xData: sliced, yData: y)
    XCTAssertEqual(n.x.shape, [2, 1])
    XCTAssertEqual(n.x.scalars, [1.5, 2])
    XCTAssertEqual(n.y, [1, 0])
  }
}
