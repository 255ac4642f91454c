import LLALLanguage

/// Passes output on to another sink and keeps a copy, so the REPL shows `print` output as
/// it happens and can still put it in the session's transcript.
final class RecordingOutput: OutputSink {
  private let target: OutputSink
  private var recorded = ""

  /// A sink writing through to `target`.
  init(_ target: OutputSink) { self.target = target }

  func write(_ text: String) {
    target.write(text)
    recorded += text
  }

  /// The text written since the last call.
  func take() -> String {
    defer { recorded = "" }
    return recorded
  }
}
