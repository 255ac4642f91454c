import Foundation

/// Helpers shared by the test targets.
public enum TestSupport {
  /// The package root (where Package.swift is), found from this file's location.
  public static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// Whether this run re-records what tests compare against (`RECORD_SNAPSHOTS=1`): the
  /// snapshot files, and docs generated from the code, such as the built-in reference.
  public static var isRecordingSnapshots: Bool {
    guard let value = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] else {
      return false
    }
    return !value.isEmpty && value != "0"
  }
}
