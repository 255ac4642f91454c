import ArgumentParser
import Foundation
import LLALLanguage
import LLALNotebook

/// `llal notebook FILE -o OUT.html`: runs a notebook file and writes one page.
struct NotebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notebook",
    abstract: "Run a notebook file and write it as an HTML page (or Markdown, or .ipynb).",
    discussion: """
      Every cell runs even when an earlier one fails; the page shows each error under its \
      cell. The exit status is 0 when every cell ran, 65 when a cell had a syntax or check \
      error, 70 when one failed while running.
      """)

  @Argument(help: "The .llal notebook file, or a Jupyter notebook (.ipynb).") var file: String
  @Option(
    name: .shortAndLong,
    help: "Where to write the page: OUT.html, OUT.md for Markdown, OUT.ipynb for Jupyter.")
  var output: String
  @Flag(help: "Stop at the first cell that fails; later cells are shown but not run.")
  var stopOnError = false

  func run() throws {
    let source = try ScriptFile.load(file)
    let interpreter = Interpreter(output: OutputBuffer())
    let document = NotebookRunner(interpreter: interpreter, stopAtFirstError: stopOnError)
      .run(source)
    let markdown = output.hasSuffix(".md") || output.hasSuffix(".markdown")
    let page =
      NotebookFiles.isIpynb(output)
      ? IpynbWriter.render(document)
      : markdown ? MarkdownPage.render(document) : HTMLPage.render(document)
    do {
      try Data(page.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
      ScriptFile.writeError(
        "llal: cannot write '\(output)': \(FileProblem.unwritable(output, error))\n")
      throw ExitCode(ExitStatus.ioError)
    }
    // The page shows each error under its cell; standard error gets them too, for CI logs.
    for cell in document.cells {
      for case .error(let text) in cell.outputs { ScriptFile.writeError(text) }
    }
    switch document.firstFailure {
    case nil: return
    case .parse, .check: throw ExitCode(ExitStatus.scriptError)
    case .runtime, .interrupted: throw ExitCode(ExitStatus.runtimeError)
    }
  }
}
