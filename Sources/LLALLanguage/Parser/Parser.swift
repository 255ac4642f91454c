/// A hand-written recursive-descent parser with precedence climbing for binary
/// operators (see `Precedence`).
///
/// Statements end at a line break, at `;`, or at the `}` of their block. Inside `( )`,
/// `[ ]` and record literals line breaks are ignored; a line may also continue after a
/// binary operator, and the next line may start with `|>`, `.member` or `else`.
///
/// On a syntax error the parser records a diagnostic, skips to the next statement and
/// goes on, so one run reports several errors. When the first problem is that the input
/// ended too early, the result is `.incomplete`: the REPL asks for another line.
public final class Parser {
  /// Parses `file` (or only `range` of it, for a notebook cell; positions stay those of
  /// the whole file).
  public static func parse(_ file: SourceFile, range: Range<Int>? = nil) -> ParseResult {
    var lexer = Lexer(file: file, range: range)
    let tokens = lexer.tokenize()
    let parser = Parser(file: file, tokens: tokens)
    let statements = parser.parseStatements(inBlock: false)
    let start = tokens.first?.range.start ?? 0
    let end = tokens.last?.range.end ?? start
    var diagnostics = lexer.diagnostics + parser.diagnostics
    if diagnostics.isEmpty {
      return .program(Program(file: file, statements: statements, range: SourceRange(start, end)))
    }
    diagnostics.sort { $0.range.start < $1.range.start }
    return diagnostics[0].isAtEndOfInput ? .incomplete(diagnostics) : .failure(diagnostics)
  }

  /// The deepest nesting of brackets, blocks and prefix operators accepted: deeper input
  /// is an error rather than a stack overflow.
  static let maxDepth = 256
  /// The deepest syntax tree accepted, counting each operator of a chain such as
  /// `a + b + c` or `x.f().g()` as a level, since the checker and interpreter recurse
  /// through them.
  static let maxTreeDepth = 1000
  /// After this many errors the parser stops.
  static let maxErrors = 20

  let file: SourceFile
  let tokens: [Token]
  var position = 0
  var diagnostics: [Diagnostic] = []
  /// Whether a line break ends the expression being parsed (false inside brackets).
  var newlineEndsExpression = true
  /// How many `{ }` blocks enclose the current position.
  var blockDepth = 0
  /// Current nesting of expressions and blocks, limited by `maxDepth`.
  var depth = 0
  /// Current depth of the tree being built (nesting plus chained operators), limited
  /// by `maxTreeDepth`.
  var treeDepth = 0

  init(file: SourceFile, tokens: [Token]) {
    self.file = file
    self.tokens = tokens
  }

  /// A syntax error that unwinds to the statement level. `diagnostic` is nil when the
  /// lexer has already reported the problem (an invalid token).
  struct SyntaxError: Error {
    let diagnostic: Diagnostic?
  }

  // MARK: - Tokens

  var current: Token { tokens[position] }

  var previous: Token { tokens[max(0, position - 1)] }

  func peekKind(_ offset: Int = 1) -> TokenKind {
    tokens[min(position + offset, tokens.count - 1)].kind
  }

  func at(_ kind: TokenKind) -> Bool { tokens[position].kind == kind }

  @discardableResult
  func advance() -> Token {
    let t = tokens[position]
    if t.kind != .endOfInput { position += 1 }
    return t
  }

  func match(_ kind: TokenKind) -> Bool {
    if tokens[position].kind == kind {
      position += 1
      return true
    }
    return false
  }

  /// Consumes a token of `kind` or fails with "expected \(what), found ...".
  @discardableResult
  func expect(_ kind: TokenKind, _ what: String) throws -> Token {
    if at(kind) { return advance() }
    throw failure(expected: what)
  }

  /// Consumes the closing bracket for `opener`, or fails naming where it was opened.
  @discardableResult
  func expectClosing(_ kind: TokenKind, for opener: Token) throws -> Token {
    if at(kind) { return advance() }
    let loc = file.location(of: opener.range.start)
    let open = opener.kind.spelling ?? "?"
    let close = kind.spelling ?? "?"
    throw failure(expected: "'\(close)' to close '\(open)' at \(loc)")
  }

