import Foundation

/// Every built-in the language knows, declared once: functions, constants, and the
/// methods and properties of built-in types. `help`, `:help`, completion, the checker's
/// arity checks and the interpreter's argument errors all read it.
///
/// Domain modules add theirs by conforming to `BuiltinLibrary` and being listed in
/// `BuiltinRegistry.standardLibraries`.
public final class BuiltinRegistry {
  /// Built-in functions by name.
  public private(set) var functions: [String: Builtin] = [:]
  /// Built-in constants by name, with their docs.
  public private(set) var constants: [String: (value: Value, doc: String)] = [:]
  private var methods: [ValueKind: [String: Builtin]] = [:]
  private var properties: [ValueKind: [String: Property]] = [:]
  /// Function values, made once per built-in.
  private var values: [String: Value] = [:]

  /// An empty registry.
  public init() {}

  /// A registry with every library in `standardLibraries`.
  public static func standard() -> BuiltinRegistry {
    let registry = BuiltinRegistry()
    for library in standardLibraries { library.register(in: registry) }
    return registry
  }

  /// Adds (or replaces) a built-in function.
  public func register(_ builtin: Builtin) {
    functions[builtin.name] = builtin
    values[builtin.name] = .function(FunctionValue(builtin))
  }

  /// Adds a constant such as `pi`.
  public func registerConstant(_ name: String, _ value: Value, doc: String) {
    constants[name] = (value, doc)
    values[name] = value
  }

  /// Adds a method of values of `kind` (its parameters exclude the receiver, which the
  /// body reads from `Arguments.receiver`).
  public func registerMethod(_ builtin: Builtin, on kind: ValueKind) {
    methods[kind, default: [:]][builtin.name] = builtin
  }

  /// Adds a property of values of `kind`, such as `tensor.shape`.
  public func registerProperty(_ property: Property, on kind: ValueKind) {
    properties[kind, default: [:]][property.name] = property
  }

  /// The value of a built-in name (a function or constant).
  public func value(named name: String) -> Value? { values[name] }

  /// Every function and constant name.
  public var names: [String] { Array(values.keys) }

  /// A method of values of `kind`.
  public func method(_ name: String, on kind: ValueKind) -> Builtin? {
    methods[Self.canonical(kind)]?[name]
  }

  /// A property of values of `kind`.
  public func property(_ name: String, on kind: ValueKind) -> Property? {
    properties[Self.canonical(kind)]?[name]
  }

  /// Property and method names of values of `kind`, sorted.
  public func memberNames(of kind: ValueKind) -> [String] {
    let k = Self.canonical(kind)
    return (Array(properties[k]?.keys ?? [:].keys) + Array(methods[k]?.keys ?? [:].keys)).sorted()
  }

  /// The help text for `name`: a function, a constant, or `type.member`
  /// (`tensor.sum`); nil if there is no such built-in.
  public func help(_ name: String) -> String? {
    if let b = functions[name] { return b.helpText }
    if let c = constants[name] {
      return "\(name) = \(ValueFormatter.repr(c.value))\n" + wrap(c.doc, width: 78, indent: "  ")
        + "\n"
    }
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, let kind = ValueKind(rawValue: parts[0]) else { return nil }
    if let p = property(parts[1], on: kind) { return p.helpText }
    if let m = method(parts[1], on: kind) { return m.helpText }
    return nil
  }

  /// A one-line summary of each function and constant: the name and the first
  /// sentence of its doc, cut to fit 80 columns.
  public func overview() -> String {
    var lines: [String] = []
    for name in names.sorted() {
      let doc = functions[name]?.doc ?? constants[name]?.doc ?? ""
      var first = doc.components(separatedBy: ". ").first ?? doc
      if !first.hasSuffix(".") { first += "." }
      let label = name.padding(toLength: max(14, name.count + 2))
      let room = max(20, 80 - label.count)
      if first.count > room {
        var cut = String(first.prefix(room - 3))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        first = cut + "..."
      }
      lines.append(label + first)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Ints and floats share the number methods.
  private static func canonical(_ kind: ValueKind) -> ValueKind { kind == .float ? .int : kind }
}

/// A group of built-ins registered together (core, lists, strings, tensors, autodiff;
/// later models, data, strategies).
public protocol BuiltinLibrary {
  /// Adds the library's built-ins.
  static func register(in registry: BuiltinRegistry)
}

extension BuiltinRegistry {
  /// The libraries of a standard interpreter, in registration order (later entries may
  /// replace earlier ones).
  public static var standardLibraries: [any BuiltinLibrary.Type] {
    [
      CoreLibrary.self, ListLibrary.self, StringLibrary.self, MathLibrary.self,
      TensorLibrary.self, AutodiffLibrary.self,
    ]
  }
}

extension String {
  /// The string padded with spaces to `length` characters (unchanged if longer).
  func padding(toLength length: Int) -> String {
    count >= length ? self : self + String(repeating: " ", count: length - count)
  }
}
