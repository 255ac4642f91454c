import Foundation
import LLALTensor

/// NumPy's `.npy` format: the magic `\x93NUMPY`, a version (1.0, 2.0 or 3.0), a header
/// length, a Python dict literal header (`descr`, `fortran_order`, `shape`), then the
/// values in C order.
extension Datasets {
  /// Loads a features array and a labels array saved with `numpy.save`.
  ///
  /// `x` is `[N, ...]` (a rank-1 array becomes `[N, 1]`) of finite values; `y` holds `N`
  /// non-negative integer labels (an integer dtype, or floats with integer values), shape
  /// `[N]` or `[N, 1]`. `classCount` defaults to the largest label plus one.
  public static func npy(x xPath: String, y yPath: String, classCount: Int? = nil) throws
    -> Dataset
  {
    let xData = try FileReader.read(xPath)
    let yData = try FileReader.read(yPath)
    return try npy(xData: xData, yData: yData, xName: xPath, yName: yPath, classCount: classCount)
  }

  /// `npy(x:y:classCount:)` on the two files' bytes, already in memory; `xName` and
  /// `yName` stand for the files in errors.
  public static func npy(
    xData: Data, yData: Data, xName: String = "x.npy", yName: String = "y.npy",
    classCount: Int? = nil
  ) throws -> Dataset {
    let xa = try NPYArray(data: xData, path: xName)
    let ya = try NPYArray(data: yData, path: yName)
    guard !xa.shape.isEmpty else {
      throw DataError(.malformed, path: xName, "features must have rank >= 1, got a scalar")
    }
    guard ya.shape.count == 1 || (ya.shape.count == 2 && ya.shape[1] == 1) else {
      throw DataError(
        .malformed, path: yName,
        "labels must have shape [N] or [N, 1], got \(describeShape(ya.shape))")
    }
    guard ya.shape[0] == xa.shape[0] else {
      throw DataError(
        .malformed, path: yName,
        "\(ya.shape[0]) labels, but \(xName) holds \(xa.shape[0]) samples")
    }
    let x = try xa.tensor(shape: xa.shape.count == 1 ? [xa.shape[0], 1] : xa.shape)
    let location = { (i: Int) in "label \(i) (byte offset \(ya.offset(of: i)))" }
    var labels: [Int] = []
    labels.reserveCapacity(ya.count)
    for i in 0..<ya.count {
      let v = ya.value(at: i)
      // Any integer that fits an Int; the class-count limit is the dataset's to check.
      guard v >= 0, v == v.rounded(), v < 0x1p63 else {
        throw DataError(
          .malformed, path: yName, location: location(i),
          "\(v) is not a class id (a non-negative integer)")
      }
      labels.append(Int(v))
    }
    return try Dataset(
      x: x, y: labels, classCount: classCount, classNames: nil,
      source: .init(path: yName, location: location))
  }

  /// Loads any `.npy` array of a supported dtype as a Float tensor of the same shape
  /// (a scalar array gives shape `[]`). Its values must be finite, as features are.
  public static func npyArray(_ path: String) throws -> Tensor {
    try npyArray(data: try FileReader.read(path), name: path)
  }

  /// `npyArray(_:)` on a file's bytes, already in memory; `name` stands for the file in
  /// errors.
  public static func npyArray(data: Data, name: String = "array.npy") throws -> Tensor {
    let array = try NPYArray(data: data, path: name)
    return try array.tensor(shape: array.shape)
  }
}

/// A parsed `.npy` file: shape, element type and the raw little-endian values.
struct NPYArray {
  /// The element types read, from the `descr` field.
  enum DType: String, CaseIterable {
    case f4, f8, u1, i1, i2, u2, i4, u4, i8, u8, b1

    /// Bytes per element.
    var size: Int {
      switch self {
      case .u1, .i1, .b1: return 1
      case .i2, .u2: return 2
      case .f4, .i4, .u4: return 4
      case .f8, .i8, .u8: return 8
      }
    }
  }

  let path: String
  let data: Data
  let shape: [Int]
  let dtype: DType
  /// Where the values start.
  let dataOffset: Int
  /// The number of elements.
  let count: Int

