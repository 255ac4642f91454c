import ArgumentParser
import LLALLanguage
import LLALTensor

/// Reading a script and reporting its diagnostics, shared by `run`, `check` and
/// `notebook`.
enum ScriptFile {
  /// The largest script read: 64 MiB.
  static let sizeLimit = 64 << 20

  /// The file at `path` (a regular file, a pipe or a terminal such as `/dev/stdin`; a
  /// Jupyter notebook as its percent-format text), or exit status 74 (I/O error) after
  /// saying why on stderr.
  static func load(_ path: String) throws -> SourceFile {
    do {
      let data = try FileContents.read(path, limit: sizeLimit)
      return try NotebookFiles.source(named: path, data: data)
    } catch let error as FileError {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.ioError)
    } catch is Interrupt.Stopped {
      try BatchRun.conclude(nil)
      throw ExitCode(ExitStatus.runtimeError)
    }
  }

  /// Writes the diagnostics to stderr and gives the exit status for their phase
  /// (`ExitStatus.of`).
  static func report(_ error: LanguageError) -> ExitCode {
    let renderer = DiagnosticRenderer(
      color: DiagnosticRenderer.colorByDefault(forFileDescriptor: 2))
    StandardStreams.writeError(error.diagnostics.map(renderer.render).joined())
    return ExitCode(ExitStatus.of(error.phase))
  }
}
