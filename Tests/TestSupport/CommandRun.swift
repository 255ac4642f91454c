import Foundation

/// The built `llal` run as a child process, its standard output and error captured in
/// files (so a large output never blocks it), as a shell or CI runs it.
public final class CommandRun {
  /// What the run left behind.
  public struct Result {
    /// The exit status (or the signal number, when `signalled`).
    public let status: Int32
    /// Whether a signal ended the process instead of `exit`.
    public let signalled: Bool
    /// Everything written to standard output (empty when it went elsewhere).
    public let output: String
    /// Everything written to standard error.
    public let errors: String
  }

  private let process = Process()
  private let outputURL: URL
  private let errorsURL: URL

  /// The `llal` executable built next to the test bundle holding `anchor`.
  public static func executable(nextTo anchor: AnyClass) -> String? {
    let bundle = Bundle(for: anchor).bundleURL
    return [bundle, bundle.deletingLastPathComponent()].map {
      $0.appendingPathComponent("llal").path
    }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Starts `executable arguments…` in `directory`, with `input` on standard input (or
  /// /dev/null) and standard output sent to `outputPath` when given (`/dev/full`).
  public init(
    _ executable: String, _ arguments: [String], in directory: URL, input: Data? = nil,
    outputPath: String? = nil
  ) throws {
    let id = UUID().uuidString
    let tmp = FileManager.default.temporaryDirectory
    outputURL = tmp.appendingPathComponent("llal-run-\(id).out")
    errorsURL = tmp.appendingPathComponent("llal-run-\(id).err")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = [
      "LANG": "C.UTF-8", "TERM": "dumb", "HOME": directory.path,
      "XDG_STATE_HOME": directory.path,
    ]
    process.standardOutput = try FileHandle(
      forWritingTo: outputPath.map(URL.init(fileURLWithPath:)) ?? outputURL)
    process.standardError = try FileHandle(forWritingTo: errorsURL)
    if let input {
      let pipe = Pipe()
      process.standardInput = pipe
      try process.run()
      // Written from another thread: a large input must not block on a full pipe.
      let writer = pipe.fileHandleForWriting
      Thread.detachNewThread {
        try? writer.write(contentsOf: input)
        try? writer.close()
      }
    } else {
      process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
      try process.run()
    }
  }

  /// What has reached standard output so far.
  public var outputSoFar: String {
    (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
  }

  /// Waits (up to `timeout` seconds) until standard output contains `text`; returns
  /// whether it did.
  public func waitForOutput(_ text: String, timeout: TimeInterval = 60) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if outputSoFar.contains(text) { return true }
      if !process.isRunning { return outputSoFar.contains(text) }
      usleep(20_000)
    }
    return false
  }

  /// Sends `signal` to the process.
  public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

  /// Waits for the process to end and returns what it left.
  public func finish() -> Result {
    process.waitUntilExit()
    defer {
      try? FileManager.default.removeItem(at: outputURL)
      try? FileManager.default.removeItem(at: errorsURL)
    }
    let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
    return Result(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      output: read(outputURL), errors: read(errorsURL))
  }
}
