/// Runs a `.llal` file the way `llal run` does: splits it into cells, parses and checks
/// them all first (so a typo in the last cell is reported before the first runs), then
/// runs the code cells in order, writing each cell's title and output.
///
/// For each code cell the output is the text of `print` calls followed by the display
/// of the cell's last line when that is a bare expression with a value other than
/// `none`. In a file with `# %%` markers each code cell is introduced by a header line
/// (`=== Title ===`, or `=== cell N ===` without a title); prose cells print nothing.
/// With `quiet`, only `print` output appears.
public struct ScriptRunner {
  /// The interpreter that runs the cells (its globals persist from cell to cell).
  public let interpreter: Interpreter
  /// Whether to print only `print` output.
  public var quiet: Bool

  /// A runner over `interpreter`.
  public init(interpreter: Interpreter, quiet: Bool = false) {
    self.interpreter = interpreter
    self.quiet = quiet
  }

  /// The code cells of `file` parsed, or every parse error of every cell.
  public static func parseCells(_ file: SourceFile) throws -> [(cell: Cell, program: Program)] {
    var parsed: [(Cell, Program)] = []
    var problems: [Diagnostic] = []
    for cell in CellSplitter.split(file) where cell.kind == .code {
      switch Parser.parse(file, range: cell.body) {
      case .program(let p): parsed.append((cell, p))
      case .incomplete(let d), .failure(let d): problems += d
      }
    }
    if !problems.isEmpty { throw LanguageError(problems) }
    return parsed
  }

  /// Parses and checks every cell without running anything (`llal check`). Throws
  /// `LanguageError` with parse or check diagnostics.
  public func check(_ file: SourceFile) throws {
    let cells = try ScriptRunner.parseCells(file)
    let problems = interpreter.check(cells.map(\.program))
    if !problems.isEmpty { throw LanguageError(problems) }
  }

  /// Parses, checks and runs every cell. Throws `LanguageError`: parse or check
  /// diagnostics before anything runs, or the runtime error that stopped a cell.
  public func run(_ file: SourceFile) throws {
    let cells = try ScriptRunner.parseCells(file)
    let problems = interpreter.check(cells.map(\.program))
    if !problems.isEmpty { throw LanguageError(problems) }
    let showHeaders = !quiet && CellSplitter.hasMarkers(file)
    for (cell, program) in cells {
      if showHeaders {
        interpreter.output.write("=== \(cell.title ?? "cell \(cell.index + 1)") ===\n")
      }
      let value = try interpreter.execute(program)
      if !quiet, let value {
        if case .none = value { continue }
        interpreter.output.write(interpreter.display(value) + "\n")
      }
    }
  }
}
