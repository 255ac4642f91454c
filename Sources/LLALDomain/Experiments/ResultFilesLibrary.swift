import Foundation
import LLALActive
import LLALLanguage
import LLALTensor

/// `results(path)`: results saved as JSON (`r.save("x.json")`, or one file per job by an
/// exported PyTorch project) read back and merged into the value `experiment(...)`
/// returns.
enum ResultFilesLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "results", [.init("path", .string)], returns: "results",
        doc: """
          Reads results saved as JSON (r.save("x.json")): one file, or every .json file \
          of a folder (one per strategy and seed, as an exported PyTorch project writes \
          them), merged into one results value — its table, plot(r), .aubc, \
          .compare(a, b), .penalty, .ranking and .save(path) work as on an experiment's. \
          Files that hold the same strategy and seed twice, measure other metrics or \
          label other counts per cycle are refused.
          """
      ) { args in
        let path = try args.string("path")
        let files = try self.files(args, path)
        let result = try located(args) {
          try ResultsMerge.merge(files.map { ($0, try ResultFile.read($0)) })
        }
        let baseline = result.strategies.contains("random") ? "random" : nil
        return .host(ResultsValue(result, modelName: path, baseline: baseline))
      })
  }

  /// The file `path` names, or the `.json` files of the folder it names, sorted.
  private static func files(_ args: Arguments, _ path: String) throws -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      var error = args.error("path", "names \(path), which does not exist")
      error.isIOError = true
      throw error
    }
    guard isFolder.boolValue else {
      guard path.lowercased().hasSuffix(".json") else {
        throw args.error(
          "path",
          "must name a .json results file (what r.save(\"x.json\") writes) or a folder of "
            + "them, found \(path)")
      }
      return [path]
    }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: path)
    } catch {
      var failure = args.error("path", "names the folder \(path), which cannot be read")
      failure.isIOError = true
      throw failure
    }
    // Hidden files and the temporary files of a write in progress are not results.
    let files = names.filter {
      $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".")
        && !$0.contains(AtomicFile.temporaryMarker)
    }.sorted()
    guard !files.isEmpty else {
      throw args.error(
        "path", "names the folder \(path), which holds no .json results files")
    }
    let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
    return files.map { folder + "/" + $0 }
  }

  /// Runs `body`; a `ResultFileError` becomes an error at `path` naming the file
  /// (`results: runs/b.json holds entropy, seed 0, which runs/a.json holds too`).
  private static func located<T>(_ args: Arguments, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as ResultFileError {
      var failure = RuntimeError("results: \(error)", range: args.range("path"))
      failure.isIOError = error.isIOError
      throw failure
    }
  }
}
