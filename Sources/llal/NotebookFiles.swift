import ArgumentParser
import Foundation
import LLALLanguage
import LLALNotebook
import LLALTensor

/// Jupyter notebooks as llal input: an `.ipynb` file is read as the percent-format text
/// of its cells, so `llal run`, `llal check` and `llal notebook` take it as they take a
/// `.llal` file. Diagnostics then point into that text (what `llal convert x.ipynb -o
/// x.llal` writes).
enum NotebookFiles {
  /// Whether `path` names a Jupyter notebook (by its extension, in any case).
  static func isIpynb(_ path: String) -> Bool { path.lowercased().hasSuffix(".ipynb") }

  /// The source of the file at `path` holding `data`: a notebook converted to percent
  /// format, anything else as it is. A notebook that cannot be read is exit status 65,
  /// after one line on stderr naming the field concerned.
  static func source(named path: String, data: Data) throws -> SourceFile {
    let text = String(decoding: data, as: UTF8.self)
    guard isIpynb(path) else { return SourceFile(name: path, text: text) }
    return SourceFile(name: path, text: PercentFormat.text(of: try notebook(text, path)))
  }

  /// The cells of the notebook `text`, or exit status 65 after saying what is wrong.
  static func notebook(_ text: String, _ path: String) throws -> NotebookDocument {
    do {
      return try IpynbReader.read(text, file: path)
    } catch let error as IpynbError {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.scriptError)
    }
  }
}

/// `llal convert IN -o OUT`: a percent-format `.llal` file to a Jupyter notebook or back,
/// without running anything.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert a .llal notebook to .ipynb or back, without running it.",
    discussion: """
      Every cell keeps its kind, its `# %%` title (the cell's "title" metadata in \
      .ipynb) and its text; the .ipynb has no outputs (llal notebook -o OUT.ipynb runs \
      the cells and keeps them). The exit status is 64 when the extensions do not make \
      one .llal and one .ipynb, 65 when the notebook cannot be read, 74 when a file \
      cannot be read or written.
      """)

  @Argument(help: "The notebook to convert: IN.llal or IN.ipynb.") var file: String
  @Option(name: .shortAndLong, help: "Where to write it: OUT.ipynb or OUT.llal.")
  var output: String

  func run() throws {
    guard NotebookFiles.isIpynb(file) != NotebookFiles.isIpynb(output) else {
      StandardStreams.writeError(
        "llal: convert turns a .llal file into .ipynb or back; got '\(file)' and '\(output)'\n")
      throw ExitCode(ExitStatus.usage)
    }
    let text: String
    do {
      text = String(decoding: try FileContents.read(file, limit: ScriptFile.sizeLimit), as: UTF8.self)
    } catch let error as FileError {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.ioError)
    }
    let converted =
      NotebookFiles.isIpynb(file)
      ? PercentFormat.text(of: try NotebookFiles.notebook(text, file))
      : IpynbWriter.render(PercentFormat.document(of: SourceFile(name: file, text: text)))
    do {
      try AtomicFile.write(converted, to: output)
    } catch let error as FileError {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.ioError)
    }
  }
}
