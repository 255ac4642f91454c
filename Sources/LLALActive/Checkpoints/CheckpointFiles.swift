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
    } catch {
      throw CheckpointError(path: path, "is not a checkpoint file of this version: \(error)")
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
