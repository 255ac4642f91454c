import ArgumentParser
import LLALDomain
import LLALLanguage
import LLALNotebook
import LLALTensor

/// `llal notebook FILE -o OUT.html`: runs a notebook file and writes one page.
struct NotebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notebook",
    abstract: "Run a notebook file and write it as an HTML page (or Markdown, or .ipynb).",
    discussion: """
      Every cell runs even when an earlier one fails; the page shows each error under its \
      cell. The page's format comes from --format, else from the extension of -o \
      (\(PageFormat.known)); -o - writes it (HTML unless --format says otherwise) to \
      standard output. The page is never written over FILE, nor over a directory, a \
      device or a pipe; a symbolic link to a file is followed. The exit status is 0 when \
      every cell ran, 64 when -o names FILE itself or an unknown format, 65 when a cell had a syntax or check error, 70 \
      when one failed while running, 74 when a file cannot be read or the page written, \
      130 or 143 when SIGINT or SIGTERM stopped it (the page is still written).
      """)

  @Argument(help: "The .llal notebook file, or a Jupyter notebook (.ipynb).") var file: String
  @Option(
    name: .shortAndLong,
    help: "Where to write the page: OUT.html, OUT.md for Markdown, OUT.ipynb for Jupyter, or - for standard output.")
  var output: String
  @Option(help: "The page format (html or md), whatever the extension of -o.")
  var format: PageFormat?
  @Flag(help: "Stop at the first cell that fails; later cells are shown but not run.")
  var stopOnError = false

  func run() throws {
    // Refuse a bad destination before running, not after a long run.
    let pageFormat = try destinationFormat()
    BatchRun.start()
    let source = try ScriptFile.load(file)
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    interpreter.stoppedWorkPath = BatchRun.stoppedWorkPath(for: file)
    let document = NotebookRunner(interpreter: interpreter, stopAtFirstError: stopOnError)
      .run(source)
    let page = pageFormat.render(document)
    if output == "-" {
      StandardStreams.output.write(page)
    } else {
      do {
        try AtomicFile.write(page, to: output)
      } catch let error as FileError {
        StandardStreams.writeError("llal: \(error)\n")
        throw ExitCode(ExitStatus.ioError)
      }
    }
    // The page shows each error under its cell; standard error gets them too, for CI logs
    // (a cell a signal stopped is reported by `conclude` in one line instead, after the
    // notes of work it kept).
    for cell in document.cells {
      for case .error(let text) in cell.outputs
      where cell.status != .failed(.interrupted) || text.hasPrefix("note: ") {
        StandardStreams.writeError(cell.status == .failed(.interrupted) ? "llal: " + text : text)
      }
    }
    try BatchRun.conclude(nil)
    if let phase = document.firstFailure { throw ExitCode(ExitStatus.of(phase)) }
  }

  /// The page's format, after checking that `output` may be written: not the input
  /// file, a known extension (or `--format`), and a regular file or nothing at the path.
  private func destinationFormat() throws -> PageFormat {
    if output == "-" { return format ?? .html }
    if FilePath.isSameFile(output, file) {
      StandardStreams.writeError(
        "llal: refusing to write the page over its input '\(file)'; choose another -o\n")
      throw ExitCode(ExitStatus.usage)
    }
    guard let chosen = format ?? PageFormat(path: output) else {
      StandardStreams.writeError(
        "llal: unknown page format for '\(output)': name it with \(PageFormat.known), "
          + "give --format, or use -o - for standard output\n")
      throw ExitCode(ExitStatus.usage)
    }
    do {
      try AtomicFile.destination(of: output)
    } catch let error as FileError {
      var message = "llal: \(error)"
      if error.reason.hasSuffix("not a regular file") {
        message += "; use -o - to write the page to standard output"
      }
      StandardStreams.writeError(message + "\n")
      throw ExitCode(ExitStatus.ioError)
    }
    return chosen
  }
}

extension PageFormat: ExpressibleByArgument {
  /// `html`, `md` or another of the format's extensions.
  public init?(argument: String) {
    guard let format = PageFormat.allCases.first(where: { $0.extensions.contains(argument) })
    else { return nil }
    self = format
  }

  /// The names `--help` lists: each format's usual extension.
  public static var allValueStrings: [String] { allCases.compactMap(\.extensions.first) }
}
