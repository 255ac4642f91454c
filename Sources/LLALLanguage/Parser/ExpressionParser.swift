// Expressions: precedence climbing over `Precedence`, then prefix operators, postfix
// calls, indexing and member access, and primaries.

extension Parser {
  /// A full expression, pipelines included.
  func parseExpression() throws -> Expr {
    try parseBinary(Precedence.pipe)
  }

  /// Binary operators of at least `minPrecedence`, left-associative except `**`.
  /// Comparisons and ranges do not chain.
  func parseBinary(_ minPrecedence: Int) throws -> Expr {
    try nested {
      var left = try parsePrefix()
      // Each operator of a chain deepens the tree by one.
      let savedTreeDepth = treeDepth
      defer { treeDepth = savedTreeDepth }
      // The last comparison or range operator at this level: those do not chain.
      var lastNonChaining: (op: BinaryOperator, precedence: Int)?
      while true {
        let token = current
        // A line break ends the expression, unless the next line starts with `|>`.
        if newlineEndsExpression, token.atLineStart, token.kind != .pipe { break }
        guard let (precedence, op) = Precedence.binary(token.kind), precedence >= minPrecedence
        else { break }
        advance()
        treeDepth += 1
        try checkTreeDepth()
        guard let op else {
          left = try parsePipeTarget(piped: left)
          continue
        }
        let chains = precedence == Precedence.comparison || precedence == Precedence.range
        if chains, let last = lastNonChaining, last.precedence == precedence {
          throw failure(
            "'\(last.op.rawValue)' and '\(op.rawValue)' cannot be chained; "
              + (precedence == Precedence.comparison
                ? "combine comparisons with 'and'"
                : "add parentheses"),
            at: token.range)
        }
        let right = try parseBinary(op == .power ? precedence : precedence + 1)
        left = Expr(
          kind: .binary(op, left, right, operatorRange: token.range),
          range: left.range.union(right.range))
        if chains { lastNonChaining = (op, precedence) }
      }
      return left
    }
  }

  /// `x |> f(a)` is `f(x, a)`; `x |> f` is `f(x)`; `x |> fn (v) => ...` calls the function.
  func parsePipeTarget(piped: Expr) throws -> Expr {
    let pipedArgument = CallArgument(label: nil, value: piped, isPiped: true)
    if at(.kwFn) {
      let decl = try parseFunction(named: false)
      let callee = Expr(kind: .function(decl), range: decl.range)
      return Expr(kind: .call(callee, [pipedArgument]), range: piped.range.union(decl.range))
    }
    guard at(.identifier) || at(.leftParen) else {
      throw failure(expected: "a function to call after '|>'")
    }
    let target = try parsePostfix()
    let range = piped.range.union(target.range)
    if case .call(let callee, let arguments) = target.kind {
      return Expr(kind: .call(callee, [pipedArgument] + arguments), range: range)
    }
    return Expr(kind: .call(target, [pipedArgument]), range: range)
  }

  /// Prefix `not`, `-`, `+`, then a postfix expression.
  func parsePrefix() throws -> Expr {
    let token = current
    switch token.kind {
    case .kwNot:
      advance()
      let operand = try parseBinary(Precedence.comparison)
      return Expr(kind: .unary(.not, operand), range: token.range.union(operand.range))
    case .minus, .plus:
      advance()
      let operand = try parseBinary(Precedence.power)
      let op: UnaryOperator = token.kind == .minus ? .negate : .plus
      return Expr(kind: .unary(op, operand), range: token.range.union(operand.range))
    default:
      return try parsePostfix()
    }
  }

  /// A primary followed by calls `(...)`, indexing `[...]` and members `.name`. On a new
  /// line only `.name` continues (so `f` then `(1)` on the next line are two statements).
  func parsePostfix() throws -> Expr {
    var expr = try parsePrimary()
    let savedTreeDepth = treeDepth
    defer { treeDepth = savedTreeDepth }
    while true {
      let token = current
      if newlineEndsExpression, token.atLineStart, token.kind != .dot { break }
      if [.leftParen, .leftBracket, .dot].contains(token.kind) {
        treeDepth += 1
        try checkTreeDepth()
      }
      switch token.kind {
      case .leftParen:
        let (arguments, close) = try parseArguments()
        expr = Expr(kind: .call(expr, arguments), range: SourceRange(expr.range.start, close))
      case .leftBracket:
        let (items, close) = try parseIndexItems()
        expr = Expr(kind: .index(expr, items), range: SourceRange(expr.range.start, close))
      case .dot:
        advance()
        let t = try expect(.identifier, "a member name after '.'")
        let name = Identifier(name: text(t), range: t.range)
        expr = Expr(kind: .member(expr, name), range: SourceRange(expr.range.start, t.range.end))
      default:
        return expr
      }
    }
    return expr
  }

