/// What the checker knows besides the program: names already bound and the signatures
/// of built-in functions.
public struct CheckContext {
  /// Names bound before the program runs: built-ins and the session's globals.
  public var knownNames: Set<String>
  /// Signatures of callables whose arity can be checked (built-ins not shadowed by a
  /// global).
  public var signatures: [String: Signature]
  /// Whether a function body may use a global that nothing defines yet (at the REPL a
  /// later input may define it). In files this is false and such names are errors.
  public var allowsUndefinedGlobalsInFunctions: Bool

  /// A context.
  public init(
    knownNames: Set<String>, signatures: [String: Signature],
    allowsUndefinedGlobalsInFunctions: Bool = false
  ) {
    self.knownNames = knownNames
    self.signatures = signatures
    self.allowsUndefinedGlobalsInFunctions = allowsUndefinedGlobalsInFunctions
  }
}

/// The static check run before a program: every name must be defined (top-level code
/// in order, function bodies against all globals), calls of built-ins and of top-level
/// `fn` definitions must fit their signatures, and `break`, `continue` and `return`
/// must be inside a loop or function.
///
/// Scoping follows the interpreter: a function's locals are its parameters and every
/// name it assigns; blocks open no scope.
public final class Checker {
  private let context: CheckContext
  private var diagnostics: [Diagnostic] = []
  private var file: SourceFile?
  /// Names defined so far by top-level code, in order.
  private var topLevel: Set<String> = []
  /// Every name any top-level statement of the checked programs assigns.
  private var allGlobals: Set<String> = []
  /// User functions defined exactly once at top level and never reassigned.
  private var userFunctions: [String: Signature] = [:]
  /// Local names of each enclosing function, innermost last.
  private var functionScopes: [Set<String>] = []
  private var loopDepth = 0

  /// A checker with what is already known.
  public init(context: CheckContext) { self.context = context }

  /// Checks programs that run one after the other (the cells of a notebook); returns
  /// the problems in source order.
  public func check(_ programs: [Program]) -> [Diagnostic] {
    diagnostics = []
    topLevel = []
    allGlobals = []
    var definitions: [String: Int] = [:]
    var singleFunctions: [String: FunctionDecl] = [:]
    for program in programs {
      let assigned = ScopeAnalysis.assignedNames(program.statements)
      allGlobals.formUnion(assigned.names)
      for (name, count) in assigned.assignmentCounts { definitions[name, default: 0] += count }
      for decl in assigned.functions { singleFunctions[decl.name ?? ""] = decl }
    }
    userFunctions = [:]
    for (name, decl) in singleFunctions where definitions[name] == 1 {
      userFunctions[name] = decl.signature
    }
    for program in programs {
      file = program.file
      for statement in program.statements { checkStatement(statement) }
    }
    return diagnostics.sorted { $0.range.start < $1.range.start }
  }

  // MARK: - Statements

  private func checkStatements(_ statements: [Stmt]) {
    for s in statements { checkStatement(s) }
  }

  private func checkStatement(_ statement: Stmt) {
    switch statement.kind {
    case .expression(let e):
      checkExpression(e)
    case .assign(let target, let value):
      checkExpression(value)
      checkTarget(target, reads: false)
    case .compoundAssign(let target, _, let value):
      checkExpression(value)
      checkTarget(target, reads: true)
    case .destructure(let names, let value):
      checkExpression(value)
      for id in names { define(id.name) }
    case .function(let decl):
      if let name = decl.name { define(name) }
      checkFunction(decl)
    case .forIn(let names, let sequence, let body):
      checkExpression(sequence)
      for id in names { define(id.name) }
      // Names assigned anywhere in the body are defined on the next iteration.
      if functionScopes.isEmpty {
        topLevel.formUnion(ScopeAnalysis.assignedNames(body.statements).names)
      }
      loopDepth += 1
      checkStatements(body.statements)
      loopDepth -= 1
    case .whileLoop(let condition, let body):
      if functionScopes.isEmpty {
        topLevel.formUnion(ScopeAnalysis.assignedNames(body.statements).names)
      }
      checkExpression(condition)
      loopDepth += 1
      checkStatements(body.statements)
      loopDepth -= 1
    case .breakLoop:
      if loopDepth == 0 { error("'break' outside a loop", statement.range) }
    case .continueLoop:
      if loopDepth == 0 { error("'continue' outside a loop", statement.range) }
    case .returnValue(let value):
      if functionScopes.isEmpty { error("'return' outside a function", statement.range) }
      if let value { checkExpression(value) }
    }
  }

