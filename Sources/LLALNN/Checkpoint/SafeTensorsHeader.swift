import LLALJSON
import LLALTensor

/// The checked header of a safetensors file: its tensors, sorted by where their data
/// starts, and its metadata.
///
/// It holds what a reader of untrusted files must check before it allocates anything
/// (the rules of Hugging Face's reference reader, and a few more): every entry has a known
/// dtype, a shape of non-negative integers whose size fits the engine's limit, and
/// `data_offsets` of two non-negative integers, begin ≤ end, whose span is exactly the
/// tensor's bytes; the spans, sorted, follow each other without gap or overlap and cover
/// the data section exactly. Every failure names the tensor and the field.
struct SafeTensorsHeader {
  /// One tensor: its name, shape and byte span in the data section.
  struct Entry {
    let name: String
    let shape: [Int]
    let begin: Int
    let end: Int
  }

  /// The dtype names of the safetensors format; llal reads only `F32`.
  static let knownDTypes: Set<String> = [
    "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16",
    "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64",
  ]

  /// The deepest nesting of arrays and objects a header may have: real headers nest
  /// three levels.
  static let maxJSONDepth = 64

  /// The tensors, in data order.
  let entries: [Entry]
  /// The `__metadata__` strings.
  let metadata: [String: String]

  /// Reads and checks the header text `bytes` of a file whose data section holds
  /// `dataLength` bytes; `fail` turns a reason into the error to throw.
  init(_ bytes: [UInt8], dataLength: Int, fail: (String) -> CheckpointError) throws {
    guard bytes.first == UInt8(ascii: "{") else {
      throw fail("not a safetensors file (the header is not a JSON object)")
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw fail("malformed header: it is not valid UTF-8")
    }
    let json: JSON
    do {
      json = try JSON.parse(bytes, maxDepth: SafeTensorsHeader.maxJSONDepth)
    } catch let e as JSONSyntaxError {
      throw fail("malformed header: invalid JSON at header byte \(e.offset): \(e.message)")
    }
    // The first byte is '{', so a value that parsed is an object.
    guard case .object(let members) = json else {
      throw fail("not a safetensors file (the header is not a JSON object)")
    }
    var metadata: [String: String] = [:]
    var entries: [Entry] = []
    for (key, value) in members {
      if key == "__metadata__" {
        metadata = try SafeTensorsHeader.metadata(value, fail: fail)
      } else {
        let entry = try SafeTensorsHeader.entry(key, value, fail: fail)
        guard entry.end <= dataLength else {
          throw fail(
            "truncated: tensor \(displayName(entry.name)) ends at data byte \(entry.end) but the "
              + "data holds \(dataLength) bytes")
        }
        entries.append(entry)
      }
    }
    // Zero-byte tensors may share an offset; names order them so the result is stable.
    entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    try SafeTensorsHeader.checkCoverage(entries, dataLength: dataLength, fail: fail)
    self.entries = entries
    self.metadata = metadata
  }

  /// `__metadata__`: an object of strings, or null.
  private static func metadata(_ value: JSON, fail: (String) -> CheckpointError) throws
    -> [String: String]
  {
    if value == .null { return [:] }
    guard case .object(let members) = value else {
      throw fail(
        "malformed header: __metadata__ must map strings to strings, found \(value.brief())")
    }
    var result: [String: String] = [:]
    for (key, value) in members {
      guard case .string(let s) = value else {
        throw fail(
          "malformed header: __metadata__ must map strings to strings, but "
            + "\(JSONText.quoted(key)) is \(value.brief())")
      }
      result[key] = s
    }
    return result
  }

  /// One tensor's entry, each field checked.
  private static func entry(
    _ name: String, _ value: JSON, fail: (String) -> CheckpointError
  ) throws -> Entry {
    let tensor = "tensor \(displayName(name))"
    guard case .object(let members) = value else {
      throw fail(
        "\(tensor): expected an object with dtype, shape and data_offsets, found "
          + value.brief())
    }
    func field(_ key: String) throws -> JSON {
      guard let v = members[key] else {
        throw fail("\(tensor): the field \"\(key)\" is missing")
      }
      return v
    }
    guard case .string(let dtype) = try field("dtype") else {
      throw fail("\(tensor): dtype must be a string, found \(try field("dtype").brief())")
    }
    guard knownDTypes.contains(dtype) else {
      throw fail("\(tensor): unknown dtype \(JSONText.quoted(dtype))")
    }
    guard dtype == "F32" else {
      throw fail("\(tensor) has dtype \(dtype); llal reads F32 checkpoints only")
    }
    let shapeValue = try field("shape")
    guard let shape = shapeValue.nonNegativeInts else {
      throw fail(
        "\(tensor): shape must be a list of non-negative integers, found \(shapeValue.brief())")
    }
    let count: Int
    do {
      count = try Tensor.checkedCount(shape, op: "shape")
    } catch {
      throw fail(
        "\(tensor): shape \(describeShape(shape)) exceeds the limit of "
          + "\(Tensor.maxElementCount) elements")
    }
    let offsetsValue = try field("data_offsets")
    guard let pair = offsetsValue.nonNegativeInts, pair.count == 2 else {
      throw fail(
        "\(tensor): data_offsets must be two non-negative integers [begin, end], found "
          + offsetsValue.brief())
    }
    let (begin, end) = (pair[0], pair[1])
    guard begin <= end else {
      throw fail("\(tensor): data_offsets [\(begin), \(end)] end before they begin")
    }
    // count ≤ 2³⁰, so count × 4 cannot overflow.
    guard end - begin == count * 4 else {
      throw fail(
        "\(tensor): data offsets [\(begin), \(end)] do not hold shape "
          + "\(describeShape(shape)) (\(count * 4) bytes)")
    }
    return Entry(name: name, shape: shape, begin: begin, end: end)
  }

  /// Checks that `entries` (sorted by offset) follow each other from data byte 0 without
  /// gap or overlap and end exactly at the end of the data section.
  private static func checkCoverage(
    _ entries: [Entry], dataLength: Int, fail: (String) -> CheckpointError
  ) throws {
    var covered = 0
    var previous: Entry? = nil
    for e in entries {
      let span = "data_offsets [\(e.begin), \(e.end)]"
      if e.begin < covered, let p = previous {
        throw fail(
          "tensor \(displayName(e.name)): \(span) overlap tensor \(displayName(p.name)) "
            + "([\(p.begin), \(p.end)])")
      }
      if e.begin > covered {
        let after = previous.map { " (after tensor \(displayName($0.name)))" } ?? ""
        throw fail(
          "tensor \(displayName(e.name)): \(span) leave data bytes \(covered)..<\(e.begin) to no "
            + "tensor\(after)")
      }
      covered = e.end
      previous = e
    }
    if covered < dataLength {
      throw fail(
        "\(dataLength - covered) trailing bytes: the tensors cover data bytes 0..<\(covered) "
          + "but the data section holds \(dataLength)")
    }
  }
}

/// A tensor name for messages: in single quotes, control characters escaped, cut after
/// 64 characters.
private func displayName(_ name: String) -> String {
  var shown =
    name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    ? String(JSONText.quoted(name).dropFirst().dropLast()) : name
  if shown.count > 64 { shown = shown.prefix(64) + "…" }
  return "'\(shown)'"
}
