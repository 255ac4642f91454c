import Foundation
import LLALNN
import LLALTensor

/// A checkpoint folder of an experiment: `manifest.json` (the experiment's definition,
/// `ExperimentDefinition`) and one folder per run (`RunCheckpoint`).
///
/// ```swift
/// let checkpoint = try ExperimentCheckpoint(
///   folder: "runs/digits", definition: ExperimentDefinition(experiment), mode: .resume)
/// let result = try experiment.run(checkpoint: checkpoint)  // skips the saved cycles
/// ```
public final class ExperimentCheckpoint {
  /// The checkpoint's folder.
  public let folder: String
  /// The definition its manifest records.
  public let definition: ExperimentDefinition
  /// Called once per run with the number of cycles restored from the folder (when any).
  public var onRestore: ((_ strategy: String, _ seed: Int, _ cycles: Int) -> Void)?

  /// The manifest's name in the folder.
  public static let manifestName = "manifest.json"

  /// Opens `folder` for `definition`. A folder without a manifest (new, or empty) gets
  /// one. With `.resume`, a manifest of another definition is a `FieldError` about
  /// `ExperimentCheckpoint` naming the parts that changed; with `.restart`, the folder's
  /// checkpoint (the manifest and the run folders) is removed first. A folder that holds
  /// other files but no manifest is refused, so a mistyped path never takes over a folder
  /// of something else.
  public init(folder: String, definition: ExperimentDefinition, mode: CheckpointMode) throws {
    self.folder = folder
    self.definition = definition
    let manifestPath = folder + "/" + Self.manifestName
    if mode == .restart { try clear() }
    if FileManager.default.fileExists(atPath: manifestPath) {
      let saved = try CheckpointFiles.read(Manifest.self, from: manifestPath)
      guard saved.format == Manifest.formatName else {
        throw CheckpointError(path: manifestPath, "is not an llal checkpoint manifest")
      }
      let changed = definition.changes(from: ExperimentDefinition(parts: saved.definition))
      guard changed.isEmpty else {
        throw FieldError(
          "ExperimentCheckpoint",
          "names \(folder), a checkpoint of another experiment: the "
            + Self.list(changed) + " changed; pass resume: \"restart\" to start over")
      }
      return
    }
    let others = CheckpointFiles.names(in: folder).filter { !$0.hasPrefix(".") }
    guard others.isEmpty else {
      throw FieldError(
        "ExperimentCheckpoint",
        "names \(folder), which holds files but no \(Self.manifestName), so it is not a "
          + "checkpoint folder; give a new or empty folder")
    }
    try CheckpointFiles.makeFolder(folder)
    try CheckpointFiles.write(
      Manifest(definition: definition.parts), to: manifestPath)
  }

  /// The checkpoint of `strategy`'s run with `seed`.
  public func run(strategy: String, seed: Int) -> RunCheckpoint {
    RunCheckpoint(root: folder, strategy: strategy, seed: seed)
  }

  /// Removes the manifest and every run folder (those holding only cycle files);
  /// anything else in the folder stays.
  private func clear() throws {
    let manager = FileManager.default
    for name in CheckpointFiles.names(in: folder) {
      let path = folder + "/" + name
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
      else { continue }
      let files = CheckpointFiles.names(in: path)
      let ours = files.allSatisfy {
        $0.hasPrefix("cycle-") || $0.contains(AtomicFile.temporaryMarker)
      }
      guard ours else { continue }
      for f in files { try CheckpointFiles.remove(path + "/" + f) }
      try CheckpointFiles.remove(path)
    }
    try CheckpointFiles.remove(folder + "/" + Self.manifestName)
  }

  /// `model`, `model and seeds`, `model, budget and seeds`.
  private static func list(_ names: [String]) -> String {
    guard names.count > 1, let last = names.last else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " and " + last
  }

  /// The manifest file: a format marker and the definition's parts.
  struct Manifest: Codable {
    static let formatName = "llal-checkpoint-1"
    var format = Manifest.formatName
    var definition: [String: ExperimentDefinition.Part]
  }
}
