/// The REPL's own commands, typed on a line that starts with `:`.
///
/// A command may be shortened to any prefix of its name; when several share the prefix,
/// the first in this list wins (`:h` is `:help`, `:r` is `:reload`, as in ghci).
public enum MetaCommand: String, CaseIterable, Sendable {
  case help, load, reload, vars, type, time, graph, history, save, export
  case exportTorch = "export-torch"
  case reset, clear, quit

  /// What follows the name, as `:help` shows it.
  public var argumentSyntax: String {
    switch self {
    case .help: return "[name]"
    case .load: return "FILE"
    case .type, .time: return "EXPR"
    case .graph: return "MODEL"
    case .history: return "[n]"
    case .save: return "FILE.llal"
    case .export: return "FILE.md|FILE.html"
    case .exportTorch: return "DIR"
    case .reload, .vars, .reset, .clear, .quit: return ""
    }
  }

  /// One line saying what it does.
  public var summary: String {
    switch self {
    case .help: return "this list, or the help of a command or built-in"
    case .load: return "run a .llal file (script or notebook) in this session"
    case .reload: return "run the last loaded file again"
    case .vars: return "the variables of this session, with types and values"
    case .type: return "the type of a value (and a tensor's shape)"
    case .time: return "evaluate and say how long it took"
    case .graph: return "how the nodes of a model connect: inputs, shapes, readers"
    case .history: return "the last n inputs (default 20)"
    case .save: return "write this session's inputs as a notebook file"
    case .export: return "write this session with its output as Markdown or HTML"
    case .exportTorch: return "write this session's experiment as a PyTorch project"
    case .reset: return "forget every variable and the session's inputs"
    case .clear: return "clear the screen (at a terminal)"
    case .quit: return "leave the REPL (Ctrl-D does too)"
    }
  }

  /// Whether its argument is a file path (Tab completes paths).
  public var takesPath: Bool {
    self == .load || self == .save || self == .export || self == .exportTorch
  }

  /// Whether its argument is an expression or name (Tab completes names).
  public var takesExpression: Bool {
    self == .help || self == .type || self == .time || self == .graph
  }

  /// `:name ARG`, as `:help` lists it.
  public var usage: String {
    argumentSyntax.isEmpty ? ":\(rawValue)" : ":\(rawValue) \(argumentSyntax)"
  }

  /// The command `name` (without its colon) names: itself, or the first command it is a
  /// prefix of.
  public static func named(_ name: String) -> MetaCommand? {
    guard !name.isEmpty else { return nil }
    return MetaCommand(rawValue: name) ?? allCases.first { $0.rawValue.hasPrefix(name) }
  }

  /// The text of `:help`: every command and the keys.
  public static var helpText: String {
    let width = allCases.map(\.usage.count).max() ?? 0
    var lines = ["Commands (anything else is llal code):"]
    for command in allCases {
      lines.append(
        "  " + command.usage + String(repeating: " ", count: width - command.usage.count + 2)
          + command.summary)
    }
    lines += [
      "",
      "A command may be shortened: :h is :help, :l is :load, :q is :quit.",
      "An input that is not finished (an open bracket or block) continues on the next line.",
      "Keys: Tab completes names, members, commands and file paths; Up and Down walk the",
      "history; Ctrl-C clears the line, or stops running work and keeps what finished;",
      "Ctrl-D quits.",
      "help() lists the built-ins; help(name) or :help name describes one.",
    ]
    return lines.joined(separator: "\n") + "\n"
  }
}
