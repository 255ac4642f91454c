/// What a run does with a checkpoint folder that already holds finished cycles.
public enum CheckpointMode: String, CaseIterable, Sendable {
  /// Continue after the last finished cycle of each run; a folder written for another
  /// definition is refused.
  case resume
  /// Clear the folder's checkpoint and start over.
  case restart
}
