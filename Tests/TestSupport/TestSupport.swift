import Foundation

/// Helpers shared by the test targets.
public enum TestSupport {
  /// The package root (where Package.swift is), found from this file's location.
  public static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }
}
