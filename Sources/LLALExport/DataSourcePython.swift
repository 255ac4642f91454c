import Foundation
import LLALData

/// How the runner gets a dataset: rows of CIFAR-10 or MNIST files it reads itself (the
/// folder given with `--data`, else the one the script named), standardised as llal did,
/// or otherwise the arrays llal holds, written as `.npy` beside the export.
enum DataSourcePython {
  /// The files under `data/` for the dataset `name` (`pool`, `test`): its rows of the
  /// source files, or its samples and targets.
  static func files(_ name: String, _ d: Dataset) -> [(String, Data)] {
    if let origin = d.origin {
      return [("data/\(name)_rows.npy", NPYFile.int64(origin.rows))]
    }
    let y: Data
    switch d.targets {
    case .classes(let ids): y = NPYFile.int64(ids)
    case .tensor(let t), .boxes(let t): y = NPYFile.float32(t)
    }
    return [("data/\(name)_x.npy", NPYFile.float32(d.x)), ("data/\(name)_y.npy", y)]
  }

  /// The dataset's `PROTOCOL["data"]` entry: `None` for `.npy` files, else
  /// `{"source": "cifar10", "directory": …, "part": "train", "normalize": [(mean, std), …]}`
  /// with the directory made absolute.
  static func entry(_ d: Dataset) -> String {
    guard let origin = d.origin else { return "None" }
    let (source, directory, part): (String, String, DataOrigin.Part)
    switch origin.source {
    case .cifar10(let dir, let p): (source, directory, part) = ("cifar10", dir, p)
    case .mnist(let dir, let p): (source, directory, part) = ("mnist", dir, p)
    }
    let absolute = URL(
      fileURLWithPath: directory,
      relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    ).standardizedFileURL.path
    let steps = origin.normalizations.map { n in
      "(\(PythonText.list(n.mean.map(PythonText.number))), "
        + "\(PythonText.list(n.std.map(PythonText.number))))"
    }
    return "{\"source\": \"\(source)\", \"directory\": \(PythonText.string(absolute)), "
      + "\"part\": \"\(part.rawValue)\", \"normalize\": \(PythonText.list(steps))}"
  }
}
