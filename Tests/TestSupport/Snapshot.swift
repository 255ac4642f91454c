import Foundation
import XCTest

/// Asserts that `actual` equals the snapshot stored next to the calling test file, at
/// `__Snapshots__/<TestFile>/<name>.<pathExtension>`.
///
/// Run the tests with `RECORD_SNAPSHOTS=1` to (re)write the snapshots; the assertion then
/// fails with a note, so a recording run never passes by accident. Review the written files
/// and commit them. (After swift-argument-parser's `assertSnapshot`.)
///
/// - Parameters:
///   - actual: the text to compare.
///   - name: the snapshot's name; defaults to the test method's name.
///   - pathExtension: the file extension, so snapshots open well in an editor (`svg`, `html`).
public func assertSnapshot(
  _ actual: String, named name: String? = nil, pathExtension: String = "txt",
  file: StaticString = #filePath, function: String = #function, line: UInt = #line
) {
  let testFile = URL(fileURLWithPath: "\(file)")
  let folder = testFile.deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")
    .appendingPathComponent(testFile.deletingPathExtension().lastPathComponent)
  let base = name ?? String(function.prefix { $0 != "(" })
  let url = folder.appendingPathComponent(base).appendingPathExtension(pathExtension)

  if TestSupport.isRecordingSnapshots {
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      XCTFail(
        "Recorded snapshot \(url.path). Check it, then run again without RECORD_SNAPSHOTS.",
        file: file, line: line)
    } catch {
      XCTFail("Could not write snapshot \(url.path): \(error)", file: file, line: line)
    }
    return
  }

  guard let data = FileManager.default.contents(atPath: url.path) else {
    XCTFail(
      "No snapshot at \(url.path). Run with RECORD_SNAPSHOTS=1 to record it.", file: file,
      line: line)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  guard expected != actual else { return }
  XCTFail(
    "Snapshot \(url.lastPathComponent) differs (- expected, + actual); "
      + "run with RECORD_SNAPSHOTS=1 to accept the new text.\n"
      + snapshotDiff(expected: expected, actual: actual),
    file: file, line: line)
}

/// The differing lines of two texts, line by line, with line numbers.
func snapshotDiff(expected: String, actual: String) -> String {
  let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
  var out: [String] = []
  for i in 0..<max(old.count, new.count) {
    let a = i < old.count ? String(old[i]) : nil
    let b = i < new.count ? String(new[i]) : nil
    guard a != b else { continue }
    if let a { out.append("\(i + 1) - \(a)") }
    if let b { out.append("\(i + 1) + \(b)") }
  }
  return out.joined(separator: "\n")
}
