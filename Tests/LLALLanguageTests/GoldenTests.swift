import Foundation
import LLALLanguage
import TestSupport
import XCTest

/// Runs every golden script under `Tests/LLALLanguageTests/Golden/<feature>/*.llal` and
/// compares its output and diagnostics with its `# expect` comments.
///
/// `LLAL_GOLDEN=NAME` runs only the scripts NAME picks (see `selected(_:by:)`):
/// `LLAL_GOLDEN=errors/lexer swift test --skip-build --filter GoldenTests`.
final class GoldenTests: XCTestCase {
  static var goldenRoot: URL {
    TestSupport.packageRoot.appendingPathComponent("Tests/LLALLanguageTests/Golden")
  }

  /// Every golden script, sorted by path.
  static func scripts() throws -> [URL] {
    let enumerator = FileManager.default.enumerator(
      at: goldenRoot, includingPropertiesForKeys: nil)
    var urls: [URL] = []
    while let url = enumerator?.nextObject() as? URL {
      if url.pathExtension == "llal" { urls.append(url) }
    }
    return urls.sorted { $0.path < $1.path }
  }

  /// `feature/name` of a script.
  static func name(of url: URL) -> String {
    url.deletingLastPathComponent().lastPathComponent + "/"
      + url.deletingPathExtension().lastPathComponent
  }

  /// The scripts `name` picks: one script as `feature/name`; else a whole `feature`
  /// folder; else every script of that file name. A trailing `.llal` is ignored.
  static func selected(_ urls: [URL], by name: String) -> [URL] {
    let wanted = name.hasSuffix(".llal") ? String(name.dropLast(5)) : name
    if wanted.contains("/") { return urls.filter { Self.name(of: $0) == wanted } }
    let folder = urls.filter { $0.deletingLastPathComponent().lastPathComponent == wanted }
    if !folder.isEmpty { return folder }
    return urls.filter { $0.deletingPathExtension().lastPathComponent == wanted }
  }

  func testGoldenScripts() throws {
    var urls = try Self.scripts()
    if let name = ProcessInfo.processInfo.environment["LLAL_GOLDEN"], !name.isEmpty {
      urls = Self.selected(urls, by: name)
      guard !urls.isEmpty else {
        return XCTFail("LLAL_GOLDEN=\(name) names no golden script under \(Self.goldenRoot.path)")
      }
    } else {
      let features = Set(urls.map { $0.deletingLastPathComponent().lastPathComponent })
      for feature in [
        "literals", "operators", "functions", "closures", "control_flow", "tensors", "grad",
        "errors", "cells",
      ] {
        XCTAssertTrue(features.contains(feature), "no golden scripts for \(feature)")
      }
    }
    for url in urls {
      let script = try GoldenScript(url: url)
      XCTAssertFalse(
        script.expectedOutput.isEmpty && script.expectedErrors.isEmpty,
        "\(url.lastPathComponent) has no expectations")
      let (output, errors) = script.run()
      let name = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
      if output != script.expectedOutput {
        XCTFail(
          "\(name): output differs\n--- expected\n\(script.expectedOutput.joined(separator: "\n"))"
            + "\n--- actual\n\(output.joined(separator: "\n"))")
      }
      if errors != script.expectedErrors {
        XCTFail(
          "\(name): diagnostics differ\n--- expected\n"
            + script.expectedErrors.map(\.description).joined(separator: "\n")
            + "\n--- actual\n" + errors.map(\.description).joined(separator: "\n"))
      }
    }
  }

  /// What `LLAL_GOLDEN` picks, on the real scripts.
  func testOneScriptRunsAloneByName() throws {
    let urls = try Self.scripts()
    func names(_ name: String) -> [String] { Self.selected(urls, by: name).map(Self.name(of:)) }
    XCTAssertEqual(names("errors/lexer"), ["errors/lexer"])
    XCTAssertEqual(names("errors/lexer.llal"), ["errors/lexer"])
    XCTAssertEqual(names("display"), ["models/display", "tensors/display"])
    let errors = names("errors")  // the folder, not grad/errors.llal
    XCTAssertEqual(errors.count, urls.filter { $0.path.contains("/Golden/errors/") }.count)
    XCTAssertTrue(errors.allSatisfy { $0.hasPrefix("errors/") }, "\(errors)")
    XCTAssertEqual(names("no_such_script"), [])
    XCTAssertEqual(names("grad/errors"), ["grad/errors"])
  }
}
