/// The kinds of value, as parameter types and messages name them.
public enum ValueKind: String, Sendable, Equatable {
  case none, bool, int, float, string, list, record, range, function, tensor
  /// A domain value (model, strategy, result, ...): a `HostObject`.
  case host
}

/// What a built-in's parameter accepts: a set of value kinds and the words messages use
/// for it (`argument 'x' of 'exp' must be a tensor or number, found string`).
public struct ParamType: Equatable, Sendable {
  /// The accepted kinds; empty means any value.
  public let kinds: [ValueKind]
  /// For `host`: the required `HostObject.typeName`, or nil for any host value.
  public let hostType: String?
  /// How messages name it: "a tensor or number".
  public let description: String
  /// How signatures show it: `tensor|number`.
  public let shortName: String
  /// For an enumerated string option: the strings it allows, in declaration order
  /// (help, completion and the error message list them); nil for any string.
  public let choices: [String]?

  /// A type accepting `kinds`, described as `description` in messages and as
  /// `shortName` in signatures.
  public init(
    _ kinds: [ValueKind], description: String, shortName: String, hostType: String? = nil,
    choices: [String]? = nil
  ) {
    self.kinds = kinds
    self.description = description
    self.shortName = shortName
    self.hostType = hostType
    self.choices = choices
  }

  /// Any value.
  public static let any = ParamType([], description: "any value", shortName: "any")
  /// An integer.
  public static let int = ParamType([.int], description: "an int", shortName: "int")
  /// An int or a float.
  public static let number = ParamType(
    [.int, .float], description: "a number", shortName: "number")
  /// `true` or `false`.
  public static let bool = ParamType([.bool], description: "a bool", shortName: "bool")
  /// A string.
  public static let string = ParamType([.string], description: "a string", shortName: "string")
  /// A tensor.
  public static let tensor = ParamType([.tensor], description: "a tensor", shortName: "tensor")
  /// A tensor, or a number taken as a scalar.
  public static let tensorOrNumber = ParamType(
    [.tensor, .int, .float], description: "a tensor or number", shortName: "tensor|number")
  /// A list.
  public static let list = ParamType([.list], description: "a list", shortName: "list")
  /// A record.
  public static let record = ParamType([.record], description: "a record", shortName: "record")
  /// A function (user-defined or built-in).
  public static let function = ParamType(
    [.function], description: "a function", shortName: "fn")
  /// A shape: a list of non-negative ints, or one int for a vector.
  public static let shape = ParamType(
    [.list, .int], description: "a shape (a list of ints)", shortName: "[int]")
  /// An axis or several axes.
  public static let axes = ParamType(
    [.int, .list], description: "an int or a list of ints", shortName: "int|[int]")
  /// Anything `tensor(...)` can convert: numbers, nested lists of numbers, tensors.
  public static let tensorData = ParamType(
    [.tensor, .list, .int, .float, .bool],
    description: "a number, a tensor or a nested list of numbers", shortName: "list")
  /// Something `for` can walk: a list, range, string or tensor (its first axis).
  public static let sequence = ParamType(
    [.list, .range, .string, .tensor], description: "a list, range, string or tensor",
    shortName: "sequence")

  /// A domain value of one `HostObject.typeName` (`"model"`), described as
  /// `description` (`"a model"`).
  public static func host(_ typeName: String, description: String) -> ParamType {
    ParamType([.host], description: description, shortName: typeName, hostType: typeName)
  }

  /// An enumerated string option: one of `T`'s raw values, which signatures show
  /// (`"gap"|"max"`) and messages list (`"gap" or "max"`). Read it with
  /// `Arguments.choice(_:of:)`.
  public static func choice<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> ParamType
  where T.RawValue == String {
    let names = T.allCases.map(\.rawValue)
    return ParamType(
      [.string], description: listing(names),
      shortName: names.map { "\"\($0)\"" }.joined(separator: "|"), choices: names)
  }

  /// `"a", "b" or "c"`: how messages list the strings an option allows.
  static func listing(_ names: [String]) -> String {
    let quoted = names.map { "\"\($0)\"" }
    guard quoted.count > 1 else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
  }

  /// The same type, also accepting `none`.
  public var orNone: ParamType {
    if kinds.isEmpty || kinds.contains(.none) { return self }
    return ParamType(
      kinds + [.none], description: description + " or none", shortName: shortName + "?",
      hostType: hostType, choices: choices)
  }

  /// The same type, also accepting a list of such values (`what` says what the list
  /// holds, as in "one per tap"): `"gap"|"max"|[…]`.
  public func orList(_ what: String) -> ParamType {
    ParamType(
      kinds + [.list], description: "\(description), or a list of them, \(what)",
      shortName: "\(shortName)|[\(shortName)]", hostType: hostType, choices: choices)
  }
}
