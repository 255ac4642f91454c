import Foundation
import LLALLanguage
import TestSupport
import XCTest

/// Runs every golden script under `Tests/LLALLanguageTests/Golden/<feature>/*.llal` and
/// compares its output and diagnostics with its `# expect` comments.
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

  func testGoldenScripts() throws {
    let urls = try Self.scripts()
    let features = Set(urls.map { $0.deletingLastPathComponent().lastPathComponent })
    for feature in [
      "literals", "operators", "functions", "closures", "control_flow", "tensors", "grad",
      "errors", "cells",
    ] {
      XCTAssertTrue(features.contains(feature), "no golden scripts for \(feature)")
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
}
