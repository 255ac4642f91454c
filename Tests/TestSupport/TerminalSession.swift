import Foundation

/// Drives a program on a pseudo-terminal for tests, through util-linux `script`, which
/// gives the program a real controlling terminal: typed bytes go through the terminal's
/// line discipline, so `\u{3}` (Ctrl-C) raises SIGINT and `\u{4}` is Ctrl-D.
public final class TerminalSession {
  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let lock = NSLock()
  private var buffer = Data()

  /// Everything the program wrote so far, with carriage returns removed.
  public var transcript: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: buffer, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
  }

  /// Starts `executable arguments…` on a terminal of `columns` × 24 with `environment`
  /// added to a minimal one (TERM=xterm, LANG=C.UTF-8).
  public init(
    executable: String, arguments: [String] = [], environment: [String: String] = [:],
    columns: Int = 80
  ) throws {
    let quoted = ([executable] + arguments).map {
      "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
    let command = "stty cols \(columns) rows 24 2>/dev/null; exec " + quoted.joined(separator: " ")
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qfec", command, "/dev/null"]
    var env = ["TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
    for (k, v) in ProcessInfo.processInfo.environment where k == "HOME" { env[k] = v }
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    output.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.lock()
      self.buffer.append(data)
      self.lock.unlock()
    }
    try process.run()
  }

  /// Types `text` (bytes go to the terminal as if typed).
  public func type(_ text: String) {
    input.fileHandleForWriting.write(Data(text.utf8))
  }

  /// Waits until the transcript after `offset` characters contains `text`; returns whether
  /// it appeared within `timeout` seconds.
  @discardableResult
  public func waitFor(_ text: String, after offset: Int = 0, timeout: TimeInterval = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let t = transcript
      if t.count >= offset, t.dropFirst(offset).contains(text) { return true }
      Thread.sleep(forTimeInterval: 0.02)
    }
    return false
  }

  /// Number of characters in the transcript now (a mark for `waitFor(_:after:)`).
  public var mark: Int { transcript.count }

  /// Waits for the program to exit (closing its input first); returns its status, or nil
  /// if it had to be killed after `timeout` seconds.
  @discardableResult
  public func finish(timeout: TimeInterval = 10) -> Int32? {
    try? input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      output.fileHandleForReading.readabilityHandler = nil
      return nil
    }
    output.fileHandleForReading.readabilityHandler = nil
    return process.terminationStatus
  }

  deinit {
    if process.isRunning { process.terminate() }
  }
}
