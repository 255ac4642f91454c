/// A function value: a user function with the values it captured, a built-in, or a
/// built-in method bound to its receiver (`t.sum`).
public final class FunctionValue {
  /// What kind of function.
  public enum Kind {
    /// A user function and the locals of its enclosing functions, captured by value.
    case closure(FunctionDecl, Captures)
    /// A built-in function.
    case builtin(Builtin)
    /// A built-in method and the value it was taken from.
    case method(Builtin, receiver: Value)
  }

  /// What kind of function.
  public let kind: Kind

  /// A function value of `kind`.
  public init(_ kind: Kind) { self.kind = kind }

  /// A built-in function value.
  public convenience init(_ builtin: Builtin) { self.init(.builtin(builtin)) }

  /// The parameters a call binds.
  public var signature: Signature {
    switch kind {
    case .closure(let decl, _): return decl.signature
    case .builtin(let b), .method(let b, _): return b.signature
    }
  }

  /// The name, if it has one.
  public var name: String? {
    switch kind {
    case .closure(let decl, _): return decl.name
    case .builtin(let b), .method(let b, _): return b.name
    }
  }
}

/// The locals of enclosing functions as they were when a closure was created. Later
/// entries shadow earlier ones.
public final class Captures {
  let names: [String]
  let values: [Value]

  init(names: [String], values: [Value]) {
    self.names = names
    self.values = values
  }

  /// No captured values (a function defined at top level sees the globals directly).
  static let empty = Captures(names: [], values: [])

  func lookup(_ name: String) -> Value? {
    var i = names.count - 1
    while i >= 0 {
      if names[i] == name { return values[i] }
      i -= 1
    }
    return nil
  }
}
