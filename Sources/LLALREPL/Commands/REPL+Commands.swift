import Foundation
import LLALDomain
import LLALExport
import LLALLanguage
import LLALNotebook
import LLALRender
import LLALTensor

extension REPL {
  /// Runs a `:command` line.
  func perform(_ line: String) {
    let text = line.trimmingCharacters(in: .whitespaces).dropFirst()
    let name = String(text.prefix { !$0.isWhitespace })
    let argument = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    guard let command = MetaCommand.named(name) else {
      complain("unknown command ':\(name)'; :help lists the commands")
      return
    }
    switch command {
    case .help: help(argument)
    case .load:
      guard let path = Self.pathArgument(argument, command: command) else { return usage(command) }
      load(path)
    case .reload:
      guard let path = lastLoaded else {
        return complain("nothing to reload; use :load FILE first")
      }
      load(path)
    case .vars: showVariables()
    case .type:
      guard let value = evaluateArgument(argument, command) else { return }
      output.write(ValueFormatter.summary(value) + "\n")
    case .time:
      guard !argument.isEmpty else { return usage(command) }
      submit(argument, interpreter.parse(argument, name: "In[\(inputNumber)]"), timed: true)
    case .graph: showGraph(argument)
    case .history: showHistory(argument)
    case .save:
      guard let path = Self.pathArgument(argument, command: command) else { return usage(command) }
      save(path)
    case .export:
      guard let path = Self.pathArgument(argument, command: command) else { return usage(command) }
      export(path)
    case .exportTorch:
      guard let path = Self.pathArgument(argument, command: command) else { return usage(command) }
      exportTorch(path)
    case .reset:
      interpreter.removeAllGlobals()
      transcript = []
      output.write("Forgot every variable and input of this session.\n")
    case .clear:
      // Home the cursor and erase the screen; piped output gets no control codes.
      if reader.isInteractive { output.write("\u{1B}[H\u{1B}[2J") }
    case .quit: quitRequested = true
    }
  }

  /// What to type instead of words a newcomer tries first (as Python answers `exit`),
  /// when the word names nothing in the session.
  static let hints: [String: String] = {
    let quit = "Use :quit or Ctrl-D to exit."
    let clear = "Use :clear to clear the screen."
    return [
      "exit": quit, "exit()": quit, "quit": quit, "quit()": quit, "clear": clear,
      "clear()": clear,
    ]
  }()

  /// Shows the hint for `line` if it is one of those words and nothing in the session
  /// has its name; returns whether it did (the line is then not run).
  func hintInstead(of line: String) -> Bool {
    let word = line.trimmingCharacters(in: .whitespaces)
    guard let hint = Self.hints[word],
      interpreter.value(named: String(word.prefix { $0 != "(" })) == nil
    else { return false }
    remember(line)
    output.write(hint + "\n")
    return true
  }

  private func usage(_ command: MetaCommand) {
    complain("usage: \(command.usage)")
  }

  // MARK: - Help

  private func help(_ topic: String) {
    if topic.isEmpty { return output.write(MetaCommand.helpText) }
    if topic.hasPrefix(":") {
      guard let command = MetaCommand.named(String(topic.dropFirst())) else {
        return complain("unknown command '\(topic)'; :help lists the commands")
      }
      return output.write("\(command.usage)\n  \(command.summary)\n")
    }
    if let text = interpreter.registry.help(topic) { return output.write(text) }
    if let value = interpreter.globals[topic] {
      return output.write("\(topic) = \(ValueFormatter.repr(value))  (\(value.typeName))\n")
    }
    if let command = MetaCommand(rawValue: topic) {
      return output.write("\(command.usage)\n  \(command.summary)\n")
    }
    complain("no help for '\(topic)'; help() lists the built-ins")
  }

  // MARK: - Files

  /// The path in a command's argument: a bare path, or one in double quotes (for names
  /// with spaces); `~/` is the home folder. Nil when there is none.
  static func pathArgument(_ argument: String, command: MetaCommand) -> String? {
    var path = argument
    if path.hasPrefix("\"") {
      path = String(path.dropFirst())
      if path.hasSuffix("\"") { path = String(path.dropLast()) }
    }
    if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
    return path.isEmpty ? nil : path
  }

  /// `path` from the session's folder, unless it is absolute.
  private func resolve(_ path: String) -> URL {
    path.hasPrefix("/")
      ? URL(fileURLWithPath: path) : options.currentDirectory.appendingPathComponent(path)
  }

  /// Runs a file as `llal run` does (all cells checked first, stop at the first error)
  /// in this session, so its definitions stay.
  private func load(_ path: String) {
    let data: Data
    do {
      data = try FileContents.read(resolve(path).path)
    } catch let error as FileError {
      return complain("cannot read '\(path)': \(error.reason)")
    } catch {
      return complain("\(error)")
    }
    lastLoaded = path
    let file = SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
    var cell = NotebookCell(content: .code(":load \(path)"), title: ":load \(path)")
    _ = recorder.take()
    do {
      try runInterruptibly { try ScriptRunner(interpreter: interpreter).run(file) }
      let printed = recorder.take()
      if !printed.isEmpty { cell.outputs.append(.printed(printed)) }
      reportStops(in: &cell)
    } catch let error as LanguageError {
      let printed = recorder.take()
      if !printed.isEmpty { cell.outputs.append(.printed(printed)) }
      report(error, in: &cell)
    } catch {
      complain("\(error)")
    }
    transcript.append(TranscriptEntry(kind: .load(path: path, source: file.text), cell: cell))
  }

