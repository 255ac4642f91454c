import LLALActive
import LLALLanguage
import XCTest

@testable import LLALDomain

/// Runs scripts with the domain library loaded, as the domain tests write them.
enum DomainScript {
  /// Runs `source` (named `name`, with `parameters`); returns its output and interpreter.
  static func run(
    _ source: String, name: String = "s.llal", parameters: [String: Value] = [:]
  ) throws -> (output: String, interpreter: Interpreter) {
    let buffer = OutputBuffer()
    let interpreter = Interpreter(output: buffer, libraries: [DomainLibrary.self])
    interpreter.parameters = parameters
    try ScriptRunner(interpreter: interpreter).run(SourceFile(name: name, text: source))
    return (buffer.text, interpreter)
  }

  /// `line:col: message` of the first diagnostic of running `source` (as `run`), lines counted
  /// after its first `skippingLines` (a setup the test prepends); ` (I/O)` is added to
  /// an I/O error when `markingIO`. "no error" when the script runs.
  static func failure(
    _ source: String, name: String = "s.llal", skippingLines: Int = 0,
    parameters: [String: Value] = [:], markingIO: Bool = false
  ) -> String {
    do {
      _ = try run(source, name: name, parameters: parameters)
      return "no error"
    } catch let error as LanguageError {
      let d = error.diagnostics[0]
      let at = d.location.map { "\($0.line - skippingLines):\($0.column)" } ?? "?"
      return "\(at): \(d.message)" + (markingIO && error.phase == .io ? " (I/O)" : "")
    } catch {
      return "\(error)"
    }
  }

  /// The number of lines `setup` puts before a body appended to it.
  static func lines(of setup: String) -> Int {
    setup.split(separator: "\n", omittingEmptySubsequences: false).count - 1
  }
}

/// Runs a script that makes a session `s` (the checkpoint tests' scripts).
enum SessionScript {
  /// Runs `source`; returns its output and its session's records without the timings.
  static func run(_ source: String) throws -> (output: String, records: [CycleRecord]) {
    let (output, interpreter) = try DomainScript.run(source)
    guard case .host(let h)? = interpreter.value(named: "s"), let s = h as? SessionValue else {
      XCTFail("no session")
      return (output, [])
    }
    let records = s.session.records.map { r -> CycleRecord in
      var r = r
      r.trainSeconds = 0
      r.cycleSeconds = 0
      return r
    }
    return (output, records)
  }
}
