import Crypto
import Foundation

/// Signs and checks Jupyter messages: the hex HMAC-SHA256, under the connection file's
/// key, of the header, parent header, metadata and content frames in that order. With an
/// empty key, messages are neither signed nor checked (the protocol's rule).
public struct MessageSigner: Sendable {
  private let key: SymmetricKey?

  /// A signer with `key` (the connection file's `key` as UTF-8 bytes).
  public init(key: String) {
    self.key = key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8))
  }

  /// Whether messages are signed at all.
  public var isSigning: Bool { key != nil }

  /// The signature of `parts`, as lowercase hex; empty when not signing.
  public func signature(of parts: [Data]) -> String {
    guard let key else { return "" }
    var mac = HMAC<SHA256>(key: key)
    for part in parts { mac.update(data: part) }
    return Data(mac.finalize()).map { Self.hexDigits[Int($0)] }.joined()
  }

  /// Whether `signature` is the signature of `parts` (always, when not signing). The
  /// comparison takes the same time wherever the first difference is.
  public func verify(_ signature: Data, of parts: [Data]) -> Bool {
    guard key != nil else { return true }
    let expected = Data(self.signature(of: parts).utf8)
    guard signature.count == expected.count else { return false }
    var difference: UInt8 = 0
    for (a, b) in zip(signature, expected) { difference |= a ^ b }
    return difference == 0
  }

  private static let hexDigits: [String] = (0..<256).map {
    let s = String($0, radix: 16)
    return s.count == 1 ? "0" + s : s
  }
}
