import Foundation
import LLALDomain
import LLALLanguage
import LLALNotebook

/// The interactive session behind `llal` with no file: read a line, evaluate it, show the
/// value, repeat (after Lua's `lua.c`).
///
/// - Input that the parser calls incomplete (an open bracket, block or string) continues
///   on the next line after a continuation prompt of the same width.
/// - A bare expression shows its value as `Out[n]: ...`; errors show a located diagnostic
///   (the input is named `In[n]`) and the session goes on.
/// - Lines starting with `:` are commands (`MetaCommand`).
/// - Ctrl-C at the prompt clears the input; during evaluation it stops the work at the
///   next safe point, keeps every variable and finished result, and drops the rest of a
///   pasted block. Ctrl-D (or the end of piped input) ends the session.
/// - The history is read at the start and saved at the end.
public final class REPL {
  /// How the session looks and where it keeps its history.
  public struct Options {
    /// The first line of the banner (the version), or nil for no banner. The banner's
    /// second line is always "Type :help for help.".
    public var banner: String?
    /// The history file, or nil to keep no history across sessions.
    public var historyURL: URL?
    /// The most history entries kept.
    public var historyCapacity: Int
    /// Whether values (charts) may use ANSI colour on standard output.
    public var color: Bool
    /// Whether diagnostics may use ANSI colour.
    public var diagnosticColor: Bool
    /// The width of the terminal in cells, asked before each value is shown.
    public var width: () -> Int
    /// The folder `:load`, `:save` and path completion start from.
    public var currentDirectory: URL

    /// Options with no banner, no history file, no colour and 80 columns.
    public init(
      banner: String? = nil, historyURL: URL? = nil, historyCapacity: Int = 1000,
      color: Bool = false, diagnosticColor: Bool = false, width: @escaping () -> Int = { 80 },
      currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
      self.banner = banner
      self.historyURL = historyURL
      self.historyCapacity = historyCapacity
      self.color = color
      self.diagnosticColor = diagnosticColor
      self.width = width
      self.currentDirectory = currentDirectory
    }
  }

  /// The prompt for a new input.
  public static let prompt = "llal> "
  /// The prompt for a continuation line (as wide as `prompt`).
  public static let continuationPrompt = "  ... "

  /// The interpreter that runs the session's code.
  public let interpreter: Interpreter
  let reader: LineReader
  let output: OutputSink
  let errors: OutputSink
  let options: Options
  /// The interpreter's output: passed on to `output` and recorded for the transcript.
  let recorder: RecordingOutput
  /// Every input with its output, for `:save` and `:export`.
  var transcript: [TranscriptEntry] = []
  /// The history shown by `:history`: the file's entries, then this session's.
  var history: [String] = []
  /// This session's entries, added to the file at the end.
  var newHistory: [String] = []
  /// The number of the next code input (`In[n]`, `Out[n]`).
  var inputNumber = 1
  /// The file `:reload` runs.
  var lastLoaded: String?
  var quitRequested = false

  /// A session reading from `reader` and writing values to `output` and diagnostics to
  /// `errors`.
  public init(
    reader: LineReader, output: OutputSink, errors: OutputSink, options: Options = Options()
  ) {
    self.reader = reader
    self.output = output
    self.errors = errors
    self.options = options
    recorder = RecordingOutput(output)
    interpreter = Interpreter(output: recorder, libraries: [DomainLibrary.self])
  }

  /// A session on the process's standard streams: libedit when standard input and output
  /// are terminals, plain reads otherwise (no prompt, no banner, no colour); history at
  /// `$XDG_STATE_HOME/llal/history`; `NO_COLOR` honoured. Installs the SIGINT handler.
  public static func forProcess(version: String) -> REPL {
    let environment = ProcessInfo.processInfo.environment
    let interactive = TerminalInfo.isTerminal(0) && TerminalInfo.isTerminal(1)
    Interpreter.clearInterrupt()
    Interpreter.installInterruptHandler()
    let errors = StandardError()
    var reader: LineReader = PlainLineReader()
    if interactive, let editor = EditLineReader() {
      reader = editor
    } else if TerminalInfo.isTerminal(0) {
      reader = PlainLineReader(writePrompt: { errors.write($0) })
    }
    let options = Options(
      banner: interactive ? version : nil,
      historyURL: HistoryFile.defaultURL(environment: environment),
      color: TerminalInfo.allowsColor(1, environment: environment),
      diagnosticColor: TerminalInfo.allowsColor(2, environment: environment),
      width: { TerminalInfo.width(environment: environment) })
    let repl = REPL(reader: reader, output: StandardOutput(), errors: errors, options: options)
    if let editor = reader as? EditLineReader {
      let engine = CompletionEngine(
        interpreter: repl.interpreter, currentDirectory: options.currentDirectory)
      editor.completer = { line, _ in engine.complete(line) }
    }
    return repl
  }

