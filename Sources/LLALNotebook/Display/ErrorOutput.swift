import LLALJSON
import LLALLanguage

/// An error as Jupyter shows it: a name for its kind, its message, and the traceback
/// lines (the located diagnostic with its caret, in ANSI colour when asked). The kernel
/// sends it as an `error` message; `.ipynb` files store it as an `error` output.
public struct ErrorOutput: Equatable, Sendable {
  /// The kind: `ParseError`, `CheckError`, `RuntimeError` or `Interrupted`.
  public var ename: String
  /// The message of the first diagnostic (or note).
  public var evalue: String
  /// The rendered diagnostics, one line each.
  public var traceback: [String]

  /// An error from its parts.
  public init(ename: String, evalue: String, traceback: [String]) {
    self.ename = ename
    self.evalue = evalue
    self.traceback = traceback
  }

  /// The error for `diagnostics`, after the notes of work an interrupt stopped but that
  /// kept a result (which make the whole an interrupt). Without diagnostics, the notes
  /// alone say where the work stopped.
  public init(diagnostics: [Diagnostic], notes: [String] = [], color: Bool) {
    let renderer = DiagnosticRenderer(color: color)
    let bold = color ? "\u{1B}[1m" : ""
    let red = color ? "\u{1B}[1;31m" : ""
    let reset = color ? "\u{1B}[0m" : ""
    let noteText = notes.map { "\(red)note:\(reset) \(bold)\($0)\(reset)\n" }.joined()
    let phase = notes.isEmpty ? diagnostics.first?.phase ?? .runtime : .interrupted
    self.init(
      ename: Self.name(of: phase),
      evalue: notes.first ?? diagnostics.first?.message ?? "",
      traceback: Self.lines(noteText + diagnostics.map(renderer.render).joined()))
  }

  /// The name of a diagnostic phase as an error kind.
  public static func name(of phase: Diagnostic.Phase) -> String {
    switch phase {
    case .parse: return "ParseError"
    case .check: return "CheckError"
    case .runtime: return "RuntimeError"
    case .interrupted: return "Interrupted"
    case .io: return "IOError"
    }
  }

  /// `text` split into lines, without the empty line after its last newline.
  public static func lines(_ text: String) -> [String] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// `{"ename": …, "evalue": …, "traceback": […]}`.
  public var json: JSON {
    [
      "ename": .string(ename), "evalue": .string(evalue),
      "traceback": .array(traceback.map { .string($0) }),
    ]
  }
}
