import Foundation
import LLALJSON
import LLALNotebook

/// Makes the headers of the messages this kernel sends: one session id for the
/// process, a fresh `msg_id` each, the time in UTC with microseconds.
public struct MessageFactory: Sendable {
  /// The protocol version this kernel speaks.
  public static let protocolVersion = "5.3"

  /// The kernel's session id, in every header it sends.
  public let session: String
  /// The user name in headers.
  public let username: String

  /// A factory with a new session id.
  public init(session: String = UUID().uuidString.lowercased(), username: String = "llal") {
    self.session = session
    self.username = username
  }

  /// A header for a new message of type `type`.
  public func header(_ type: String) -> JSON {
    [
      "msg_id": .string(UUID().uuidString.lowercased()), "session": .string(session),
      "username": .string(username), "date": .string(Self.timestamp(Date())),
      "msg_type": .string(type), "version": .string(Self.protocolVersion),
    ]
  }

  /// A message of type `type` caused by `parent` (routed back to its sender when
  /// `route` is set: replies go to the asker, IOPub messages to every subscriber).
  public func message(
    _ type: String, _ content: JSON, parent: WireMessage?, route: Bool = false
  ) -> WireMessage {
    WireMessage(
      identities: route ? parent?.identities ?? [] : [], header: header(type),
      parentHeader: parent?.header ?? [:], content: content)
  }

  /// `2024-05-01T12:34:56.789012Z`.
  static func timestamp(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970
    var whole = time_t(seconds.rounded(.down))
    let micros = Int(((seconds - Double(whole)) * 1e6).rounded(.down))
    var parts = tm()
    gmtime_r(&whole, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900,
      Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
      Int(parts.tm_sec), micros)
  }
}
