import Foundation
import TestSupport
import XCTest

/// The module boundaries of docs/architecture.md, checked against the sources: every
/// project module a target's files import is a declared dependency of that target in
/// Package.swift and the reverse, and the core language imports no domain library.
final class ModuleBoundaryTests: XCTestCase {
  private static let root = TestSupport.packageRoot

  /// The project's own modules (targets under Sources/), by name.
  private func projectModules() throws -> Set<String> {
    let sources = Self.root.appendingPathComponent("Sources")
    return Set(try FileManager.default.contentsOfDirectory(atPath: sources.path))
  }

  /// The project modules the Swift files of `target` import.
  private func imports(of target: String, among modules: Set<String>) throws -> Set<String> {
    let folder = Self.root.appendingPathComponent("Sources/\(target)")
    var found: Set<String> = []
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    while let url = files?.nextObject() as? URL {
      guard url.pathExtension == "swift" else { continue }
      let text = try String(contentsOf: url, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
        guard words.count == 2, words[0] == "import", modules.contains(String(words[1]))
        else { continue }
        found.insert(String(words[1]))
      }
    }
    return found
  }

  /// The project dependencies Package.swift declares for each Swift target.
  private func declaredDependencies(among modules: Set<String>) throws -> [String: Set<String>] {
    let manifest = try String(
      contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
    var result: [String: Set<String>] = [:]
    // Each declaration runs from its `.target(` (or `.executableTarget(`, …) to the next.
    let declarations = manifest.components(separatedBy: "\n    .").dropFirst()
    for body in declarations {
      guard let nameRange = body.range(of: #"name: "[A-Za-z]+""#, options: .regularExpression)
      else { continue }
      let name = String(body[nameRange].split(separator: "\"")[1])
      guard modules.contains(name) else { continue }
      var deps: Set<String> = []
      if let d = body.range(of: "dependencies:") {
        let list = body[d.upperBound...].prefix { $0 != "]" }
        for quoted in list.split(separator: "\"").enumerated() where quoted.offset % 2 == 1 {
          if modules.contains(String(quoted.element)) { deps.insert(String(quoted.element)) }
        }
      }
      result[name] = deps
    }
    return result
  }

  func testEachTargetImportsExactlyItsDeclaredProjectDependencies() throws {
    let modules = try projectModules()
    let declared = try declaredDependencies(among: modules)
    XCTAssertTrue(declared.keys.contains("LLALLanguage"), "\(declared.keys.sorted())")
    for (target, deps) in declared where !target.hasPrefix("C") {
      // A system-library or C dependency is imported as a module of the same name.
      XCTAssertEqual(
        try imports(of: target, among: modules), deps,
        "\(target): its imports and Package.swift's dependencies differ")
    }
  }

  func testTheCoreLanguageKnowsNoDomainLibrary() throws {
    let modules = try projectModules()
    XCTAssertEqual(try imports(of: "LLALLanguage", among: modules), ["LLALTensor", "LLALText"])
  }
}