  /// A syntax error at the current token: "expected X, found Y". A token on a new line
  /// is reported as "end of line" at the end of the previous line; an invalid token was
  /// already reported by the lexer.
  func failure(expected what: String) -> SyntaxError {
    let token = current
    if token.kind == .invalid { return SyntaxError(diagnostic: nil) }
    if token.kind == .endOfInput {
      // Point just after the last token rather than at a trailing empty line.
      let at = position > 0 ? previous.range.end : token.range.start
      return SyntaxError(
        diagnostic: Diagnostic(
          .parse, "expected \(what), found end of input", file: file, range: .at(at),
          isAtEndOfInput: true))
    }
    if token.atLineStart, position > 0 {
      return SyntaxError(
        diagnostic: Diagnostic(
          .parse, "expected \(what), found end of line", file: file,
          range: .at(previous.range.end)))
    }
    return SyntaxError(
      diagnostic: Diagnostic(
        .parse, "expected \(what), found \(describe(token))", file: file, range: token.range))
  }

  /// A syntax error with its own message at `range`.
  func failure(_ message: String, at range: SourceRange) -> SyntaxError {
    SyntaxError(diagnostic: Diagnostic(.parse, message, file: file, range: range))
  }

  /// How messages name a token: `')'`, `name 'foo'`, `number '12'`, `keyword 'in'`.
  func describe(_ token: Token) -> String {
    switch token.kind {
    case .identifier: return "name '\(file.text(in: token.range))'"
    case .int, .float: return "number '\(file.text(in: token.range))'"
    case .string:
      let text = file.text(in: token.range)
      return "string " + (text.count > 24 ? String(text.prefix(20)) + "...\"" : text)
    case .endOfInput: return "end of input"
    case .invalid: return "'\(file.text(in: token.range))'"
    default:
      let spelling = token.kind.spelling ?? "?"
      return token.kind.isKeyword ? "keyword '\(spelling)'" : "'\(spelling)'"
    }
  }

  func text(_ token: Token) -> String { file.text(in: token.range) }

  /// Runs `body` with line breaks significant (`true`, in blocks) or not (in brackets).
  func withNewlines<T>(_ significant: Bool, _ body: () throws -> T) rethrows -> T {
    let saved = newlineEndsExpression
    newlineEndsExpression = significant
    defer { newlineEndsExpression = saved }
    return try body()
  }

  /// Counts one level of nesting for `body`, failing past `maxDepth`.
  func nested<T>(_ body: () throws -> T) throws -> T {
    depth += 1
    treeDepth += 1
    defer {
      depth -= 1
      treeDepth -= 1
    }
    if depth > Parser.maxDepth {
      throw failure(
        "expression or block is nested too deeply (more than \(Parser.maxDepth) levels)",
        at: current.range)
    }
    try checkTreeDepth()
    return try body()
  }

  /// Fails when the tree being built is deeper than `maxTreeDepth`.
  func checkTreeDepth() throws {
    if treeDepth > Parser.maxTreeDepth {
      throw failure(
        "expression is too deep (more than \(Parser.maxTreeDepth) operators and levels); "
          + "split it with intermediate variables", at: current.range)
    }
  }

  func record(_ error: SyntaxError) {
    if let d = error.diagnostic { diagnostics.append(d) }
  }

  // MARK: - Statements

  /// Statements up to the end of input, or up to the `}` of the enclosing block.
  func parseStatements(inBlock: Bool) -> [Stmt] {
    var statements: [Stmt] = []
    while true {
      while match(.semicolon) {}
      if at(.endOfInput) || (inBlock && at(.rightBrace)) { break }
      if diagnostics.count >= Parser.maxErrors { break }
      let start = position
      do {
        let statement = try withNewlines(true) { try parseStatement() }
        statements.append(statement)
        try expectStatementEnd(inBlock: inBlock)
      } catch let error as SyntaxError {
        record(error)
        synchronize(from: start, inBlock: inBlock)
      } catch {
        // NOTE: the parser only throws SyntaxError; anything else is skipped likewise.
        synchronize(from: start, inBlock: inBlock)
      }
    }
    return statements
  }