  private func save(_ path: String) {
    guard path.hasSuffix(".llal") else {
      return complain("':save' writes a .llal notebook file; name it FILE.llal")
    }
    write(transcript.notebookSource, to: path)
  }

  private func export(_ path: String) {
    guard let format = PageFormat(path: path) else {
      return complain("':export' writes a page named with \(PageFormat.known)")
    }
    write(format.render(transcript.document(title: "llal session")), to: path)
  }

  /// Runs the session's inputs again (as `:save` writes them) in a fresh interpreter up to
  /// the first `experiment(...)` and writes that experiment as a PyTorch project
  /// (`llal export`); diagnostics name the lines of that notebook, `session.llal`.
  private func exportTorch(_ path: String) {
    let source = SourceFile(name: "session.llal", text: transcript.notebookSource)
    let fresh = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    fresh.parameters = interpreter.parameters
    do {
      let export = try ScriptExport.export(source, in: fresh)
      try export.write(to: resolve(path).path)
      output.write("Exported \(export.jobs.count) jobs to \(path) (see \(path)/README.md).\n")
    } catch ScriptExport.Failure.script(let error), ScriptExport.Failure.refused(let error) {
      let renderer = DiagnosticRenderer(color: options.diagnosticColor)
      errors.write(error.diagnostics.map(renderer.render).joined())
    } catch ScriptExport.Failure.noExperiment {
      complain("this session has run no experiment(...); nothing to export")
    } catch let error as FileError {
      complain("cannot write '\(error.path)': \(error.reason)")
    } catch {
      complain("\(error)")
    }
  }

  /// Writes `text` to `path` atomically (`AtomicFile`: never over a directory, a device
  /// or a pipe; through a symbolic link to a file).
  private func write(_ text: String, to path: String) {
    do {
      try AtomicFile.write(text, to: resolve(path).path)
      output.write("Wrote \(path).\n")
    } catch let error as FileError {
      complain("cannot write '\(path)': \(error.reason)")
    } catch {
      complain("\(error)")
    }
  }

  // MARK: - Inspecting

  /// Evaluates a command's expression argument without showing it as `Out[n]`; reports
  /// problems and returns nil for them.
  private func evaluateArgument(_ text: String, _ command: MetaCommand) -> Value? {
    guard !text.isEmpty else {
      usage(command)
      return nil
    }
    var scratch = NotebookCell(content: .code(text))
    _ = recorder.take()
    do {
      let value = try runInterruptibly {
        try interpreter.evaluate(text, name: ":\(command.rawValue)", interactive: true)
      }
      _ = recorder.take()
      reportStops(in: &scratch)
      return value ?? Value.none
    } catch let error as LanguageError {
      report(error, in: &scratch)
    } catch {
      complain("\(error)")
    }
    return nil
  }

  /// `:vars`: each global's name, type and one-line value, fitted to the terminal.
  private func showVariables() {
    let names = interpreter.globals.keys.sorted()
    guard !names.isEmpty else { return output.write("No variables yet.\n") }
    let rows = names.compactMap { name -> [String]? in
      guard let value = interpreter.globals[name] else { return nil }
      return [name, value.typeName, ValueFormatter.repr(value)]
    }
    let nameWidth = rows.map { DisplayWidth.of($0[0]) }.max() ?? 0
    let typeWidth = rows.map { DisplayWidth.of($0[1]) }.max() ?? 0
    let valueWidth = max(options.width() - nameWidth - typeWidth - 4, 12)
    let fitted = rows.map { [$0[0], $0[1], DisplayWidth.truncate($0[2], to: valueWidth)] }
    let table = Table(
      headers: ["name", "type", "value"], rows: fitted, alignments: [.left, .left, .left])
    output.write(table.text(style: .plain) + "\n")
  }

  /// `:graph MODEL`: how a model's nodes connect (each node with its layer, the nodes it
  /// reads, its shape, parameters and readers), fitted to the terminal.
  private func showGraph(_ argument: String) {
    guard let value = evaluateArgument(argument, .graph) else { return }
    guard case .host(let object) = value else {
      return complain("':graph' needs a model, found \(value.typeName)")
    }
    guard let model = object as? any GraphDisplayable else {
      return complain("':graph' needs a model; a \(object.typeName) has no graph")
    }
    let text = model.graphDisplay().terminalText(width: options.width(), color: options.color)
    output.write(text.hasSuffix("\n") ? text : text + "\n")
  }

  /// `:history [n]`: the last n entries (20 by default), numbered, continuation lines
  /// indented under their first line.
  private func showHistory(_ argument: String) {
    let count: Int
    if argument.isEmpty {
      count = 20
    } else if let n = Int(argument), n > 0 {
      count = n
    } else {
      return complain("usage: \(MetaCommand.history.usage) (n a positive number)")
    }
    let first = max(history.count - count, 0)
    var out = ""
    for (i, entry) in history[first...].enumerated() {
      let number = String(first + i + 1)
      let pad = String(repeating: " ", count: max(5 - number.count, 0))
      let indent = String(repeating: " ", count: max(5, number.count) + 2)
      out += pad + number + "  " + entry.replacingOccurrences(of: "\n", with: "\n" + indent) + "\n"
    }
    output.write(out)
  }
}
