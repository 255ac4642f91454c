/// A domain value the language can hold, display and call methods on: a model, a
/// strategy, an experiment result, a chart.
///
/// Conform a class to add a kind of value without touching the interpreter: give it a
/// `typeName` (used in messages: `argument 'model' of 'experiment' must be a model`), a
/// plain-text `description` (what `print` and the REPL show), and members. Methods are
/// members whose value is a function, typically a `Builtin` that captures `self`:
///
/// ```swift
/// func member(_ name: String) throws -> Value? {
///   switch name {
///   case "count": return .int(pool.count)
///   case "step": return .function(FunctionValue(stepBuiltin))  // declared with a doc
///   default: return nil
///   }
/// }
/// ```
public protocol HostObject: AnyObject, CustomStringConvertible {
  /// The type's name in messages and signatures (`model`, `strategy`).
  var typeName: String { get }
  /// Member names, for completion and `help`.
  var memberNames: [String] { get }
  /// The value of member `name` (a property, or a function for a method); nil when
  /// there is no such member (the interpreter reports it, suggesting a close name).
  func member(_ name: String) throws -> Value?
  /// A richer rendering (`.html`, `.svg`) for the notebook page, or nil to fall back to
  /// plain text.
  func rendering(_ format: DisplayFormat) -> String?
  /// How the value is written in code (`Net.c2`, `entropy()`), where it has such a form:
  /// a call that made it spells it as an argument (`Arguments.spelling`); nil otherwise.
  var spelling: String? { get }
}

extension HostObject {
  /// No members by default.
  public var memberNames: [String] { [] }
  /// No members by default.
  public func member(_ name: String) throws -> Value? { nil }
  /// Plain text only by default.
  public func rendering(_ format: DisplayFormat) -> String? { nil }
  /// No spelling by default.
  public var spelling: String? { nil }
}

/// A host object that can be called like a function (`Net(x)` on a model).
public protocol CallableHostObject: HostObject {
  /// The parameters a call binds.
  var callSignature: Signature { get }
  /// Runs the call with arguments bound to `callSignature`.
  func call(_ arguments: Arguments) throws -> Value
}

/// Renderings a value may offer besides plain text.
public enum DisplayFormat: Sendable {
  /// An HTML fragment.
  case html
  /// An SVG image.
  case svg
}

/// A host object that gives meaning to binary operators (`h + skip` on model nodes).
public protocol OperatorHostObject: HostObject {
  /// The value of `left op right`, where this object is one of the operands; nil when
  /// the operator does not apply (the interpreter then reports the usual type error).
  func binary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value?
}