  func expectStatementEnd(inBlock: Bool) throws {
    if match(.semicolon) || at(.endOfInput) || current.atLineStart { return }
    if inBlock && at(.rightBrace) { return }
    throw failure(expected: "end of line after the statement")
  }

  /// Skips to the start of the next statement after an error: a line break outside
  /// brackets, a `;`, or the `}` that ends the current block.
  func synchronize(from start: Int, inBlock: Bool) {
    var nesting = 0
    while !at(.endOfInput) {
      let t = current
      if t.atLineStart, nesting <= 0, position > start { return }
      switch t.kind {
      case .semicolon where nesting <= 0:
        advance()
        return
      case .rightBrace where nesting <= 0 && inBlock:
        return
      case .leftParen, .leftBracket, .leftBrace:
        nesting += 1
      case .rightParen, .rightBracket, .rightBrace:
        nesting -= 1
      default:
        break
      }
      advance()
    }
  }

  func parseStatement() throws -> Stmt {
    let start = current.range.start
    switch current.kind {
    case .kwFn where peekKind() == .identifier:
      let decl = try parseFunction(named: true)
      return Stmt(kind: .function(decl), range: decl.range)
    // `model` is a keyword only where a model block starts, so it stays usable as a name.
    case .identifier
    where text(current) == "model" && peekKind() == .identifier && peekKind(2) == .leftParen:
      let decl = try parseFunction(named: true, isModel: true)
      return Stmt(kind: .function(decl), range: decl.range)
    case .kwFor:
      return try parseFor()
    case .kwWhile:
      advance()
      let condition = try parseExpression()
      let body = try parseBlock("to start the body of 'while'")
      return Stmt(kind: .whileLoop(condition, body), range: SourceRange(start, body.range.end))
    case .kwBreak:
      let t = advance()
      return Stmt(kind: .breakLoop, range: t.range)
    case .kwContinue:
      let t = advance()
      return Stmt(kind: .continueLoop, range: t.range)
    case .kwReturn:
      let t = advance()
      if at(.endOfInput) || at(.semicolon) || at(.rightBrace) || current.atLineStart {
        return Stmt(kind: .returnValue(nil), range: t.range)
      }
      let value = try parseExpression()
      return Stmt(kind: .returnValue(value), range: SourceRange(start, value.range.end))
    default:
      return try parseExpressionStatement()
    }
  }

  /// An expression, an assignment `target = value`, a compound assignment, or a
  /// destructuring `a, b = value`.
  func parseExpressionStatement() throws -> Stmt {
    let expr = try parseExpression()
    let start = expr.range.start
    if at(.comma) {
      var names = [try identifier(of: expr, in: "a destructuring assignment")]
      while match(.comma) {
        let e = try parsePostfix()
        names.append(try identifier(of: e, in: "a destructuring assignment"))
      }
      try expect(.assign, "'=' after the names to assign")
      let value = try parseExpression()
      return Stmt(kind: .destructure(names, value), range: SourceRange(start, value.range.end))
    }
    if at(.assign) {
      let target = try assignTarget(expr)
      advance()
      let value = try parseExpression()
      if case .name(let id) = target, case .function(let decl) = value.kind, decl.name == nil {
        decl.name = id.name
      }
      return Stmt(kind: .assign(target, value), range: SourceRange(start, value.range.end))
    }
    if let op = Precedence.compoundAssignment(current.kind) {
      let target = try assignTarget(expr)
      advance()
      let value = try parseExpression()
      return Stmt(
        kind: .compoundAssign(target, op, value), range: SourceRange(start, value.range.end))
    }
    return Stmt(kind: .expression(expr), range: expr.range)
  }

  func identifier(of expr: Expr, in context: String) throws -> Identifier {
    if case .name(let name) = expr.kind { return Identifier(name: name, range: expr.range) }
    throw failure("expected a name in \(context)", at: expr.range)
  }

