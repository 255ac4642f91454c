import Foundation
import LLALJSON
import LLALLanguage
import LLALNotebook

/// The kernel process's channels: binds the five sockets a connection file names and
/// serves them until a `shutdown_request`.
///
/// - **shell** (ROUTER), on the calling thread: requests run one at a time through
///   `KernelSession`, each between `busy` and `idle` status messages.
/// - **control** (ROUTER), on its own thread, so `interrupt_request` and
///   `shutdown_request` are answered while a cell runs.
/// - **iopub** (PUB): outputs and status, from any thread (`SocketPublisher` locks).
/// - **stdin** (ROUTER): bound for clients that expect it; llal never asks for input.
/// - **heartbeat** (REP), on its own thread: echoes every ping.
///
/// A message whose signature does not match the key, or that is not a message at all,
/// is dropped and logged on standard error; it is never executed.
public final class KernelServer {
  let context: ZMQContext
  let codec: WireCodec
  let factory = MessageFactory()
  let shell, control, stdin, iopub, heartbeat: ZMQSocket
  let publisher: SocketPublisher
  /// The interpreter's session (shell requests).
  public let session: KernelSession
  private let stopFlag = StopFlag()
  private let threadsDone = DispatchGroup()

  /// Binds the channels of `connection`. Throws `KernelError` naming the channel that
  /// cannot be bound (a port in use, an address that is not this machine's).
  public init(connection: ConnectionInfo, info: KernelInfo) throws {
    context = try ZMQContext()
    codec = WireCodec(signer: MessageSigner(key: connection.key))
    shell = try ZMQSocket(context, .router)
    control = try ZMQSocket(context, .router)
    stdin = try ZMQSocket(context, .router)
    iopub = try ZMQSocket(context, .publisher)
    heartbeat = try ZMQSocket(context, .reply)
    let channels: [(String, ZMQSocket, Int)] = [
      ("shell", shell, connection.shellPort), ("control", control, connection.controlPort),
      ("stdin", stdin, connection.stdinPort), ("iopub", iopub, connection.iopubPort),
      ("heartbeat", heartbeat, connection.heartbeatPort),
    ]
    for (name, socket, port) in channels {
      do {
        try socket.bind(connection.endpoint(port))
      } catch {
        throw KernelError("cannot bind the \(name) channel: \(error)", isIO: true)
      }
    }
    publisher = SocketPublisher(socket: iopub, codec: codec, factory: factory)
    session = KernelSession(info: info, publisher: publisher)
  }

  /// Serves the channels until a shutdown request, then closes them.
  public func run() {
    publisher.publish("status", ["execution_state": "starting"], parent: nil)
    session.startFlushing()
    spawn("llal-kernel-heartbeat") { [self] in serveHeartbeat() }
    spawn("llal-kernel-control") { [self] in serve(control, channel: "control") }
    serve(shell, channel: "shell")
    // Wakes the other threads out of their sockets with ETERM.
    context.shutdown()
    threadsDone.wait()
    for socket in [shell, stdin, iopub] { socket.close() }
  }

  private func spawn(_ name: String, _ body: @escaping () -> Void) {
    threadsDone.enter()
    let thread = Thread { [threadsDone] in
      body()
      threadsDone.leave()
    }
    thread.name = name
    thread.start()
  }

  private func serveHeartbeat() {
    defer { heartbeat.close() }
    while true {
      do {
        try heartbeat.send(try heartbeat.receive())
      } catch let error as ZMQError where error.isTerminated {
        return
      } catch {
        KernelLog.write("heartbeat: \(error)")
        return
      }
    }
  }

  /// Reads and answers requests on `socket` until the kernel stops.
  private func serve(_ socket: ZMQSocket, channel: String) {
    defer { if channel == "control" { socket.close() } }
    while !stopFlag.isSet {
      do {
        guard try socket.waitForMessage(timeout: 100) else { continue }
        let frames = try socket.receive()
        guard let request = decode(frames, channel: channel) else { continue }
        try serve(request, on: socket, channel: channel)
      } catch let error as ZMQError where error.isTerminated {
        return
      } catch {
        KernelLog.write("\(channel): \(error)")
      }
    }
  }

  private func decode(_ frames: [Data], channel: String) -> WireMessage? {
    do {
      return try codec.decode(frames)
    } catch {
      KernelLog.write("dropped a message on \(channel): \(error)")
      return nil
    }
  }

  /// Answers one request between `busy` and `idle` status messages. After a cell
  /// failed, the execute requests already queued behind it are aborted before `idle`,
  /// so a front end that waits for `idle` never has its next request aborted.
  private func serve(_ request: WireMessage, on socket: ZMQSocket, channel: String) throws {
    publisher.publish("status", ["execution_state": "busy"], parent: request)
    defer { publisher.publish("status", ["execution_state": "idle"], parent: request) }
    guard let reply = answer(request, channel: channel) else { return }
    try send(reply, to: request, on: socket)
    if channel == "shell", request.type == "execute_request",
      reply.content["status"]?.string == "error", request.content["stop_on_error"]?.bool ?? true
    {
      try abortQueued(on: socket)
    }
  }

  /// The reply to one request, or nil when it gets none.
  private func answer(_ request: WireMessage, channel: String) -> (
    type: String, content: JSON
  )? {
    switch request.type {
    case "shutdown_request":
      let restart = request.content["restart"]?.bool ?? false
      let content: JSON = ["status": "ok", "restart": .bool(restart)]
      publisher.publish("shutdown_reply", content, parent: request)
      stopFlag.set()
      // Running code stops at its next safe point, so the shell thread can end.
      Interpreter.requestInterrupt()
      return ("shutdown_reply", content)
    case "interrupt_request":
      Interpreter.requestInterrupt()
      return ("interrupt_reply", ["status": "ok"])
    case "kernel_info_request":
      return ("kernel_info_reply", session.info.reply)
    default:
      guard channel == "shell" else {
        KernelLog.write("ignored '\(request.type)' on the control channel")
        return nil
      }
      return session.handle(request)
    }
  }

  private func send(
    _ reply: (type: String, content: JSON), to request: WireMessage,
    on socket: ZMQSocket
  ) throws {
    let message = factory.message(reply.type, reply.content, parent: request, route: true)
    try socket.send(codec.encode(message))
  }

  /// Answers the execute requests already queued with `aborted` (the front end asked to
  /// stop on error); other requests are served.
  private func abortQueued(on socket: ZMQSocket) throws {
    while try socket.waitForMessage(timeout: 0) {
      guard let request = decode(try socket.receive(), channel: "shell") else { continue }
      publisher.publish("status", ["execution_state": "busy"], parent: request)
      defer { publisher.publish("status", ["execution_state": "idle"], parent: request) }
      if request.type == "execute_request" {
        try send(("execute_reply", ["status": "aborted"]), to: request, on: socket)
      } else if let reply = answer(request, channel: "shell") {
        try send(reply, to: request, on: socket)
      }
    }
  }
}

/// A flag one thread sets and others read.
private final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false

  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return value
  }

  func set() {
    lock.lock()
    value = true
    lock.unlock()
  }
}
