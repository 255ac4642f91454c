import Foundation
import LLALTensor

/// The CIFAR-10 binary version: files of 3,073-byte records, each one label byte (0–9)
/// followed by a 32×32 image as 1,024 red, 1,024 green and 1,024 blue bytes (row-major).
extension Datasets {
  /// The CIFAR-10 class names, by class id.
  public static let cifar10ClassNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]

  /// The bytes of one CIFAR-10 record: a label and a 3×32×32 image.
  static let cifarRecordSize = 1 + 3 * 32 * 32

  /// Loads CIFAR-10 from a directory holding `data_batch_1.bin` … `data_batch_5.bin`
  /// and `test_batch.bin` (or from its parent, if that holds `cifar-10-batches-bin`).
  ///
  /// Returns the training set (`[50000, 3, 32, 32]` for the full files) and the test set
  /// (`[10000, 3, 32, 32]`), pixel values 0–255 as Float (not rescaled), 10 named
  /// classes. A missing file is an `.io` error that lists every missing name.
  public static func cifar10(directory: String) throws -> (train: Dataset, test: Dataset) {
    let nested = (directory as NSString).appendingPathComponent("cifar-10-batches-bin")
    var isDirectory: ObjCBool = false
    let root =
      FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory)
        && isDirectory.boolValue ? nested : directory
    let names = (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]
    let paths = try locate(names, in: root, what: "CIFAR-10") { dir, name in
      [(dir as NSString).appendingPathComponent(name)]
    }
    var train = try cifar10Batches(Array(paths.prefix(5)))
    var test = try cifar10Batches([paths[5]])
    train.origin = DataOrigin(.cifar10(directory: directory, part: .train), count: train.count)
    test.origin = DataOrigin(.cifar10(directory: directory, part: .test), count: test.count)
    return (train, test)
  }

  /// Loads one CIFAR-10 binary batch file (any whole number of records).
  public static func cifar10Batch(_ path: String) throws -> Dataset {
    try cifar10Batches([path])
  }

  /// `cifar10Batch(_:)` on a batch file's bytes, already in memory; `name` stands for the
  /// file in errors.
  public static func cifar10Batch(data: Data, name: String = "batch.bin") throws -> Dataset {
    try cifar10Batches([(name, data)])
  }

  /// Loads and concatenates CIFAR-10 binary batch files, in order.
  static func cifar10Batches(_ paths: [String]) throws -> Dataset {
    try cifar10Batches(try paths.map { ($0, try FileReader.read($0)) })
  }

  /// Decodes and concatenates CIFAR-10 batch files' bytes, in order; each is named for
  /// errors.
  static func cifar10Batches(_ files: [(name: String, data: Data)]) throws -> Dataset {
    for (path, data) in files {
      try FileReader.rejectGzip(data, path: path)
      let (records, partial) = data.count.quotientAndRemainder(dividingBy: cifarRecordSize)
      guard data.count > 0, partial == 0 else {
        throw DataError(
          .malformed, path: path,
          location: "record \(records) (byte offset \(records * cifarRecordSize))",
          data.count == 0
            ? "empty file"
            : "truncated: \(data.count) bytes is not a whole number of \(cifarRecordSize)-byte "
              + "records; the last record has only \(partial) bytes")
      }
    }
    let total = files.reduce(0) { $0 + $1.data.count / cifarRecordSize }
    let x = try allocate([total, 3, 32, 32], path: files.first?.name)
    var labels: [Int] = []
    labels.reserveCapacity(total)
    let image = cifarRecordSize - 1
    for (path, data) in files {
      try data.withUnsafeBytes { raw in
        for r in 0..<(raw.count / cifarRecordSize) {
          let offset = r * cifarRecordSize
          let label = Int(raw[offset])
          guard label < 10 else {
            throw DataError(
              .malformed, path: path, location: "record \(r) (byte offset \(offset))",
              "label \(label) is outside 0..<10; is this the CIFAR-10 binary version?")
          }
          let out = x.storage.base + labels.count * image
          for k in 0..<image { out[k] = Float(raw[offset + 1 + k]) }
          labels.append(label)
        }
      }
    }
    return Dataset(checkedX: x, y: labels, classCount: 10, classNames: cifar10ClassNames)
  }
}
