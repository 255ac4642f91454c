import Foundation
import XCTest

/// Helpers of the benchmark tests: JSON lines parsed, the keys of a JSON line in printed
/// order, and .npy files as NumPy writes them.
extension CLITestCase {
  /// The JSON lines of standard output, each an object (the test fails otherwise).
  func jsonLines(_ output: String) throws -> [[String: Any]] {
    try output.split(separator: "\n").map { line in
      try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }
  }

  /// The keys of one JSON line, in their printed order.
  func keys(of line: String) -> [String] {
    // Keys are the quoted strings followed by ": " at nesting depth 1.
    var keys: [String] = []
    var depth = 0
    var i = line.startIndex
    while i < line.endIndex {
      let c = line[i]
      if c == "{" || c == "[" { depth += 1 }
      if c == "}" || c == "]" { depth -= 1 }
      if c == "\"" {
        guard let end = line[line.index(after: i)...].firstIndex(of: "\"") else { break }
        let text = String(line[line.index(after: i)..<end])
        i = line.index(after: end)
        if depth == 1, line[i...].hasPrefix(": ") { keys.append(text) }
        continue
      }
      i = line.index(after: i)
    }
    return keys
  }

  /// An .npy file (format 1.0) as `numpy.save` writes it.
  func npy(_ descr: String, _ shape: String, _ body: [UInt8]) -> [UInt8] {
    let dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    let padded = (10 + dict.utf8.count + 1 + 63) / 64 * 64
    let header =
      Array(dict.utf8) + [UInt8](repeating: 32, count: padded - 10 - dict.utf8.count - 1) + [10]
    return [0x93] + Array("NUMPY".utf8) + [
      1, 0, UInt8(header.count & 0xFF),
      UInt8(header.count >> 8),
    ] + header + body
  }
}
