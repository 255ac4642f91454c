import LLALActive
import LLALLanguage
import XCTest

@testable import LLALDomain

/// Runs a script that makes a session `s` (the checkpoint tests' scripts).
enum SessionScript {
  /// Runs `source`; returns its output and its session's records without the timings.
  static func run(_ source: String) throws -> (output: String, records: [CycleRecord]) {
    let buffer = OutputBuffer()
    let interpreter = Interpreter(output: buffer, libraries: [DomainLibrary.self])
    try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "s.llal", text: source))
    guard case .host(let h)? = interpreter.value(named: "s"), let s = h as? SessionValue else {
      XCTFail("no session")
      return (buffer.text, [])
    }
    let records = s.session.records.map { r -> CycleRecord in
      var r = r
      r.trainSeconds = 0
      r.cycleSeconds = 0
      return r
    }
    return (buffer.text, records)
  }
}
