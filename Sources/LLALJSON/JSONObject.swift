/// The members of a JSON object: unique keys, kept in the order they were added (file
/// order when parsed), read and written like a dictionary.
///
/// Two objects are equal when they hold the same keys with equal values, whatever the
/// order: JSON gives the order no meaning.
public struct JSONObject: Equatable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
  /// The keys, in order.
  public private(set) var keys: [String] = []
  private var values: [String: JSON] = [:]

  /// An empty object.
  public init() {}

  /// The members of `dictionary`, keys sorted (a dictionary has no order of its own).
  public init(_ dictionary: [String: JSON]) {
    keys = dictionary.keys.sorted()
    values = dictionary
  }

  /// A dictionary literal, members in the literal's order (a later duplicate key replaces
  /// the value).
  public init(dictionaryLiteral elements: (String, JSON)...) {
    for (key, value) in elements { self[key] = value }
  }

  /// How many members the object holds.
  public var count: Int { keys.count }

  /// Whether the object has no member.
  public var isEmpty: Bool { keys.isEmpty }

  /// The value of `key`; setting a new key appends it, setting nil removes it.
  public subscript(key: String) -> JSON? {
    get { values[key] }
    set {
      switch (values[key], newValue) {
      case (nil, let value?):
        keys.append(key)
        values[key] = value
      case (_?, nil):
        keys.removeAll { $0 == key }
        values[key] = nil
      default:
        values[key] = newValue
      }
    }
  }

  /// The members in order.
  public func makeIterator() -> IndexingIterator<[(key: String, value: JSON)]> {
    keys.compactMap { key in values[key].map { (key: key, value: $0) } }.makeIterator()
  }

  public static func == (a: JSONObject, b: JSONObject) -> Bool { a.values == b.values }
}
