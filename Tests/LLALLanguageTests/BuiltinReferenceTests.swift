import Foundation
import TestSupport
import XCTest
import LLALDomain

@testable import LLALLanguage

/// The built-in reference in docs/language.md is generated from the registry; this test
/// fails when the two differ. Regenerate with `RECORD_SNAPSHOTS=1 swift test --filter
/// BuiltinReferenceTests` (the variable that re-records snapshots).
final class BuiltinReferenceTests: XCTestCase {
  static let start = "<!-- builtins:start -->"
  static let end = "<!-- builtins:end -->"

  func testTheReferenceInTheDocsMatchesTheRegistry() throws {
    let url = TestSupport.packageRoot.appendingPathComponent("docs/language.md")
    let doc = try String(contentsOf: url, encoding: .utf8)
    guard let s = doc.range(of: Self.start), let e = doc.range(of: Self.end) else {
      return XCTFail("docs/language.md lacks the built-in reference markers")
    }
    let registry = BuiltinRegistry.standard()
    DomainLibrary.register(in: registry)
    let generated = "\n" + Self.reference(registry) + "\n"
    let current = String(doc[s.upperBound..<e.lowerBound])
    if current == generated { return }
    if TestSupport.isRecordingSnapshots {
      try (doc[..<s.upperBound] + generated + doc[e.lowerBound...]).write(
        to: url, atomically: true, encoding: .utf8)
      // As assertSnapshot does: a recording run never passes by accident.
      return XCTFail("Recorded docs/language.md's built-in reference. Check it, then run again.")
    }
    XCTFail(
      "docs/language.md's built-in reference is out of date; rerun with RECORD_SNAPSHOTS=1")
  }

  /// Markdown: functions, constants, then the members of each built-in type.
  static func reference(_ registry: BuiltinRegistry) -> String {
    func entry(_ signature: String, _ doc: String) -> String {
      "- `\(signature)` — \(doc.replacingOccurrences(of: "\n", with: " "))"
    }
    var lines = ["### Functions", ""]
    for name in registry.functions.keys.sorted() {
      guard let b = registry.functions[name] else { continue }
      lines.append(entry(b.signature.displayText, b.doc))
    }
    lines += ["", "### Constants", ""]
    for name in registry.constants.keys.sorted() {
      guard let c = registry.constants[name] else { continue }
      lines.append(entry("\(name) = \(ValueFormatter.repr(c.value))", c.doc))
    }
    for kind in [ValueKind.tensor, .list, .string] {
      lines += ["", "### Members of \(kind.rawValue) values", ""]
      for member in registry.memberNames(of: kind) {
        if let p = registry.property(member, on: kind) {
          lines.append(entry("\(kind.rawValue).\(member)", p.doc))
        } else if let m = registry.method(member, on: kind) {
          lines.append(entry("\(kind.rawValue).\(m.signature.displayText)", m.doc))
        }
      }
    }
    return lines.joined(separator: "\n")
  }
}
