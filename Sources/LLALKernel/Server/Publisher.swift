import Foundation
import LLALJSON
import LLALNotebook

/// Where the kernel broadcasts what happens (the IOPub channel): status, inputs,
/// outputs, displays and errors. The socket publisher is one; tests record instead.
public protocol Publisher: AnyObject {
  /// Broadcasts a message of `type` with `content`, caused by `parent`.
  func publish(_ type: String, _ content: JSON, parent: WireMessage?)
}

/// Publishes on the IOPub socket. The shell, control and flushing threads all publish,
/// so each message is sent under a lock.
final class SocketPublisher: Publisher, @unchecked Sendable {
  private let socket: ZMQSocket
  private let codec: WireCodec
  private let factory: MessageFactory
  private let lock = NSLock()

  init(socket: ZMQSocket, codec: WireCodec, factory: MessageFactory) {
    self.socket = socket
    self.codec = codec
    self.factory = factory
  }

  func publish(_ type: String, _ content: JSON, parent: WireMessage?) {
    var message = factory.message(type, content, parent: parent)
    // The topic frame subscribers filter on, as ipykernel names it.
    message.identities = [Data("kernel.\(factory.session).\(type)".utf8)]
    let frames = codec.encode(message)
    lock.lock()
    defer { lock.unlock() }
    do {
      try socket.send(frames)
    } catch {
      KernelLog.write("cannot publish \(type): \(error)")
    }
  }
}

/// The kernel's log on standard error, which Jupyter shows in its own log.
public enum KernelLog {
  /// Writes `message` on one line, prefixed `llal kernel: `.
  public static func write(_ message: String) {
    FileHandle.standardError.write(Data("llal kernel: \(message)\n".utf8))
  }
}