  private func checkTarget(_ target: AssignTarget, reads: Bool) {
    switch target {
    case .name(let id):
      if reads { checkName(id.name, id.range) }
      define(id.name)
    case .index(let base, let items, _):
      checkTarget(base, reads: true)
      for item in items { checkIndexItem(item) }
    case .member(let base, _):
      checkTarget(base, reads: true)
    }
  }

  private func define(_ name: String) {
    if functionScopes.isEmpty { topLevel.insert(name) }
  }

  private func checkFunction(_ decl: FunctionDecl) {
    var locals = Set(decl.parameters.map(\.name.name))
    if case .block(let block) = decl.body {
      locals.formUnion(ScopeAnalysis.assignedNames(block.statements).names)
    }
    if decl.isNamedDefinition, let name = decl.name { locals.insert(name) }
    // Defaults are evaluated in the new frame, after the parameters before them.
    functionScopes.append(locals)
    let savedLoops = loopDepth
    loopDepth = 0
    for p in decl.parameters { if let d = p.defaultValue { checkExpression(d) } }
    switch decl.body {
    case .expression(let e): checkExpression(e)
    case .block(let b): checkStatements(b.statements)
    }
    loopDepth = savedLoops
    functionScopes.removeLast()
  }

  // MARK: - Expressions

  private func checkExpression(_ expr: Expr) {
    switch expr.kind {
    case .int, .float, .string, .bool, .none:
      break
    case .name(let name):
      checkName(name, expr.range)
    case .list(let elements):
      for e in elements { checkExpression(e) }
    case .record(let fields):
      for f in fields { checkExpression(f.value) }
    case .unary(_, let operand):
      checkExpression(operand)
    case .binary(_, let left, let right, _):
      checkExpression(left)
      checkExpression(right)
    case .call(let callee, let arguments):
      checkExpression(callee)
      for a in arguments { checkExpression(a.value) }
      checkArity(callee, arguments, expr.range)
    case .member(let base, _):
      checkExpression(base)
    case .index(let base, let items):
      checkExpression(base)
      for item in items { checkIndexItem(item) }
    case .function(let decl):
      checkFunction(decl)
    case .ifElse(let condition, let thenBlock, let elseBlock):
      checkExpression(condition)
      checkStatements(thenBlock.statements)
      if let elseBlock { checkStatements(elseBlock.statements) }
    }
  }

  private func checkIndexItem(_ item: IndexItem) {
    switch item {
    case .all: break
    case .value(let e): checkExpression(e)
    case .slice(let start, let end, let step, _):
      for part in [start, end, step] { if let part { checkExpression(part) } }
    }
  }

  /// Whether `name` is a local of an enclosing function.
  private func isLocal(_ name: String) -> Bool {
    functionScopes.contains { $0.contains(name) }
  }

  private func checkName(_ name: String, _ range: SourceRange) {
    if isLocal(name) || context.knownNames.contains(name) { return }
    if functionScopes.isEmpty {
      if topLevel.contains(name) { return }
      if allGlobals.contains(name) {
        error("'\(name)' is used before it is assigned", range)
        return
      }
    } else if allGlobals.contains(name) || context.allowsUndefinedGlobalsInFunctions {
      return
    }
    var message = "unknown name '\(name)'"
    var candidates = context.knownNames.union(functionScopes.isEmpty ? topLevel : allGlobals)
    for scope in functionScopes { candidates.formUnion(scope) }
    if let guess = closestName(to: name, in: candidates.sorted()) {
      message += "; did you mean '\(guess)'?"
    }
    error(message, range)
  }

  private func checkArity(_ callee: Expr, _ arguments: [CallArgument], _ range: SourceRange) {
    guard case .name(let name) = callee.kind, !isLocal(name) else { return }
    let signature: Signature
    if let s = userFunctions[name] {
      signature = s
    } else if let s = context.signatures[name], !allGlobals.contains(name) {
      signature = s
    } else {
      return
    }
    do {
      _ = try signature.bind(arguments.map(\.shape))
    } catch let e as Signature.BindingError {
      error(e.message, e.range ?? callee.range)
    } catch {
      self.error("\(error)", callee.range)
    }
  }

  private func error(_ message: String, _ range: SourceRange) {
    diagnostics.append(Diagnostic(.check, message, file: file, range: range))
  }
}

extension CallArgument {
  /// The argument's label and position, for binding against a signature.
  var shape: Signature.ArgumentShape {
    Signature.ArgumentShape(
      label: label?.name, labelRange: label?.range, valueRange: value.range, isPiped: isPiped)
  }
}
