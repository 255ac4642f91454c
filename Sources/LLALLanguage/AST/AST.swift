// The syntax tree, declared in one place. Every node carries the source range it was
// parsed from; diagnostics point there.

/// A parsed program: the statements of one source text (a file, a notebook cell or one
/// REPL input).
public struct Program {
  /// The source the ranges point into.
  public let file: SourceFile
  /// The statements in order.
  public let statements: [Stmt]
  /// The span parsed (a cell's span for a notebook cell).
  public let range: SourceRange

  /// Whether the last statement is a bare expression, whose value a REPL or notebook
  /// cell displays.
  public var endsWithExpression: Bool {
    if case .expression = statements.last?.kind { return true }
    return false
  }
}

/// A statement.
public struct Stmt {
  /// What it is.
  public let kind: StmtKind
  /// Where it is.
  public let range: SourceRange
}

/// The kinds of statement.
public indirect enum StmtKind {
  /// A bare expression; its value is shown when it ends a cell or REPL input.
  case expression(Expr)
  /// `target = value`.
  case assign(AssignTarget, Expr)
  /// `a, b = value`: the value must be a list (or other sequence) of that length.
  case destructure([Identifier], Expr)
  /// `target += value` and the other compound assignments.
  case compoundAssign(AssignTarget, BinaryOperator, Expr)
  /// `fn name(params) = expr` or `fn name(params) { ... }`.
  case function(FunctionDecl)
  /// `for x in seq { }` or `for i, x in seq { }`.
  case forIn([Identifier], Expr, Block)
  /// `while condition { }`.
  case whileLoop(Expr, Block)
  /// `break`.
  case breakLoop
  /// `continue`.
  case continueLoop
  /// `return` or `return value`.
  case returnValue(Expr?)
}

/// A name as written, with its range.
public struct Identifier {
  /// The name.
  public let name: String
  /// Where it is written.
  public let range: SourceRange
}

/// What an assignment writes to.
public indirect enum AssignTarget {
  /// A variable.
  case name(Identifier)
  /// An element of a list: `xs[i] = v` (lists are values: this rebinds `xs`).
  case index(AssignTarget, [IndexItem], SourceRange)
  /// A field of a record: `config.lr = 0.01` (records are values: this rebinds `config`).
  case member(AssignTarget, Identifier)

  /// The variable at the root of the target.
  public var root: Identifier {
    switch self {
    case .name(let id): return id
    case .index(let base, _, _): return base.root
    case .member(let base, _): return base.root
    }
  }
}

/// An expression.
public struct Expr {
  /// What it is.
  public let kind: ExprKind
  /// Where it is.
  public let range: SourceRange
}

/// The kinds of expression.
public indirect enum ExprKind {
  /// An integer literal.
  case int(Int)
  /// A floating-point literal.
  case float(Double)
  /// A string literal, escapes resolved.
  case string(String)
  /// `true` or `false`.
  case bool(Bool)
  /// `none`.
  case none
  /// A variable or built-in name.
  case name(String)
  /// `[a, b, c]`.
  case list([Expr])
  /// `{lr: 0.1, epochs: 30}`.
  case record([RecordField])
  /// `-x`, `+x`, `not x`.
  case unary(UnaryOperator, Expr)
  /// `a + b` and every other binary operator; the range of the operator token is kept
  /// because errors point at it.
  case binary(BinaryOperator, Expr, Expr, operatorRange: SourceRange)
  /// `f(a, b: 1)`; a pipeline `x |> f(a)` parses to `f(x, a)` with `x` marked piped.
  case call(Expr, [CallArgument])
  /// `value.name`.
  case member(Expr, Identifier)
  /// `value[i]`, `t[:, 1]`, `t[2..<5]`, `xs[1:3]`.
  case index(Expr, [IndexItem])
  /// `fn (params) => expr` or `fn (params) { ... }`.
  case function(FunctionDecl)
  /// `if c { } else { }`; `else if` nests another `if` in the else block.
  case ifElse(Expr, Block, Block?)
}