  // MARK: - The loop

  /// Runs the session until `:quit`, Ctrl-D or the end of input, then saves the history.
  public func run() {
    if let banner = options.banner { output.write(banner + "\nType :help for help.\n") }
    loadHistory()
    var input = PendingInput()
    while !quitRequested {
      let prompt = input.isEmpty ? Self.prompt : Self.continuationPrompt
      switch reader.readLine(prompt: prompt) {
      case .interrupted:
        Interpreter.clearInterrupt()
        input = PendingInput()
      case .endOfInput:
        if !input.isEmpty {
          submit(input.text, interpreter.parse(input.text, name: "In[\(inputNumber)]"))
        }
        if reader.isInteractive { output.write("\n") }
        quitRequested = true
      case .line(let line):
        // NOTE: a Ctrl-C that lands while a read returns data does not interrupt the
        // read; the flag is still set, so the line it was meant to clear is dropped here.
        if Interpreter.clearInterrupt() {
          input = PendingInput()
          continue
        }
        if input.isEmpty {
          if line.allSatisfy(\.isWhitespace) { continue }
          if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
            remember(line)
            perform(line)
            continue
          }
          if hintInstead(of: line) { continue }
        }
        input.append(line)
        if input.isCertainlyOpen { continue }
        let parsed = interpreter.parse(input.text, name: "In[\(inputNumber)]")
        if case .incomplete = parsed { continue }
        if let next = reader.pendingLine(), Self.continuesInput(next) { continue }
        let text = input.text
        input = PendingInput()
        remember(text)
        submit(text, parsed)
      }
    }
    saveHistory()
  }

  /// Whether `line` continues the input before it though that input is complete: it
  /// starts with `|>`, `.member` or `else`, which the parser joins to the previous line.
  ///
  /// NOTE: this mirrors the parser's rule for lines that continue an expression; only
  /// lines that have already arrived (piped input) are looked at.
  static func continuesInput(_ line: String) -> Bool {
    let text = line.drop { $0 == " " || $0 == "\t" }
    func startsWord(_ word: String) -> Bool {
      guard text.hasPrefix(word) else { return false }
      guard let next = text.dropFirst(word.count).first else { return true }
      return !(next.isLetter || next.isNumber || next == "_")
    }
    if text.hasPrefix("|>") || startsWord("else") { return true }
    guard text.hasPrefix("."), let next = text.dropFirst().first else { return false }
    return next.isLetter || next == "_"
  }

  // MARK: - Evaluating code

  /// Runs one complete input (already parsed as `parsed`), shows its value or its
  /// diagnostics, and records it. With `timed`, also says how long it ran.
  func submit(_ text: String, _ parsed: ParseResult, timed: Bool = false) {
    if case .program(let program) = parsed, program.statements.isEmpty { return }
    let number = inputNumber
    inputNumber += 1
    var cell = NotebookCell(content: .code(text), title: "In[\(number)]")
    _ = recorder.take()
    do {
      let program: Program
      switch parsed {
      case .program(let p): program = p
      case .incomplete(let d), .failure(let d): throw LanguageError(d)
      }
      let problems = interpreter.check([program], interactive: true)
      if !problems.isEmpty { throw LanguageError(problems) }
      let start = Date()
      let value = try runInterruptibly { try interpreter.execute(program) }
      let elapsed = Date().timeIntervalSince(start)
      record(recorder.take(), in: &cell)
      reportStops(in: &cell)
      if let value { show(value, number: number, in: &cell) }
      reportWarnings(in: &cell)
      if timed { output.write("Time: \(Self.duration(elapsed))\n") }
    } catch let error as LanguageError {
      record(recorder.take(), in: &cell)
      report(error, in: &cell)
    } catch {
      record(recorder.take(), in: &cell)
      report(LanguageError([Diagnostic(.runtime, "\(error)", file: nil, range: .at(0))]), in: &cell)
    }
    transcript.append(TranscriptEntry(kind: .code, cell: cell))
  }

  /// After an input ran to its end: the notes of work that Ctrl-C stopped though it
  /// returned a value (an experiment that kept its finished cycles), handled as an
  /// interrupt — the rest of a pasted block is dropped, and `:save` leaves the input out.
  func reportStops(in cell: inout NotebookCell) {
    let notes = interpreter.takeStopNotes()
    guard !notes.isEmpty else { return }
    let text = notes.map { "note: \($0)\n" }.joined()
    errors.write(text)
    cell.outputs.append(.error(text))
    cell.status = .failed(.interrupted)
    errors.write(Self.stoppedMessage)
    reader.discardPendingInput()
  }

  /// The warnings the input's work noted (each shown once per session), after its value.
  func reportWarnings(in cell: inout NotebookCell) {
    let text = interpreter.takeWarnings().map { "warning: \($0)\n" }.joined()
    guard !text.isEmpty else { return }
    errors.write(text)
    cell.outputs.append(.error(text))
  }

  /// What the REPL says after Ctrl-C stopped running work.
  static let stoppedMessage = "Stopped by Ctrl-C; variables and finished results are kept.\n"

  /// Runs `body` (which stops at its next safe point after Ctrl-C) and then clears the
  /// interrupt flag, so a Ctrl-C that came too late to stop it does not stop the next
  /// input.
  func runInterruptibly<T>(_ body: () throws -> T) throws -> T {
    defer { Interpreter.clearInterrupt() }
    return try body()
  }

  /// Shows a value as `Out[n]: ...` (on its own lines when it has several).
  private func show(_ value: Value, number: Int, in cell: inout NotebookCell) {
    if case .none = value { return }
    let shown = Rendering(
      of: value, interpreter: interpreter,
      options: DisplayOptions(width: options.width(), color: options.color))
    let label = "Out[\(number)]:"
    output.write(
      shown.text.contains("\n") ? "\(label)\n\(shown.text)\n" : "\(label) \(shown.text)\n")
    cell.outputs.append(.value(Rendering(of: value, interpreter: interpreter)))
  }

  private func record(_ printed: String, in cell: inout NotebookCell) {
    if !printed.isEmpty { cell.outputs.append(.printed(printed)) }
  }

  /// Writes diagnostics to the error stream and into the cell. After an interrupt, drops
  /// input typed or pasted ahead, so the rest of a pasted block does not run.
  func report(_ error: LanguageError, in cell: inout NotebookCell) {
    let renderer = DiagnosticRenderer(color: options.diagnosticColor)
    // Work stopped before the error that kept a result says so first.
    let notes = interpreter.takeStopNotes().map { "note: \($0)\n" }.joined()
    errors.write(notes + error.diagnostics.map(renderer.render).joined())
    if !notes.isEmpty { cell.outputs.append(.error(notes)) }
    cell.outputs.append(.error(error.description))
    cell.status = .failed(notes.isEmpty ? error.phase : .interrupted)
    if error.phase == .interrupted || !notes.isEmpty {
      errors.write(Self.stoppedMessage)
      reader.discardPendingInput()
    }
  }

  /// Writes a one-line error (for commands) to the error stream.
  func complain(_ message: String) { errors.write("error: \(message)\n") }

  /// A duration as `850 µs`, `12.3 ms` or `4.56 s`.
  static func duration(_ seconds: TimeInterval) -> String {
    if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
  }

  // MARK: - History

  /// Adds an entry to the history (consecutive duplicates, blank entries and entries over
  /// `HistoryFile.maxEntryBytes` are dropped).
  func remember(_ entry: String) {
    guard HistoryFile.keeps(entry), history.last != entry else { return }
    history.append(entry)
    newHistory.append(entry)
    reader.addHistory(entry)
  }

  private func loadHistory() {
    guard let url = options.historyURL else { return }
    var file = HistoryFile(url: url, capacity: options.historyCapacity)
    if let warning = file.load() { errors.write(warning + "\n") }
    history = file.entries
    for entry in file.entries { reader.addHistory(entry) }
  }

  /// Adds this session's entries to the file as it is now (another session may have
  /// written to it meanwhile) and saves it.
  private func saveHistory() {
    guard let url = options.historyURL, !newHistory.isEmpty else { return }
    var file = HistoryFile(url: url, capacity: options.historyCapacity)
    _ = file.load()
    for entry in newHistory { file.append(entry) }
    if let warning = file.save() { errors.write(warning + "\n") }
    newHistory = []
  }
}
