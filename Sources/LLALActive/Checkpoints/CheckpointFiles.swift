import Foundation
import LLALNN
import LLALTensor

/// Reading and writing a checkpoint's JSON files: keys sorted, numbers at full precision,
/// non-finite numbers as the strings `nan`, `inf`, `-inf`; written atomically
/// (`AtomicFile`). Failures are `CheckpointError`s naming the file.
enum CheckpointFiles {
  /// Writes `value` as JSON to `path`.
  static func write<T: Encodable>(_ value: T, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let data: Data
    do {
      data = try encoder.encode(value)
    } catch {
      throw CheckpointError(path: path, "cannot encode: \(error)")
    }
    do {
      try AtomicFile.write(data + Data("\n".utf8), to: path)
    } catch let error as FileError {
      throw CheckpointError(path: path, "cannot write: \(error.reason)", isIOError: true)
    }
  }

  /// Reads the JSON file at `path` as a `T`.
  static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
    let data: Data
    do {
      data = try FileContents.read(path)
    } catch let error as FileError {
      throw CheckpointError(path: path, "cannot read: \(error.reason)", isIOError: true)
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return try decoder.decode(type, from: data)
    } catch let error as DecodingError {
      throw CheckpointError(
        path: path, "is not a checkpoint file of this version: \(describe(error))")
    } catch {
      throw CheckpointError(path: path, "is not a checkpoint file of this version: \(error)")
    }
  }

  /// What is wrong, by the field's path in the file (`next.model`, `acquisitions[2].cycle`).
  static func describe(_ error: DecodingError) -> String {
    func field(_ path: [any CodingKey]) -> String {
      var text = ""
      for key in path {
        if let i = key.intValue {
          text += "[\(i)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the top level" : text
    }
    func kind(_ type: Any.Type) -> String {
      switch type {
      case is String.Type: return "a string"
      case is Bool.Type: return "true or false"
      case is Int.Type, is UInt64.Type: return "a whole number"
      case is Double.Type, is Float.Type: return "a number"
      case is [Any].Type: return "an array"
      default: return "an object"
      }
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "\(field(context.codingPath + [key])) is missing"
    case .typeMismatch(let type, let context):
      return "\(field(context.codingPath)) must be \(kind(type))"
    case .valueNotFound(let type, let context):
      return "\(field(context.codingPath)) must be \(kind(type)), found null"
    case .dataCorrupted(let context):
      // NOTE: Foundation's decoder reports a number that does not fit its field (−1 for a
      // seed) as invalid JSON at the top level, as it does a file cut short.
      return context.codingPath.isEmpty
        ? "it is not valid JSON, or a number in it does not fit its field"
        : "\(field(context.codingPath)) is malformed"
    @unknown default:
      return "\(error)"
    }
  }

  /// Creates `folder` (and its parents) if needed.
  static func makeFolder(_ folder: String) throws {
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw CheckpointError(
        path: folder, "cannot create the folder: \(error.localizedDescription)",
        isIOError: true)
    }
  }

  /// The names in `folder`, or none when it does not exist.
  static func names(in folder: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  }

  /// Removes the file or empty folder at `path`; a missing one is not an error.
  static func remove(_ path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else { return }
    do {
      try FileManager.default.removeItem(atPath: path)
    } catch {
      throw CheckpointError(
        path: path, "cannot remove: \(error.localizedDescription)", isIOError: true)
    }
  }
}
