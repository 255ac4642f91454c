import Foundation
import LLALJSON
import LLALNotebook

/// One Jupyter message as it travels over ZeroMQ (the wire protocol, version 5.3):
///
/// ```
/// [identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]
/// ```
///
/// The identities route a reply back to the client that asked; the four JSON frames are
/// signed together (`MessageSigner`).
public struct WireMessage {
  /// The frame between the routing identities and the signature.
  public static let delimiter = Data("<IDS|MSG>".utf8)

  /// The routing identities (from a ROUTER socket), copied into replies.
  public var identities: [Data]
  /// `msg_id`, `session`, `username`, `date`, `msg_type`, `version`.
  public var header: JSON
  /// The header of the message this one answers or was caused by, or `{}`.
  public var parentHeader: JSON
  /// Free-form metadata.
  public var metadata: JSON
  /// The message's content, whose shape depends on its type.
  public var content: JSON
  /// Extra binary frames after the content.
  public var buffers: [Data]

  /// A message from its parts.
  public init(
    identities: [Data] = [], header: JSON, parentHeader: JSON = [:], metadata: JSON = [:],
    content: JSON, buffers: [Data] = []
  ) {
    self.identities = identities
    self.header = header
    self.parentHeader = parentHeader
    self.metadata = metadata
    self.content = content
    self.buffers = buffers
  }

  /// The header's `msg_type` (`execute_request`, …).
  public var type: String { header["msg_type"]?.string ?? "" }
}

/// Why a received message was dropped.
public enum WireError: Error, Equatable, CustomStringConvertible {
  /// No `<IDS|MSG>` frame.
  case noDelimiter
  /// Fewer than the five frames (signature, header, parent header, metadata, content)
  /// after the delimiter.
  case tooFewFrames(Int)
  /// The signature does not match the frames under the connection file's key.
  case badSignature
  /// The signature was seen before: the message is a replay.
  case replayed
  /// A JSON frame cannot be read or is not an object.
  case malformed(frame: String, reason: String)

  /// What went wrong, in words.
  public var description: String {
    switch self {
    case .noDelimiter: return "no <IDS|MSG> delimiter frame"
    case .tooFewFrames(let n):
      return "\(n) frame\(n == 1 ? "" : "s") after the delimiter; a message needs 5"
    case .badSignature: return "the signature does not match the key"
    case .replayed: return "the signature was used before (a replayed message)"
    case .malformed(let frame, let reason): return "the \(frame) \(reason)"
    }
  }
}

/// Turns frames into messages and back, checking signatures and refusing replays.
/// Shared by the shell and control threads, so it locks its history of signatures.
public final class WireCodec: @unchecked Sendable {
  /// Signs outgoing and checks incoming messages.
  public let signer: MessageSigner
  /// How many signatures are remembered to refuse replays.
  let historyLimit: Int
  private var seen: Set<Data> = []
  private var seenOrder: [Data] = []
  private let lock = NSLock()

  /// A codec signing with `signer`, remembering the last `historyLimit` signatures.
  public init(signer: MessageSigner, historyLimit: Int = 1 << 14) {
    self.signer = signer
    self.historyLimit = historyLimit
  }

  /// The frames of `message`, signed.
  public func encode(_ message: WireMessage) -> [Data] {
    let parts = [message.header, message.parentHeader, message.metadata, message.content].map {
      Data($0.text().utf8)
    }
    return message.identities + [WireMessage.delimiter, Data(signer.signature(of: parts).utf8)]
      + parts + message.buffers
  }

  /// The message in `frames`. Throws `WireError` when the frames are not a message, the
  /// signature is wrong, or the message was received before.
  public func decode(_ frames: [Data]) throws -> WireMessage {
    guard let split = frames.firstIndex(of: WireMessage.delimiter) else {
      throw WireError.noDelimiter
    }
    let rest = Array(frames[(split + 1)...])
    guard rest.count >= 5 else { throw WireError.tooFewFrames(rest.count) }
    let signature = rest[0]
    let parts = Array(rest[1...4])
    guard signer.verify(signature, of: parts) else { throw WireError.badSignature }
    if signer.isSigning { try remember(signature) }
    let names = ["header", "parent header", "metadata", "content"]
    var values: [JSON] = []
    for (name, part) in zip(names, parts) {
      let value: JSON
      do {
        value = try JSON.parse([UInt8](part))
      } catch let error as JSONSyntaxError {
        throw WireError.malformed(frame: name, reason: "is not JSON: \(error)")
      }
      guard case .object = value else {
        throw WireError.malformed(frame: name, reason: "is \(value.kindName), not an object")
      }
      values.append(value)
    }
    guard values[0]["msg_type"]?.string != nil else {
      throw WireError.malformed(frame: "header", reason: "has no \"msg_type\" string")
    }
    return WireMessage(
      identities: Array(frames[..<split]), header: values[0], parentHeader: values[1],
      metadata: values[2], content: values[3], buffers: Array(rest.dropFirst(5)))
  }

  private func remember(_ signature: Data) throws {
    lock.lock()
    defer { lock.unlock() }
    guard seen.insert(signature).inserted else { throw WireError.replayed }
    seenOrder.append(signature)
    if seenOrder.count > historyLimit {
      // Forget the oldest tenth at once rather than one per message.
      let dropped = seenOrder.prefix(max(1, historyLimit / 10))
      for s in dropped { seen.remove(s) }
      seenOrder.removeFirst(dropped.count)
    }
  }
}
