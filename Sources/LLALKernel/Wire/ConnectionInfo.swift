import Foundation
import LLALJSON
import LLALNotebook

/// What a Jupyter connection file says: where to bind the five channels and the key
/// that signs messages (written by `jupyter_client` when it starts a kernel).
///
/// ```json
/// {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795,
///  "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
///  "key": "a0436f6c-...", "signature_scheme": "hmac-sha256"}
/// ```
public struct ConnectionInfo: Equatable, Sendable {
  /// `tcp` or `ipc`.
  public var transport: String
  /// The address to bind (an IP address for `tcp`, a path prefix for `ipc`).
  public var ip: String
  /// The port of each channel.
  public var shellPort, iopubPort, stdinPort, controlPort, heartbeatPort: Int
  /// The HMAC key; empty means messages are not signed.
  public var key: String
  /// The signature scheme; only `hmac-sha256` is supported.
  public var signatureScheme: String

  /// The ZeroMQ endpoint of a channel's port: `tcp://127.0.0.1:53794`, or
  /// `ipc://kernel-ipc-1` for the `ipc` transport (the path is `ip` then `-port`).
  public func endpoint(_ port: Int) -> String {
    transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
  }

  /// Reads the connection file's JSON text. Throws `KernelError` naming the field that
  /// is missing or wrong.
  public init(json text: String, file: String) throws {
    let json: JSON
    do {
      json = try JSON.parse(text)
    } catch let error as JSONSyntaxError {
      throw KernelError("connection file '\(file)' is not JSON: \(error)")
    }
    guard case .object = json else {
      throw KernelError("connection file '\(file)' must hold a JSON object, found \(json.kindName)")
    }
    func string(_ field: String, default value: String? = nil) throws -> String {
      guard let member = json[field] else {
        if let value { return value }
        throw KernelError("connection file '\(file)' has no \"\(field)\"")
      }
      guard let s = member.string else {
        throw KernelError(
          "connection file '\(file)': \"\(field)\" must be a string, found \(member.kindName)")
      }
      return s
    }
    func port(_ field: String) throws -> Int {
      guard let member = json[field] else {
        throw KernelError("connection file '\(file)' has no \"\(field)\"")
      }
      guard let p = member.int, (1...65535).contains(p) else {
        throw KernelError(
          "connection file '\(file)': \"\(field)\" must be a port from 1 to 65535, found "
            + member.text())
      }
      return p
    }
    transport = try string("transport", default: "tcp")
    guard transport == "tcp" || transport == "ipc" else {
      throw KernelError(
        "connection file '\(file)': \"transport\" must be \"tcp\" or \"ipc\", found \"\(transport)\""
      )
    }
    ip = try string("ip")
    shellPort = try port("shell_port")
    iopubPort = try port("iopub_port")
    stdinPort = try port("stdin_port")
    controlPort = try port("control_port")
    heartbeatPort = try port("hb_port")
    key = try string("key", default: "")
    signatureScheme = try string("signature_scheme", default: "hmac-sha256")
    guard signatureScheme == "hmac-sha256" else {
      throw KernelError(
        "connection file '\(file)': \"signature_scheme\" \"\(signatureScheme)\" is not "
          + "supported; use \"hmac-sha256\"")
    }
  }

  /// Reads the connection file at `path`.
  public static func load(_ path: String) throws -> ConnectionInfo {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw KernelError("cannot read the connection file '\(path)'", isIO: true)
    }
    return try ConnectionInfo(json: String(decoding: data, as: UTF8.self), file: path)
  }
}

/// A problem that stops the kernel from starting (a bad connection file, a port in use)
/// or a kernelspec from being installed.
public struct KernelError: Error, Equatable, CustomStringConvertible {
  /// What went wrong, naming the file or field concerned.
  public let message: String
  /// Whether a file or socket could not be used (exit status 74), rather than holding
  /// something wrong (65).
  public let isIO: Bool

  /// An error saying `message`.
  public init(_ message: String, isIO: Bool = false) {
    self.message = message
    self.isIO = isIO
  }

  /// What went wrong, in words.
  public var description: String { message }
}
