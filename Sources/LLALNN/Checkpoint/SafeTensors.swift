import Foundation
import LLALJSON
import LLALTensor

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// An error reading or writing a checkpoint: a truncated, foreign or mismatched file.
public struct CheckpointError: IOErrorReporting, CustomStringConvertible, Sendable {
  /// The file concerned.
  public let path: String
  /// What was wrong.
  public let message: String
  /// Whether the file could not be read or written at all (rather than being malformed).
  public let isIOError: Bool

  /// An error about `path` saying `message`.
  public init(path: String, _ message: String, isIOError: Bool = false) {
    self.path = path
    self.message = message
    self.isIOError = isIOError
  }

  /// `checkpoint PATH: message`.
  public var description: String { "checkpoint \(path): \(message)" }
}

/// The safetensors format (Hugging Face), restricted to Float32: an 8-byte little-endian
/// header length, a JSON header mapping each name to `{"dtype": "F32", "shape": […],
/// "data_offsets": [begin, end]}` (plus optional string `__metadata__`), then the raw
/// little-endian data, tensors back to back in header order. PyTorch's
/// `safetensors.torch.load_file` reads what `write` produces.
public enum SafeTensors {
  /// Headers larger than this are taken as a sign of a foreign file (the reference
  /// implementation's limit).
  static let maxHeaderBytes = 100_000_000

  /// The bytes of a safetensors file holding `tensors` (unique names) and `metadata`.
  public static func encode(_ tensors: [NamedTensor], metadata: [String: String] = [:]) throws
    -> Data
  {
    var seen = Set<String>()
    for t in tensors where !seen.insert(t.name).inserted {
      throw TensorError("safetensors", "the name '\(t.name)' occurs twice")
    }
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map {
        "\(JSONText.quoted($0)):\(JSONText.quoted(metadata[$0] ?? ""))"
      }
      entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    var offset = 0
    for t in tensors {
      let bytes = t.tensor.count * 4
      entries.append(
        "\(JSONText.quoted(t.name)):{\"dtype\":\"F32\",\"shape\":["
          + t.tensor.shape.map(String.init).joined(separator: ",")
          + "],\"data_offsets\":[\(offset),\(offset + bytes)]}")
      offset += bytes
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    // Pad with spaces so that the data starts 8-byte aligned, as the reference does.
    while header.count % 8 != 0 { header.append(0x20) }
    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header)
    for t in tensors {
      let base = t.tensor.storage.base
      #if _endian(little)
        data.append(UnsafeBufferPointer(start: base, count: t.tensor.count))
      #else
        for i in 0..<t.tensor.count {
          withUnsafeBytes(of: base[i].bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
      #endif
    }
    return data
  }

  /// Writes `tensors` and `metadata` to `path` atomically (`AtomicFile`: a temporary
  /// file in the same folder renamed into place), so a crash or a full disk never leaves
  /// a half-written checkpoint.
  public static func write(
    _ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String
  ) throws {
    let data = try encode(tensors, metadata: metadata)
    do {
      try AtomicFile.write(data, to: path)
    } catch let error as FileError {
      throw CheckpointError(path: path, "cannot write: \(error.reason)", isIOError: true)
    }
  }

  /// The tensors (in data order) and metadata of a safetensors file's bytes; `path` only
  /// names the file in errors. The whole header is checked (`SafeTensorsHeader`) before
  /// any tensor is allocated, so a hostile file gives a `CheckpointError`, never a trap.
  public static func decode(_ data: Data, path: String = "<memory>") throws
    -> (tensors: [NamedTensor], metadata: [String: String])
  {
    func fail(_ message: String) -> CheckpointError { CheckpointError(path: path, message) }
    guard data.count >= 8 else {
      throw fail("truncated: \(data.count) bytes, fewer than the 8-byte header length")
    }
    let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard headerLength <= UInt64(maxHeaderBytes) else {
      throw fail(
        "not a safetensors file (its first 8 bytes give a header of \(headerLength) bytes)")
    }
    let dataStart = 8 + Int(headerLength)
    guard dataStart <= data.count else {
      throw fail(
        "truncated: the header needs \(headerLength) bytes but only \(data.count - 8) follow")
    }
    let header = try SafeTensorsHeader(
      [UInt8](data[(data.startIndex + 8)..<(data.startIndex + dataStart)]),
      dataLength: data.count - dataStart, fail: fail)
    var tensors: [NamedTensor] = []
    try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      // The buffer holds at least the 8 length bytes, so it has a base address.
      guard let base = raw.baseAddress else { return }
      for e in header.entries {
        let t = try Tensor.zeros(e.shape)
        let src = base + dataStart + e.begin
        let dst = t.storage.base
        for i in 0..<t.count {
          dst[i] = Float(
            bitPattern: UInt32(
              littleEndian: src.loadUnaligned(
                fromByteOffset: 4 * i, as: UInt32.self)))
        }
        tensors.append(NamedTensor(e.name, t))
      }
    }
    return (tensors, header.metadata)
  }

  /// Reads the tensors (in data order) and metadata of the file at `path`.
  public static func read(from path: String) throws
    -> (tensors: [NamedTensor], metadata: [String: String])
  {
    let data: Data
    do {
      data = try FileContents.read(path)
    } catch let error as FileError {
      throw CheckpointError(path: path, "cannot read: \(error.reason)", isIOError: true)
    }
    return try decode(data, path: path)
  }
}