/// A `name: value` entry of a record literal.
public struct RecordField {
  /// The field name.
  public let name: Identifier
  /// Its value.
  public let value: Expr
}

/// One argument of a call: positional (no label) or labelled.
public struct CallArgument {
  /// The label, for a labelled argument.
  public let label: Identifier?
  /// The value.
  public let value: Expr
  /// Whether this is the left side of `|>`, inserted as the first argument.
  public let isPiped: Bool
}

/// One position inside `[...]` of an indexing expression.
public enum IndexItem {
  /// `:` alone: every element along this axis.
  case all(SourceRange)
  /// An index (an int) or a range value (`2..<5`).
  case value(Expr)
  /// `start:end` or `start:end:step`, each part optional.
  case slice(start: Expr?, end: Expr?, step: Expr?, SourceRange)

  /// Where the item is written.
  public var range: SourceRange {
    switch self {
    case .all(let r): return r
    case .value(let e): return e.range
    case .slice(_, _, _, let r): return r
    }
  }
}

/// A `{ ... }` block of statements. Blocks do not open a scope: names assigned in them
/// belong to the enclosing function (or to the globals), as in Python.
public struct Block {
  /// The statements.
  public let statements: [Stmt]
  /// From `{` to `}`.
  public let range: SourceRange
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
  /// `-x`
  case negate = "-"
  /// `+x`
  case plus = "+"
  /// `not x`
  case not = "not"
}

/// Binary operators, spelled as written. `|>` is not here: it parses to a call.
public enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
  case power = "**"
  case matmul = "@"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case and = "and"
  case or = "or"
  case halfOpenRange = "..<"
  case closedRange = "..."
}

/// A function's parameter: a name and an optional default, evaluated at each call.
public struct ParameterDecl {
  /// The name.
  public let name: Identifier
  /// The default value's expression, if any.
  public let defaultValue: Expr?
}

/// A function body: an expression (`= expr`, `=> expr`) or a block with `return`.
public enum FunctionBody {
  /// The function returns the expression's value.
  case expression(Expr)
  /// The function returns what `return` gives, or `none`.
  case block(Block)
}

/// A function definition, named (`fn name(...)`) or anonymous (`fn (...) => ...`).
/// A class so that function values share it instead of copying the body.
public final class FunctionDecl {
  /// The name: the declared one, or for `f = fn (x) => ...` the assigned one (used in
  /// messages and the call stack); nil for an anonymous function passed directly.
  public internal(set) var name: String?
  /// Whether the name was declared with `fn name(...)` (the function can then call
  /// itself by that name even inside another function).
  public let isNamedDefinition: Bool
  /// Whether this is a `model Name(x: [C, H, W], ...) { ... }` block: its body builds a
  /// model graph when the statement runs (see `Domain/Models`).
  public let isModel: Bool
  /// The parameters in order.
  public let parameters: [ParameterDecl]
  /// The body.
  public let body: FunctionBody
  /// From `fn` to the end of the body.
  public let range: SourceRange
  /// The source the ranges point into (a function may outlive the cell that made it).
  public let file: SourceFile
  /// The signature used to bind arguments, derived from the parameters (after the
  /// parser has inferred the name).
  public private(set) lazy var signature = Signature(
    name: name,
    parameters: parameters.map {
      Signature.Parameter(
        $0.name.name, .any, defaultText: $0.defaultValue.map { file.text(in: $0.range) })
    })

  /// The names the function uses but does not bind: what a closure over it captures.
  public private(set) lazy var freeNames: [String] = ScopeAnalysis.freeNames(of: self)

  init(
    name: String?, isNamedDefinition: Bool, parameters: [ParameterDecl], body: FunctionBody,
    range: SourceRange, file: SourceFile, isModel: Bool = false
  ) {
    self.name = name
    self.isNamedDefinition = isNamedDefinition
    self.isModel = isModel
    self.parameters = parameters
    self.body = body
    self.range = range
    self.file = file
  }

  /// The name shown in messages: `'loss'`, or `the anonymous function`.
  public var displayName: String { name.map { "'\($0)'" } ?? "the anonymous function" }
}
