import Foundation
import LLALJSON
import LLALNotebook

/// What `kernel_info_request` answers: the protocol version, the language (for syntax
/// highlighting and file extensions), the banner and help links.
public struct KernelInfo: Sendable {
  /// The llal version (`llal 0.1.0` gives `0.1.0`).
  public let version: String

  /// Info for llal `version`.
  public init(version: String) { self.version = version }

  /// How front ends treat llal code. Comments, strings, numbers and most keywords (`for`,
  /// `in`, `if`, `else`, `while`, `return`, `and`, `or`, `not`) are spelled as in Python,
  /// so Python's highlighting (CodeMirror mode, Pygments lexer) fits it.
  public var languageInfo: JSON {
    [
      "name": "llal", "version": .string(version), "mimetype": "text/x-llal",
      "file_extension": ".llal", "pygments_lexer": "python", "codemirror_mode": "python",
      "nbconvert_exporter": "script",
    ]
  }

  /// The text a console shows when it starts.
  public var banner: String {
    "llal \(version): a notebook-style language for active-learning research\n"
      + "help() lists the built-ins and help(zeros) explains one; Shift-Tab on a name "
      + "shows its docs."
  }

  /// The reply content.
  public var reply: JSON {
    [
      "status": "ok", "protocol_version": .string(MessageFactory.protocolVersion),
      "implementation": "llal", "implementation_version": .string(version),
      "language_info": languageInfo, "banner": .string(banner),
      "help_links": .array(helpLinks), "debugger": false,
    ]
  }

  /// Links to the language reference and the guides, where this build's sources are
  /// (the documentation is not published elsewhere).
  var helpLinks: [JSON] {
    let docs = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs")
    let pages = [
      ("llal language reference", "language.md"), ("llal domain guide", "domain.md"),
      ("llal in Jupyter", "jupyter.md"),
    ]
    return pages.compactMap { title, file in
      let url = docs.appendingPathComponent(file)
      guard FileManager.default.fileExists(atPath: url.path) else { return nil }
      return ["text": .string(title), "url": .string(url.absoluteString)]
    }
  }
}
