import CZeroMQ
import Foundation

/// A libzmq call that failed: the operation and libzmq's reason.
public struct ZMQError: Error, CustomStringConvertible {
  /// What was being done (`bind tcp://127.0.0.1:5555`).
  public let operation: String
  /// The `errno` libzmq set.
  public let code: Int32

  /// The error for the failure that just happened on this thread.
  init(_ operation: String) {
    self.operation = operation
    self.code = zmq_errno()
  }

  /// Whether the context was shut down (the kernel is stopping).
  public var isTerminated: Bool { code == ETERM }

  /// What went wrong, in words.
  public var description: String {
    "\(operation): \(String(cString: zmq_strerror(code)))"
  }
}

/// A ZeroMQ context: owns the I/O thread; every socket belongs to one.
public final class ZMQContext: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer

  /// A new context.
  public init() throws {
    guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
    self.handle = handle
  }

  /// Makes blocking calls on this context's sockets, in any thread, fail with `ETERM`,
  /// so that the threads serving them can close their sockets and end.
  public func shutdown() { zmq_ctx_shutdown(handle) }

  deinit {
    // Waits for each socket's pending messages up to its linger time.
    while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
  }
}

/// A ZeroMQ socket. Like libzmq's, it is not thread-safe: one thread uses it at a time
/// (a lock around it is enough to hand it between threads).
public final class ZMQSocket: @unchecked Sendable {
  /// The socket types the kernel uses.
  public enum Kind {
    /// Shell, control and stdin: many clients, replies routed by identity.
    case router
    /// IOPub: broadcast to every subscriber.
    case publisher
    /// Heartbeat: echo each request.
    case reply
    /// A client's side of a router (tests).
    case dealer
    /// A client's side of IOPub (tests).
    case subscriber
    /// A client's side of the heartbeat (tests).
    case request

    var rawValue: Int32 {
      switch self {
      case .router: return ZMQ_ROUTER
      case .publisher: return ZMQ_PUB
      case .reply: return ZMQ_REP
      case .dealer: return ZMQ_DEALER
      case .subscriber: return ZMQ_SUB
      case .request: return ZMQ_REQ
      }
    }
  }

  private var handle: UnsafeMutableRawPointer?
  private let context: ZMQContext

  /// A socket of `kind` in `context`. Pending messages are kept for at most `linger`
  /// milliseconds when it closes.
  public init(_ context: ZMQContext, _ kind: Kind, linger: Int32 = 1000) throws {
    guard let handle = zmq_socket(context.handle, kind.rawValue) else {
      throw ZMQError("zmq_socket")
    }
    self.handle = handle
    self.context = context
    _ = llal_zmq_set_int(handle, ZMQ_LINGER, linger)
    if kind == .subscriber { _ = zmq_setsockopt(handle, ZMQ_SUBSCRIBE, "", 0) }
  }

  private func open(_ operation: String) throws -> UnsafeMutableRawPointer {
    guard let handle else { throw ZMQError("\(operation) on a closed socket") }
    return handle
  }

  /// Binds to `endpoint` (`tcp://127.0.0.1:5555`).
  public func bind(_ endpoint: String) throws {
    let h = try open("bind")
    guard zmq_bind(h, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
  }

  /// Connects to `endpoint`.
  public func connect(_ endpoint: String) throws {
    let h = try open("connect")
    guard zmq_connect(h, endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
  }

  /// Sends `frames` as one multipart message, retrying when a signal interrupts.
  public func send(_ frames: [Data]) throws {
    let h = try open("send")
    for (i, frame) in frames.enumerated() {
      let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
      while true {
        let sent = frame.withUnsafeBytes { zmq_send(h, $0.baseAddress, frame.count, flags) }
        if sent >= 0 { break }
        if zmq_errno() != EINTR { throw ZMQError("send") }
      }
    }
  }

  /// Waits up to `timeout` milliseconds (-1: forever) for a message to read; false
  /// when none came. A signal ends the wait early (false).
  public func waitForMessage(timeout: Int) throws -> Bool {
    var item = zmq_pollitem_t(
      socket: try open("poll"), fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
    let n = zmq_poll(&item, 1, timeout)
    if n < 0 {
      if zmq_errno() == EINTR { return false }
      throw ZMQError("poll")
    }
    return n > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
  }

  /// Receives one multipart message, waiting for it; retries when a signal interrupts.
  public func receive() throws -> [Data] {
    let h = try open("receive")
    var frames: [Data] = []
    repeat {
      var part = zmq_msg_t()
      zmq_msg_init(&part)
      defer { zmq_msg_close(&part) }
      while zmq_msg_recv(&part, h, 0) < 0 {
        if zmq_errno() != EINTR { throw ZMQError("receive") }
      }
      let size = zmq_msg_size(&part)
      frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&part), count: size))
    } while llal_zmq_has_more(h) != 0
    return frames
  }

  /// Closes the socket (a later call throws).
  public func close() {
    if let handle { zmq_close(handle) }
    handle = nil
  }

  deinit { close() }
}
