import Foundation
import LLALTensor

/// The IDX format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a
/// type code, the number of dimensions, then each dimension as a 32-bit integer)
/// followed by the values. Only unsigned bytes (type `0x08`) are read.
extension Datasets {
  /// Loads an IDX image file and an IDX label file (uncompressed) as one dataset.
  ///
  /// Images `[N, H, W]` become `[N, 1, H, W]` (`[N, D]` files stay `[N, D]`), with pixel
  /// values 0–255 as Float (not rescaled). Labels must number `N`. `classCount` defaults
  /// to the largest label plus one.
  public static func idx(images: String, labels: String, classCount: Int? = nil) throws
    -> Dataset
  {
    let imagesData = try FileReader.read(images)
    let labelsData = try FileReader.read(labels)
    return try idx(
      imagesData: imagesData, labelsData: labelsData, imagesName: images, labelsName: labels,
      classCount: classCount)
  }

  /// `idx(images:labels:classCount:)` on the two files' bytes, already in memory;
  /// `imagesName` and `labelsName` stand for the files in errors.
  public static func idx(
    imagesData: Data, labelsData: Data, imagesName: String = "images",
    labelsName: String = "labels", classCount: Int? = nil
  ) throws -> Dataset {
    let x = try idxImages(imagesData, path: imagesName)
    let y = try idxLabels(labelsData, path: labelsName)
    guard y.count == x.shape[0] else {
      throw DataError(
        .malformed, path: labelsName,
        "\(y.count) labels, but \(imagesName) holds \(x.shape[0]) images")
    }
    return try Dataset(
      x: x, y: y, classCount: classCount, classNames: nil,
      source: .init(path: labelsName) { "label \($0) (byte offset \(8 + $0))" })
  }

  /// Loads MNIST (or Fashion-MNIST) from a directory holding the four uncompressed
  /// files `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`
  /// and `t10k-labels-idx1-ubyte` (`train-images.idx3-ubyte` spellings also work).
  /// Returns `[60000, 1, 28, 28]` training and `[10000, 1, 28, 28]` test images, 10
  /// classes. A missing file is an `.io` error that lists every missing name.
  public static func mnist(directory: String) throws -> (train: Dataset, test: Dataset) {
    let names = [
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]
    let paths = try locate(names, in: directory, what: "MNIST") { dir, name in
      // Some copies write the first hyphen after the kind as a dot.
      [name, name.replacingOccurrences(of: "-idx", with: ".idx")].map {
        (dir as NSString).appendingPathComponent($0)
      }
    }
    var train = try idx(images: paths[0], labels: paths[1], classCount: 10)
    var test = try idx(images: paths[2], labels: paths[3], classCount: 10)
    train.origin = DataOrigin(.mnist(directory: directory, part: .train), count: train.count)
    test.origin = DataOrigin(.mnist(directory: directory, part: .test), count: test.count)
    return (train, test)
  }

  /// The files `names` in `directory`, each the first existing candidate of
  /// `candidates(directory, name)`, or an `.io` error listing the missing ones.
  static func locate(
    _ names: [String], in directory: String, what: String,
    candidates: (String, String) -> [String]
  ) throws -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw DataError(.io, path: directory, "no such directory")
    }
    var found: [String] = []
    var missing: [String] = []
    for name in names {
      if let path = candidates(directory, name).first(where: {
        FileManager.default.fileExists(atPath: $0)
      }) {
        found.append(path)
      } else {
        missing.append(name)
      }
    }
    guard missing.isEmpty else {
      // Naming the expected set only adds something when some of it is there.
      let expected =
        missing.count == names.count ? "" : " (expected \(names.joined(separator: ", ")))"
      throw DataError(
        .io, path: directory,
        "missing \(what) files: \(missing.joined(separator: ", "))" + expected)
    }
    return found
  }

  /// The images of an IDX file's bytes as `[N, 1, H, W]` (rank-3 files) or `[N, D]`.
  static func idxImages(_ data: Data, path: String) throws -> Tensor {
    try FileReader.rejectGzip(data, path: path)
    return try data.withUnsafeBytes { raw in
      let dims = try idxHeader(raw, path: path, allowedRanks: [2, 3], what: "images")
      let shape = dims.count == 3 ? [dims[0], 1, dims[1], dims[2]] : dims
      let x = try allocate(shape, path: path)
      let offset = 4 + 4 * dims.count
      let p = x.storage.base
      for i in 0..<x.count { p[i] = Float(raw[offset + i]) }
      return x
    }
  }

  /// The labels of an IDX file's bytes (rank 1).
  static func idxLabels(_ data: Data, path: String) throws -> [Int] {
    try FileReader.rejectGzip(data, path: path)
    return try data.withUnsafeBytes { raw in
      let dims = try idxHeader(raw, path: path, allowedRanks: [1], what: "labels")
      return (0..<dims[0]).map { Int(raw[8 + $0]) }
    }
  }

  /// `0x00000803`: a 32-bit value as eight hex digits.
  static func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }

  /// Checks the header of an unsigned-byte IDX file and that its size matches; returns
  /// the dimensions.
  static func idxHeader(
    _ raw: UnsafeRawBufferPointer, path: String, allowedRanks: [Int], what: String
  ) throws -> [Int] {
    func fail(_ offset: Int, _ reason: String) -> DataError {
      DataError(.malformed, path: path, location: "byte offset \(offset)", reason)
    }
    let expected = allowedRanks.map { hex32(UInt32(0x800 + $0)) }.joined(separator: " or ")
    guard raw.count >= 4 else {
      throw fail(0, "truncated: \(raw.count) bytes, too short for the 4-byte IDX magic number")
    }
    let magic = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(raw[$1]) }
    let rank = Int(raw[3])
    guard raw[0] == 0, raw[1] == 0, raw[2] == 0x08, allowedRanks.contains(rank) else {
      let kind =
        raw[0] == 0 && raw[1] == 0 && raw[2] != 0x08
        ? " (type code 0x\(String(raw[2], radix: 16)); only unsigned bytes, 0x08, are supported)"
        : ""
      throw fail(
        0, "wrong magic number \(hex32(magic)) for IDX \(what); expected \(expected)\(kind)")
    }
    let headerSize = 4 + 4 * rank
    guard raw.count >= headerSize else {
      throw fail(raw.count, "truncated header: \(raw.count) bytes of \(headerSize)")
    }
    var dims: [Int] = []
    for d in 0..<rank {
      let o = 4 + 4 * d
      dims.append((o..<(o + 4)).reduce(0) { $0 << 8 | Int(raw[$1]) })
    }
    let body = try checkedElementCount(dims, what) { fail(4, "too large to load: \($0)") }
    // Checked with the whole: one record fits the limit too.
    let record = dims.dropFirst().reduce(1, *)
    let available = raw.count - headerSize
    if available < body {
      let item = record > 0 ? available / record : 0
      throw fail(
        headerSize + item * record,
        "truncated: the header promises \(dims[0]) \(what) of \(record) bytes "
          + "(\(body) bytes), the file holds \(available); \(what.dropLast()) \(item) is incomplete"
      )
    }
    if available > body {
      throw fail(
        headerSize + body,
        "\(available - body) unexpected bytes after the \(dims[0]) \(what) "
          + "\(describeShape(dims)) the header declares")
    }
    return dims
  }
}
