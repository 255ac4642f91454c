import Foundation
import LLALActive
import LLALData
import LLALDomain
import LLALNN
import LLALTensor

/// An experiment as a self-contained PyTorch project: `model.py`, `experiment.py` (the
/// protocol and its runner, with `strategies.py` and `metrics.py`), the pool and test set
/// as `.npy` files, `jobs.txt`, `requirements.txt` and `README.md`.
///
/// ```swift
/// let export = try TorchExport(captured)   // refuses what has no faithful counterpart
/// try export.write(to: "out/digits-torch")
/// ```
public struct TorchExport {
  /// The files to write, by path relative to the export's folder, in writing order.
  public let files: [(path: String, data: Data)]
  /// Each job's command (one strategy, one seed), as `jobs.txt` lists them.
  public let jobs: [String]
  /// The experiment exported.
  public let experiment: Experiment

  /// The export of `captured`, or an `ExportRefusal` naming the argument that brought in
  /// a construct with no faithful PyTorch counterpart.
  public init(_ captured: CapturedExperiment) throws {
    let e = captured.experiment
    experiment = e
    let origin = { (argument: String) -> String in
      guard let file = captured.file else { return "llal" }
      let line = file.location(of: captured.arguments.range(argument).start).line
      return "\((file.name as NSString).lastPathComponent):\(line)"
    }
    var strategies: [(name: String, entry: String)] = []
    var scores: [String] = []
    for (i, s) in e.strategies.enumerated() {
      let written = captured.strategySpellings[i]
      guard let scoring = s as? ScoreFunctionStrategy else {
        strategies.append((s.name, try StrategyPython.entry(s, written: written, model: e.model)))
        continue
      }
      guard let source = captured.scoreFunctions[i], case .function(let f) = source.function,
        case .closure(let decl, _) = f.kind
      else {
        throw ExportRefusal(
          "strategies",
          "holds \(written), whose score is a built-in rather than a function written in the "
            + "language; the PyTorch export translates only functions written in the language")
      }
      let name = "score_\(scores.count)"
      scores.append(try ScoreFunctionPython(decl: decl, name: name).source())
      strategies.append(
        (s.name, StrategyPython.scoreEntry(scoring, function: name, inputs: source.inputs)))
    }
    // What changes a run beyond the protocol the runner knows is refused, not dropped.
    if let initial = e.initialStrategy {
      throw ExportRefusal(
        "initial",
        "is \(initial.name), which the PyTorch export does not translate yet (it draws the "
          + "first labels at random)")
    }
    if e.budget.stop != nil {
      throw ExportRefusal(
        "budget",
        "has a stopping rule, which the PyTorch export does not translate yet (its records "
          + "would lack stop_kappa and would_stop)")
    }
    let request = try StrategyPython.lossModule(e.strategies)
    let model = ModelPython(graph: e.model, origin: origin("model"))
    let modelFile = ModelFile(
      model: model, lossModule: request?.layout, lossModuleOrigin: origin("strategies"))
    let proto = ProtocolPython(
      experiment: e, origin: origin, strategies: strategies, learningLoss: request?.training)
    let protocolText = try proto.source()
    jobs = e.seeds.flatMap { seed in
      e.strategies.map { "python experiment.py --strategy \($0.name) --seed \(seed)" }
    }
    var out: [(String, Data)] = [
      ("model.py", Data(try modelFile.text().utf8)),
      ("experiment.py", Data((ExperimentRuntime.header + protocolText + ExperimentRuntime.body).utf8)),
      ("strategies.py", Data(StrategyRuntime.text.utf8)),
      ("metrics.py", Data(MetricsRuntime.text.utf8)),
      ("scores.py", Data((ScoreFunctionPython.preamble + scores.joined(separator: "\n\n")).utf8)),
      ("requirements.txt", Data(ExportReadme.requirements.utf8)),
      ("jobs.txt", Data((jobs.joined(separator: "\n") + "\n").utf8)),
      ("README.md", Data(ExportReadme.text(experiment: e, jobs: jobs.count).utf8)),
    ]
    out += try Self.data("pool", e.pool) + Self.data("test", e.test)
    files = out
  }

  /// `NAME_x.npy` and `NAME_y.npy` under `data/`: the samples as llal holds them (loaded,
  /// split and normalised) and their class ids, float targets or boxes.
  private static func data(_ name: String, _ d: Dataset) throws -> [(String, Data)] {
    let y: Data
    switch d.targets {
    case .classes(let ids): y = NPYFile.int64(ids)
    case .tensor(let t), .boxes(let t): y = NPYFile.float32(t)
    }
    return [("data/\(name)_x.npy", NPYFile.float32(d.x)), ("data/\(name)_y.npy", y)]
  }

  /// Writes every file under `folder` (made when missing), each atomically.
  public func write(to folder: String) throws {
    for (path, data) in files {
      let full = (folder as NSString).appendingPathComponent(path)
      let dir = (full as NSString).deletingLastPathComponent
      do {
        try FileManager.default.createDirectory(
          atPath: dir, withIntermediateDirectories: true)
      } catch {
        throw FileError(.write, dir, "cannot make this folder")
      }
      try AtomicFile.write(data, to: full)
    }
  }
}