  /// Parses the header of the `.npy` bytes `data` and checks that the values fit;
  /// `path` names the file in errors.
  init(data: Data, path: String) throws {
    self.path = path
    // Indices from 0 below, whatever slice the caller passed.
    self.data = data.startIndex == 0 ? data : Data(data)
    let data = self.data
    try FileReader.rejectGzip(data, path: path)
    let bytes = [UInt8](data.prefix(12))
    func fail(_ offset: Int, _ reason: String) -> DataError {
      DataError(.malformed, path: path, location: "byte offset \(offset)", reason)
    }
    let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    guard bytes.count >= 6, Array(bytes[0..<6]) == magic else {
      throw fail(0, "not an .npy file: the magic string \\x93NUMPY is missing")
    }
    guard bytes.count >= 10 else { throw fail(bytes.count, "truncated header") }
    let major = bytes[6]
    guard (1...3).contains(major) else {
      throw fail(6, "unsupported .npy version \(major).\(bytes[7]) (1.0, 2.0 and 3.0 are read)")
    }
    let lengthBytes = major == 1 ? 2 : 4
    guard bytes.count >= 8 + lengthBytes else { throw fail(bytes.count, "truncated header") }
    let headerLength = (0..<lengthBytes).reversed().reduce(0) { $0 << 8 | Int(bytes[8 + $1]) }
    let headerStart = 8 + lengthBytes
    guard data.count >= headerStart + headerLength else {
      throw fail(
        data.count,
        "truncated header: \(headerLength) bytes declared at byte offset 8, "
          + "the file ends after \(data.count - headerStart)")
    }
    let headerBytes = data.subdata(in: headerStart..<(headerStart + headerLength))
    let header = try NPYHeader(
      text: String(decoding: headerBytes, as: UTF8.self), path: path, offset: headerStart)
    guard !header.fortranOrder else {
      throw fail(
        headerStart, "Fortran-order arrays are not supported; save with numpy.ascontiguousarray")
    }
    dtype = try NPYArray.dtype(header.descr, fail: { fail(headerStart, $0) })
    shape = header.shape
    let n = try Datasets.checkedElementCount(shape, "an array") {
      fail(headerStart, "too large to load: \($0)")
    }
    count = n
    dataOffset = headerStart + headerLength
    let available = data.count - dataOffset
    let needed = n * dtype.size
    if available < needed {
      throw fail(
        dataOffset + (available / dtype.size) * dtype.size,
        "truncated: shape \(describeShape(shape)) of \(header.descr) needs \(needed) bytes "
          + "after the header, the file holds \(available); element \(available / dtype.size) "
          + "is incomplete")
    }
    if available > needed {
      throw fail(
        dataOffset + needed,
        "\(available - needed) unexpected bytes after the data of shape \(describeShape(shape))")
    }
  }

  /// The element type of a `descr` string such as `<f4` or `|u1`.
  static func dtype(_ descr: String, fail: (String) -> DataError) throws -> DType {
    let order = descr.first
    let code = String(descr.dropFirst())
    guard let type = DType(rawValue: code), let o = order, "<|=>".contains(o) else {
      let known = DType.allCases.map(\.rawValue).joined(separator: ", ")
      throw fail("unsupported dtype '\(descr)' (supported: \(known), little-endian)")
    }
    // NOTE: '=' means native order, which is little-endian on every platform llal runs on.
    if o == ">", type.size > 1 {
      throw fail("big-endian dtype '\(descr)' is not supported; save with .astype('<\(code)')")
    }
    return type
  }

  /// The byte offset of element `i` in the file.
  func offset(of i: Int) -> Int { dataOffset + i * dtype.size }

  /// Element `i` as a Double.
  func value(at i: Int) -> Double {
    data.withUnsafeBytes { raw in NPYArray.read(raw, offset(of: i), dtype) }
  }

  /// The values as a Float tensor of `shape` (same element count); every value must be
  /// finite as a Float32 (`FeatureRule`).
  func tensor(shape: [Int]) throws -> Tensor {
    let t = try Datasets.allocate(shape, path: path)
    let out = t.storage.base
    try data.withUnsafeBytes { raw in
      for i in 0..<count {
        let value = NPYArray.read(raw, offset(of: i), dtype)
        guard let f = FeatureRule.finite(value) else {
          throw DataError(
            .malformed, path: path, location: "element \(i) (byte offset \(offset(of: i)))",
            FeatureRule.refusal("\(value)"))
        }
        out[i] = f
      }
    }
    return t
  }

