/// The activation of one user-function call: its locals (parameters first, then every
/// name it assigns, in order of first assignment) and what its closure captured.
final class Frame {
  let function: FunctionValue
  let decl: FunctionDecl
  let captures: Captures
  var names: [String] = []
  var values: [Value] = []

  init(function: FunctionValue, decl: FunctionDecl, captures: Captures) {
    self.function = function
    self.decl = decl
    self.captures = captures
  }

  @inline(__always)
  func localIndex(_ name: String) -> Int? {
    var i = names.count - 1
    while i >= 0 {
      if names[i] == name { return i }
      i -= 1
    }
    return nil
  }

  func set(_ name: String, _ value: Value) {
    if let i = localIndex(name) {
      values[i] = value
    } else {
      names.append(name)
      values.append(value)
    }
  }
}

/// How a statement finished.
enum Completion {
  case normal
  case breakLoop
  case continueLoop
  case returned(Value)

  var isNormal: Bool {
    if case .normal = self { return true }
    return false
  }

  /// The error for a completion that reached top level (possible only when a program
  /// runs without the checker).
  var misplacedMessage: String {
    switch self {
    case .breakLoop: return "'break' outside a loop"
    case .continueLoop: return "'continue' outside a loop"
    case .returned, .normal: return "'return' outside a function"
    }
  }
}

/// Carries `break`, `continue` or `return` out of an `if` used inside a larger
/// expression, up to the statement that evaluated it. Plain statements return a
/// `Completion` instead; this is the rare path.
struct ControlSignal: Error {
  let completion: Completion
}

extension Interpreter {
  /// The value of a name: locals, captured values, the function's own name, globals,
  /// built-ins.
  func lookup(_ name: String, _ range: SourceRange) throws -> Value {
    if let f = frame {
      if let i = f.localIndex(name) { return f.values[i] }
      if let v = f.captures.lookup(name) { return v }
      if f.decl.isNamedDefinition, f.decl.name == name { return .function(f.function) }
    }
    if let v = globals[name] { return v }
    if let v = registry.value(named: name) { return v }
    var message = "unknown name '\(name)'"
    var candidates = Set(globals.keys).union(registry.names)
    if let f = frame {
      candidates.formUnion(f.names)
      candidates.formUnion(f.captures.names)
    }
    if let guess = closestName(to: name, in: candidates.sorted()) {
      message += "; did you mean '\(guess)'?"
    }
    throw fail(message, range)
  }

  /// Binds a name in the current function, or globally at top level.
  func setVariable(_ name: String, _ value: Value) {
    if let f = frame { f.set(name, value) } else { globals[name] = value }
  }

  /// Moves a variable's value out (leaving `none`) so that it can be changed in place
  /// without a copy, as `xs[i] = v` does; nil if it is not a local or global.
  func takeVariable(_ name: String) -> Value? {
    if let f = frame {
      guard let i = f.localIndex(name) else { return nil }
      let v = f.values[i]
      f.values[i] = .none
      return v
    }
    guard let v = globals[name] else { return nil }
    globals[name] = Value.none
    return v
  }

  /// Throws, at `range` of the current source, when a value of `count` elements of
  /// `kind` would exceed the memory budget (`Limits.checkElements`).
  func checkElements(_ count: Int, _ kind: Limits.ElementKind, _ range: SourceRange) throws {
    do {
      try limits.checkElements(count, kind)
    } catch let error as RuntimeError {
      throw fail(error.message, range)
    }
  }

  /// A runtime error at `range` of the current source.
  func fail(_ message: String, _ range: SourceRange) -> RuntimeError {
    RuntimeError(message, range: range, file: currentFile)
  }
}
