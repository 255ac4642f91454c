import LLALTensor

// `model` blocks: the core runs a block's body like a function body, and a lowering that
// a library installs (LLALDomain's network graphs) decides what the block becomes. The
// language itself knows nothing of networks.

/// A `model` block as declared, closed over the values it captured when its statement
/// ran: what building it (again) needs.
public final class BlockDefinition {
  /// The block's declaration (a function declaration marked as a model).
  public let decl: FunctionDecl
  /// The values it captured when the statement ran.
  let captures: Captures
  /// The function value over the declaration (for the call stack).
  let function: FunctionValue

  init(decl: FunctionDecl, captures: Captures, function: FunctionValue) {
    self.decl = decl
    self.captures = captures
    self.function = function
  }

  /// The block's name.
  public var name: String { decl.name ?? "model" }

  /// The parameters: the input with its shape, then the block's own.
  public var signature: Signature { decl.signature }
}

/// A library that extends an interpreter beyond the core language: built-ins, and what
/// `model` blocks become. Passed to `Interpreter.init(libraries:)`.
public protocol InterpreterLibrary {
  /// Adds the library's built-ins to `interpreter.registry` and its hooks.
  static func install(in interpreter: Interpreter)
}

/// Turns `model` blocks into values. A library installs one on the interpreter
/// (`Interpreter.blockLowering`); without one a `model` statement is an error.
public protocol BlockLowering: AnyObject {
  /// The value a `model` statement binds: `definition` built with its defaults.
  func lower(_ definition: BlockDefinition, in interpreter: Interpreter) throws -> Value
}

/// What a block's body left behind: the value it returned and its locals in the order
/// they were first bound (the input parameter first).
public struct BlockOutcome {
  /// The returned value (`none` when the body ends without `return`).
  public let returned: Value
  /// Each local name with its value when the body finished.
  public let locals: [(name: String, value: Value)]
}

extension Interpreter {
  /// The value of a `model` statement, made by the installed lowering.
  func makeModel(_ decl: FunctionDecl) throws -> Value {
    guard let lowering = blockLowering else {
      throw fail(
        "model blocks need the domain library, which this interpreter does not have",
        decl.range)
    }
    guard case .function(let function) = makeClosure(decl),
      case .closure(_, let captures) = function.kind
    else {
      // makeClosure always returns a closure; kept as an error rather than a trap.
      throw fail("model \(decl.name ?? "") could not be created", decl.range)
    }
    let definition = BlockDefinition(decl: decl, captures: captures, function: function)
    return try lowering.lower(definition, in: self)
  }

  /// Runs `definition`'s body in a frame of its own. The first parameter is the input:
  /// its argument (or default) is evaluated and handed to `bindInput` with the range to
  /// blame, and what that returns is bound to the input's name. The other parameters
  /// take `arguments[i]`, or their default when that is nil or missing. `site` is the
  /// call that asked for the build (nil for the `model` statement itself); it is checked
  /// for Ctrl-C and the recursion limit, and shown on the call stack of errors.
  public func runBlock(
    _ definition: BlockDefinition, arguments: [Value?], at site: SourceRange?,
    bindInput: (_ argument: Value?, _ range: SourceRange) throws -> Value
  ) throws -> BlockOutcome {
    let decl = definition.decl
    guard let input = decl.parameters.first else {
      throw fail(
        "model \(definition.name) needs an input with its per-sample shape, as in "
          + "model \(definition.name)(x: [1, 8, 8]) { ... }", decl.range)
    }
    if let site {
      try checkInterrupt(site)
      if stack.count >= limits.maxCallDepth {
        throw fail("recursion is too deep: more than \(limits.maxCallDepth) nested calls", site)
      }
    }
    let newFrame = Frame(function: definition.function, decl: decl, captures: definition.captures)
    let entry = site.map {
      StackEntry(
        function: "model \(definition.name)", callSite: $0, file: currentFile ?? decl.file)
    }
    return try withFrame(newFrame, file: decl.file, entry: entry) {
      do {
        func argument(_ i: Int) throws -> Value? {
          if i < arguments.count, let v = arguments[i] { return v }
          return try decl.parameters[i].defaultValue.map { try eval($0) }
        }
        let inputRange = input.defaultValue?.range ?? input.name.range
        newFrame.set(input.name.name, try bindInput(try argument(0), inputRange))
        for i in decl.parameters.indices.dropFirst() {
          newFrame.set(decl.parameters[i].name.name, try argument(i) ?? .none)
        }
        let returned = try evalBody(decl.body)
        let locals = zip(newFrame.names, newFrame.values).map { (name: $0, value: $1) }
        return BlockOutcome(returned: returned, locals: locals)
      } catch let signal as ControlSignal {
        throw fail(signal.completion.misplacedMessage, decl.range)
      } catch var error as RuntimeError {
        if error.stack == nil, site != nil { error.stack = stack.reversed() }
        throw error
      }
    }
  }
}
