import CEditLine
import Foundation

/// What the REPL needs to know about the process's terminal.
enum TerminalInfo {
  /// Whether `fd` is a terminal.
  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

  /// Whether colour may be used on `fd`: it is a terminal, `TERM` is not `dumb` and
  /// `NO_COLOR` is unset or empty (https://no-color.org).
  static func allowsColor(_ fd: Int32, environment: [String: String]) -> Bool {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    if environment["TERM"] == "dumb" { return false }
    return isTerminal(fd)
  }

  /// The width of standard output in columns: the terminal's, else `COLUMNS`, else 80.
  static func width(environment: [String: String]) -> Int {
    let columns = Int(llal_terminal_columns(1))
    if columns > 0 { return columns }
    if let text = environment["COLUMNS"], let n = Int(text), n > 0 { return n }
    return 80
  }
}