  /// The place an expression names, for the left side of `=`.
  func assignTarget(_ expr: Expr) throws -> AssignTarget {
    switch expr.kind {
    case .name(let name):
      return .name(Identifier(name: name, range: expr.range))
    case .index(let base, let items):
      return .index(try assignTarget(base), items, expr.range)
    case .member(let base, let name):
      return .member(try assignTarget(base), name)
    default:
      throw failure(
        "cannot assign to this expression; the left side of '=' must be a name, "
          + "an element 'xs[i]' or a field 'r.name'", at: expr.range)
    }
  }

  func parseFor() throws -> Stmt {
    let start = advance().range.start
    var names: [Identifier] = []
    repeat {
      let t = try expect(.identifier, "a loop variable name")
      names.append(Identifier(name: text(t), range: t.range))
    } while match(.comma)
    try expect(.kwIn, "'in' after the loop variable")
    let sequence = try parseExpression()
    let body = try parseBlock("to start the body of 'for'")
    return Stmt(kind: .forIn(names, sequence, body), range: SourceRange(start, body.range.end))
  }

  /// `{ statements }`. The `{` may stand at the start of the next line.
  func parseBlock(_ purpose: String) throws -> Block {
    try nested {
      guard at(.leftBrace) else { throw failure(expected: "'{' \(purpose)") }
      let open = advance()
      blockDepth += 1
      defer { blockDepth -= 1 }
      let statements = withNewlines(true) { parseStatements(inBlock: true) }
      let close = try expectClosing(.rightBrace, for: open)
      return Block(statements: statements, range: SourceRange(open.range.start, close.range.end))
    }
  }

  /// `fn name(params) = expr`, `fn name(params) { ... }`, or without the name,
  /// `fn (params) => expr` / `fn (params) { ... }`. `=` and `=>` are both accepted.
  func parseFunction(named: Bool, isModel: Bool = false) throws -> FunctionDecl {
    let start = advance().range.start
    var name: String?
    if named {
      let what = isModel ? "a model name" : "a function name after 'fn'"
      name = text(try expect(.identifier, what))
    } else if at(.identifier) {
      throw failure(
        "a named function is a statement; as a value write 'fn (...) => ...'",
        at: current.range)
    }
    let open = try expect(.leftParen, "'(' to start the parameters")
    let parameters = try withNewlines(false) { try parseParameters(open: open) }
    let body: FunctionBody
    let end: Int
    if at(.leftBrace) {
      let block = try parseBlock("")
      body = .block(block)
      end = block.range.end
    } else if match(.assign) || match(.arrow) {
      let e = try parseExpression()
      body = .expression(e)
      end = e.range.end
    } else {
      let what =
        named
        ? "'=' or '{' after the parameters of '\(name ?? "")'"
        : "'=>' or '{' after the parameters of the anonymous function"
      throw failure(expected: what)
    }
    return FunctionDecl(
      name: name, isNamedDefinition: named, parameters: parameters, body: body,
      range: SourceRange(start, end), file: file, isModel: isModel)
  }

  func parseParameters(open: Token) throws -> [ParameterDecl] {
    var parameters: [ParameterDecl] = []
    var sawDefault: String?
    while !at(.rightParen) {
      let t = try expect(.identifier, "a parameter name")
      let id = Identifier(name: text(t), range: t.range)
      if parameters.contains(where: { $0.name.name == id.name }) {
        throw failure("duplicate parameter '\(id.name)'", at: t.range)
      }
      var defaultValue: Expr?
      if match(.colon) {
        defaultValue = try parseExpression()
        sawDefault = id.name
      } else if let previous = sawDefault {
        throw failure(
          "parameter '\(id.name)' needs a default value because '\(previous)' before it has one",
          at: t.range)
      }
      parameters.append(ParameterDecl(name: id, defaultValue: defaultValue))
      if !match(.comma) { break }
    }
    try expectClosing(.rightParen, for: open)
    return parameters
  }
}