  /// Reads one little-endian element of `type` at byte `offset`.
  static func read(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ type: DType) -> Double {
    func load<T: FixedWidthInteger>(_: T.Type) -> T {
      T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    switch type {
    case .f4: return Double(Float(bitPattern: load(UInt32.self)))
    case .f8: return Double(bitPattern: load(UInt64.self))
    case .u1, .b1: return Double(raw[offset])
    case .i1: return Double(Int8(bitPattern: raw[offset]))
    case .i2: return Double(load(Int16.self))
    case .u2: return Double(load(UInt16.self))
    case .i4: return Double(load(Int32.self))
    case .u4: return Double(load(UInt32.self))
    case .i8: return Double(load(Int64.self))
    case .u8: return Double(load(UInt64.self))
    }
  }
}

/// The header dict of an `.npy` file, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader {
  var descr = ""
  var fortranOrder = false
  var shape: [Int] = []

  init(text: String, path: String, offset: Int) throws {
    var scanner = NPYHeaderScanner(chars: Array(text.utf8))
    func fail(_ reason: String) -> DataError {
      DataError(
        .malformed, path: path, location: "byte offset \(offset + scanner.position)",
        "bad .npy header: \(reason)")
    }
    var seen = Set<String>()
    guard scanner.consume("{") else { throw fail("expected '{'") }
    while !scanner.consume("}") {
      guard let key = scanner.string() else { throw fail("expected a quoted key") }
      guard scanner.consume(":") else { throw fail("expected ':' after '\(key)'") }
      switch key {
      case "descr":
        guard let value = scanner.string() else { throw fail("'descr' must be a string") }
        descr = value
      case "fortran_order":
        if scanner.consume("True") {
          fortranOrder = true
        } else if scanner.consume("False") {
          fortranOrder = false
        } else {
          throw fail("'fortran_order' must be True or False")
        }
      case "shape":
        guard let dims = scanner.tuple() else {
          throw fail("'shape' must be a tuple of non-negative integers")
        }
        shape = dims
      default:
        throw fail("unexpected key '\(key)'")
      }
      seen.insert(key)
      if !scanner.consume(",") {
        guard scanner.consume("}") else { throw fail("expected ',' or '}'") }
        break
      }
    }
    for key in ["descr", "fortran_order", "shape"] where !seen.contains(key) {
      throw fail("missing key '\(key)'")
    }
  }
}

/// A cursor over the bytes of an `.npy` header that skips whitespace between tokens.
struct NPYHeaderScanner {
  let chars: [UInt8]
  var position = 0

  mutating func skipSpace() {
    while position < chars.count, chars[position] == 32 || chars[position] == 10 { position += 1 }
  }

  /// Consumes `token` if it comes next.
  mutating func consume(_ token: String) -> Bool {
    skipSpace()
    let t = Array(token.utf8)
    guard position + t.count <= chars.count, Array(chars[position..<(position + t.count)]) == t
    else { return false }
    position += t.count
    return true
  }

  /// A `'…'` or `"…"` string literal.
  mutating func string() -> String? {
    skipSpace()
    guard position < chars.count, chars[position] == 39 || chars[position] == 34 else {
      return nil
    }
    let quote = chars[position]
    guard let close = chars[(position + 1)...].firstIndex(of: quote) else { return nil }
    let s = String(decoding: chars[(position + 1)..<close], as: UTF8.self)
    position = close + 1
    return s
  }

  /// A tuple of non-negative integers: `()`, `(3,)`, `(3, 4)`.
  mutating func tuple() -> [Int]? {
    guard consume("(") else { return nil }
    var dims: [Int] = []
    while !consume(")") {
      skipSpace()
      var value = 0
      let start = position
      while position < chars.count, (48...57).contains(chars[position]) {
        let (m, overflow) = value.multipliedReportingOverflow(by: 10)
        guard !overflow else { return nil }
        value = m + Int(chars[position] - 48)
        position += 1
      }
      // Python 2 era files may write `3L`.
      if position < chars.count, chars[position] == 76 { position += 1 }
      guard position > start else { return nil }
      dims.append(value)
      if !consume(",") {
        guard consume(")") else { return nil }
        break
      }
    }
    return dims
  }
}
