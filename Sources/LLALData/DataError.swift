import Foundation
import LLALTensor

/// An error from loading, generating or transforming a dataset.
///
/// The message names the file and the position where the input went wrong, e.g.
/// `data.csv: line 7, column 3: "abc" is not a number`. `kind` separates files that
/// could not be read at all (`.io`; the command line maps these to exit code 74) from
/// files that were read but hold something malformed, and from bad arguments.
public struct DataError: IOErrorReporting, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, broadly.
  public enum Kind: String, Sendable {
    /// The file or directory could not be read: missing, a directory, no permission.
    case io
    /// The file was read but its content is malformed: truncated, a wrong magic
    /// number, a non-numeric cell, inconsistent sizes.
    case malformed
    /// An argument is out of range (a split fraction, a batch size, a class count).
    case invalidArgument
  }

  /// What went wrong, broadly.
  public let kind: Kind
  /// The file (or directory) concerned, if any.
  public let path: String?
  /// Where in the file: `line 7, column 3`, `record 12 (byte offset 36876)`; or nil.
  public let location: String?
  /// What was wrong.
  public let reason: String

  /// An error of `kind` about `path` at `location`.
  public init(_ kind: Kind, path: String? = nil, location: String? = nil, _ reason: String) {
    self.kind = kind
    self.path = path
    self.location = location
    self.reason = reason
  }

  /// Whether the file could not be read at all (as opposed to read and found malformed).
  public var isIOError: Bool { kind == .io }

  /// `path: location: reason`, leaving out the parts that are nil.
  public var description: String {
    [path, location, reason].compactMap { $0 }.joined(separator: ": ")
  }

  /// An argument error naming the function that refused it.
  static func argument(_ function: String, _ reason: String) -> DataError {
    DataError(.invalidArgument, "\(function): \(reason)")
  }
}

/// Reading whole files with errors that say which file and why.
enum FileReader {
  /// The bytes of the file at `path`, or an `.io` error naming the file (read through
  /// `FileContents`, which streams pipes and refuses devices and oversized files).
  static func read(_ path: String) throws -> Data {
    do {
      return try FileContents.read(path)
    } catch let error as FileError {
      throw DataError(.io, path: path, error.reason)
    }
  }

  /// Throws a clear error when `data` starts with the gzip magic number, which every
  /// binary format here would otherwise report as a confusing wrong magic number.
  static func rejectGzip(_ data: Data, path: String) throws {
    if data.count >= 2, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B {
      throw DataError(
        .malformed, path: path, location: "byte offset 0",
        "the file is gzip-compressed; decompress it first (gunzip)")
    }
  }
}