  /// `(a, b, label: c)`; returns the arguments and the end of `)`.
  func parseArguments() throws -> ([CallArgument], Int) {
    let open = advance()
    return try withNewlines(false) {
      var arguments: [CallArgument] = []
      while !at(.rightParen) {
        var label: Identifier?
        if at(.identifier), peekKind() == .colon {
          let t = advance()
          label = Identifier(name: text(t), range: t.range)
          advance()
        }
        let value = try parseExpression()
        if label == nil, at(.assign), case .name(let name) = value.kind {
          throw failure(
            "labelled arguments use ':', as in '\(name): ...'", at: current.range)
        }
        arguments.append(CallArgument(label: label, value: value, isPiped: false))
        if !match(.comma) { break }
      }
      let close = try expectClosing(.rightParen, for: open)
      return (arguments, close.range.end)
    }
  }

  /// `[i]`, `[:, 1]`, `[2..<5]`, `[1:3]`, `[::2]`; returns the items and the end of `]`.
  func parseIndexItems() throws -> ([IndexItem], Int) {
    let open = advance()
    return try withNewlines(false) {
      var items: [IndexItem] = []
      repeat {
        if at(.rightBracket), items.isEmpty { throw failure(expected: "an index") }
        items.append(try parseIndexItem())
      } while match(.comma)
      let close = try expectClosing(.rightBracket, for: open)
      return (items, close.range.end)
    }
  }

  func parseIndexItem() throws -> IndexItem {
    let startToken = current
    var start: Expr?
    if !at(.colon) {
      let e = try parseExpression()
      if !at(.colon) { return .value(e) }
      start = e
    }
    advance()  // the first ':'
    func part() throws -> Expr? {
      at(.comma) || at(.rightBracket) || at(.colon) ? nil : try parseExpression()
    }
    let end = try part()
    var step: Expr?
    if match(.colon) { step = try part() }
    let range = SourceRange(startToken.range.start, previous.range.end)
    if start == nil, end == nil, step == nil { return .all(range) }
    return .slice(start: start, end: end, step: step, range)
  }

  func parsePrimary() throws -> Expr {
    let token = current
    switch token.kind {
    case .int:
      advance()
      let digits = text(token).filter { $0 != "_" }
      guard let value = Int(digits) else {
        throw failure("integer literal '\(text(token))' is too large", at: token.range)
      }
      return Expr(kind: .int(value), range: token.range)
    case .float:
      advance()
      let value = Double(text(token).filter { $0 != "_" }) ?? .nan
      return Expr(kind: .float(value), range: token.range)
    case .string:
      advance()
      return Expr(kind: .string(StringLiteral.decode(file.bytes, token.range)), range: token.range)
    case .kwTrue, .kwFalse:
      advance()
      return Expr(kind: .bool(token.kind == .kwTrue), range: token.range)
    case .kwNone:
      advance()
      return Expr(kind: .none, range: token.range)
    case .identifier:
      advance()
      return Expr(kind: .name(text(token)), range: token.range)
    case .leftParen:
      advance()
      return try withNewlines(false) {
        let inner = try parseExpression()
        let close = try expectClosing(.rightParen, for: token)
        return Expr(kind: inner.kind, range: SourceRange(token.range.start, close.range.end))
      }
    case .leftBracket:
      return try parseList()
    case .leftBrace:
      return try parseRecord()
    case .kwFn:
      let decl = try parseFunction(named: false)
      return Expr(kind: .function(decl), range: decl.range)
    case .kwIf:
      return try parseIf()
    default:
      throw failure(expected: "an expression")
    }
  }

  func parseList() throws -> Expr {
    let open = advance()
    return try withNewlines(false) {
      var elements: [Expr] = []
      while !at(.rightBracket) {
        elements.append(try parseExpression())
        if !match(.comma) { break }
      }
      let close = try expectClosing(.rightBracket, for: open)
      return Expr(kind: .list(elements), range: SourceRange(open.range.start, close.range.end))
    }
  }

  /// `{}` or `{name: value, ...}`.
  func parseRecord() throws -> Expr {
    let open = advance()
    return try withNewlines(false) {
      var fields: [RecordField] = []
      while !at(.rightBrace) {
        let t = try expect(.identifier, "a field name")
        let name = Identifier(name: text(t), range: t.range)
        if fields.contains(where: { $0.name.name == name.name }) {
          throw failure("duplicate field '\(name.name)' in record", at: t.range)
        }
        try expect(.colon, "':' after the field name '\(name.name)'")
        fields.append(RecordField(name: name, value: try parseExpression()))
        if !match(.comma) { break }
      }
      let close = try expectClosing(.rightBrace, for: open)
      return Expr(kind: .record(fields), range: SourceRange(open.range.start, close.range.end))
    }
  }

  /// `if c { } else if d { } else { }`. `else` may start the next line.
  func parseIf() throws -> Expr {
    let start = advance().range.start
    let condition = try parseExpression()
    let thenBlock = try parseBlock("after the condition of 'if'")
    var elseBlock: Block?
    if at(.kwElse) {
      advance()
      if at(.kwIf) {
        let nestedIf = try nested { try parseIf() }
        elseBlock = Block(
          statements: [Stmt(kind: .expression(nestedIf), range: nestedIf.range)],
          range: nestedIf.range)
      } else {
        elseBlock = try parseBlock("after 'else'")
      }
    }
    let end = elseBlock?.range.end ?? thenBlock.range.end
    return Expr(kind: .ifElse(condition, thenBlock, elseBlock), range: SourceRange(start, end))
  }
}
