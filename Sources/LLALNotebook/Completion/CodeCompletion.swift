import Foundation
import LLALLanguage

/// Completion of `.llal` code, shared by the REPL's Tab and the Jupyter kernel: names in
/// scope and built-ins, keywords, members after `.` (fields of a record, node names of a
/// model), and file paths inside a string.
///
/// It never runs code: the value before a `.` is looked up by name (then field by field),
/// not evaluated.
public struct CodeCompletion {
  /// A completion: where the replaced word starts (a UTF-8 offset into the line) and the
  /// words that may replace it, sorted.
  public typealias Result = (start: Int, candidates: [String])

  /// The interpreter whose names are offered.
  public let interpreter: Interpreter
  /// The folder relative paths start from.
  public var currentDirectory: URL

  /// The language's keywords (their kinds are contiguous, from `fn` to `not`).
  public static let keywords: [String] = (TokenKind.kwFn.rawValue...TokenKind.kwNot.rawValue)
    .compactMap { TokenKind(rawValue: $0)?.spelling }

  /// Completion over `interpreter`'s names, with relative paths from `currentDirectory`.
  public init(
    interpreter: Interpreter,
    currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  ) {
    self.interpreter = interpreter
    self.currentDirectory = currentDirectory
  }

  /// The completions for `line`, the code on the cursor's line before the cursor.
  public func complete(_ line: String) -> Result {
    switch Self.context(of: line) {
    case .comment:
      return (line.utf8.count, [])
    case .string(let start):
      let bytes = Array(line.utf8)
      let typed = String(decoding: bytes[start...], as: UTF8.self)
      if let allowed = choices(forStringAt: start - 1, in: bytes) {
        return (start, allowed.filter { $0.hasPrefix(typed) })
      }
      return (start, paths(completing: typed))
    case .code:
      break
    }
    let bytes = Array(line.utf8)
    var start = bytes.count
    while start > 0, Self.isIdentifierByte(bytes[start - 1]) { start -= 1 }
    let word = String(decoding: bytes[start...], as: UTF8.self)
    if word.first?.isNumber == true { return (start, []) }
    if start > 0, bytes[start - 1] == UInt8(ascii: ".") {
      guard let receiver = receiver(before: start - 1, in: bytes) else { return (start, []) }
      let members = interpreter.memberNames(of: receiver).filter { $0.hasPrefix(word) }
      return (start, members.sorted())
    }
    guard !word.isEmpty else { return (start, []) }
    let names = Set(interpreter.completions(prefix: word))
      .union(Self.keywords.filter { $0.hasPrefix(word) })
    return (start, names.sorted())
  }

  /// The value named by the chain of identifiers that ends just before the `.` at `dot`
  /// (`model.s1` in `model.s1.`): a global, then its fields or members. Nil when the text
  /// is anything else (a call, an index), which would need evaluating.
  func receiver(before dot: Int, in bytes: [UInt8]) -> Value? {
    var names: [String] = []
    var end = dot
    while true {
      var start = end
      while start > 0, Self.isIdentifierByte(bytes[start - 1]) { start -= 1 }
      guard start < end, !(bytes[start] >= 48 && bytes[start] <= 57) else { return nil }
      names.insert(String(decoding: bytes[start..<end], as: UTF8.self), at: 0)
      guard start > 0, bytes[start - 1] == UInt8(ascii: ".") else { break }
      end = start - 1
    }
    return value(ofChain: names)
  }

  /// The value of `a.b.c` given as `["a", "b", "c"]`: a global or built-in, then fields
  /// of records and members of host values. Nil when a link is missing.
  public func value(ofChain names: [String]) -> Value? {
    guard let first = names.first, var value = interpreter.value(named: first) else {
      return nil
    }
    for name in names.dropFirst() {
      switch value {
      case .record(let r):
        guard let field = r[name] else { return nil }
        value = field
      case .host(let h):
        guard let member = try? h.member(name) else { return nil }
        value = member
      default:
        return nil
      }
    }
    return value
  }

  /// Where the end of a line is: in code, in a comment, or in a string that starts at a
  /// UTF-8 offset.
  public enum Context: Equatable {
    /// Code.
    case code
    /// A `#` comment.
    case comment
    /// A string whose text starts `start` bytes in.
    case string(start: Int)
  }

  /// Where the end of `line` is.
  public static func context(of line: String) -> Context {
    var stringStart: Int?
    var escaped = false
    for (i, byte) in line.utf8.enumerated() {
      if stringStart != nil {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          stringStart = nil
        }
      } else if byte == UInt8(ascii: "\"") {
        stringStart = i + 1
      } else if byte == UInt8(ascii: "#") {
        return .comment
      }
    }
    return stringStart.map { .string(start: $0) } ?? .code
  }

  /// Whether `b` may be part of a name (ASCII letters, digits, `_`).
  public static func isIdentifierByte(_ b: UInt8) -> Bool {
    (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95
  }

  // MARK: - Paths

  /// The files and folders whose path starts with `typed` (folders end with `/`). Hidden
  /// files are offered only when the typed name starts with a dot.
  public func paths(completing typed: String) -> [String] {
    let slash = typed.lastIndex(of: "/")
    let folderPart = slash.map { String(typed[...$0]) } ?? ""
    let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
    let folder: URL
    if folderPart.hasPrefix("/") {
      folder = URL(fileURLWithPath: folderPart)
    } else if folderPart.hasPrefix("~/") {
      folder = URL(fileURLWithPath: NSHomeDirectory())
        .appendingPathComponent(String(folderPart.dropFirst(2)))
    } else if folderPart.isEmpty {
      folder = currentDirectory
    } else {
      folder = currentDirectory.appendingPathComponent(folderPart)
    }
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return entries.filter {
      $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix("."))
    }.map { name in
      var isFolder: ObjCBool = false
      _ = FileManager.default.fileExists(
        atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
      return folderPart + name + (isFolder.boolValue ? "/" : "")
    }.sorted()
  }
}
