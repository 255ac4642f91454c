/// Which names a piece of code assigns and which it uses from outside: the basis of
/// scoping for both the checker and the interpreter's closures.
enum ScopeAnalysis {
  /// Names a list of statements assigns (not looking into nested functions), how often
  /// each is assigned, and the `fn` definitions among them. Blocks of `if`, `for` and
  /// `while` belong to the same scope.
  static func assignedNames(_ statements: [Stmt])
    -> (names: Set<String>, assignmentCounts: [String: Int], functions: [FunctionDecl])
  {
    var names: Set<String> = []
    var counts: [String: Int] = [:]
    var functions: [FunctionDecl] = []
    func add(_ name: String) {
      names.insert(name)
      counts[name, default: 0] += 1
    }
    func walk(_ statements: [Stmt]) {
      for s in statements {
        switch s.kind {
        case .assign(let target, let value):
          add(target.root.name)
          walkExpression(value)
        case .compoundAssign(let target, _, let value):
          add(target.root.name)
          walkExpression(value)
        case .destructure(let ids, let value):
          for id in ids { add(id.name) }
          walkExpression(value)
        case .function(let decl):
          if let n = decl.name {
            add(n)
            functions.append(decl)
          }
        case .forIn(let ids, let sequence, let body):
          for id in ids { add(id.name) }
          walkExpression(sequence)
          walk(body.statements)
        case .whileLoop(let condition, let body):
          walkExpression(condition)
          walk(body.statements)
        case .expression(let e):
          walkExpression(e)
        case .returnValue(let e):
          if let e { walkExpression(e) }
        case .breakLoop, .continueLoop:
          break
        }
      }
    }
    // `if` expressions hold blocks whose assignments belong to the same scope.
    func walkExpression(_ e: Expr) {
      switch e.kind {
      case .ifElse(let c, let t, let f):
        walkExpression(c)
        walk(t.statements)
        if let f { walk(f.statements) }
      case .binary(_, let l, let r, _):
        walkExpression(l)
        walkExpression(r)
      case .unary(_, let x), .member(let x, _):
        walkExpression(x)
      case .call(let callee, let args):
        walkExpression(callee)
        for a in args { walkExpression(a.value) }
      case .list(let xs):
        for x in xs { walkExpression(x) }
      case .record(let fields):
        for f in fields { walkExpression(f.value) }
      case .index(let base, _):
        walkExpression(base)
      case .int, .float, .string, .bool, .none, .name, .function:
        break
      }
    }
    walk(statements)
    return (names, counts, functions)
  }

  /// The names a function uses that it does not bind itself (parameters, assigned
  /// names, its own name), in order of first use. These are what a closure captures.
  static func freeNames(of decl: FunctionDecl) -> [String] {
    var bound = Set(decl.parameters.map(\.name.name))
    if case .block(let block) = decl.body {
      bound.formUnion(assignedNames(block.statements).names)
    }
    if decl.isNamedDefinition, let name = decl.name { bound.insert(name) }
    var seen: Set<String> = []
    var free: [String] = []
    func use(_ name: String) {
      if !bound.contains(name), seen.insert(name).inserted { free.append(name) }
    }
    func walkStatements(_ statements: [Stmt]) { for s in statements { walkStatement(s) } }
    func walkTarget(_ target: AssignTarget, reads: Bool) {
      switch target {
      case .name(let id): if reads { use(id.name) }
      case .index(let base, let items, _):
        walkTarget(base, reads: true)
        for item in items { walkItem(item) }
      case .member(let base, _): walkTarget(base, reads: true)
      }
    }
    func walkItem(_ item: IndexItem) {
      switch item {
      case .all: break
      case .value(let e): walk(e)
      case .slice(let a, let b, let c, _): for part in [a, b, c] { if let part { walk(part) } }
      }
    }
    func walkStatement(_ s: Stmt) {
      switch s.kind {
      case .expression(let e): walk(e)
      case .assign(let target, let value):
        walk(value)
        walkTarget(target, reads: false)
      case .compoundAssign(let target, _, let value):
        walk(value)
        walkTarget(target, reads: true)
      case .destructure(_, let value): walk(value)
      case .function(let inner): for n in inner.freeNames { use(n) }
      case .forIn(_, let sequence, let body):
        walk(sequence)
        walkStatements(body.statements)
      case .whileLoop(let condition, let body):
        walk(condition)
        walkStatements(body.statements)
      case .returnValue(let e): if let e { walk(e) }
      case .breakLoop, .continueLoop: break
      }
    }
    func walk(_ e: Expr) {
      switch e.kind {
      case .int, .float, .string, .bool, .none: break
      case .name(let n): use(n)
      case .list(let xs): for x in xs { walk(x) }
      case .record(let fields): for f in fields { walk(f.value) }
      case .unary(_, let x), .member(let x, _): walk(x)
      case .binary(_, let l, let r, _):
        walk(l)
        walk(r)
      case .call(let callee, let args):
        walk(callee)
        for a in args { walk(a.value) }
      case .index(let base, let items):
        walk(base)
        for item in items { walkItem(item) }
      case .function(let inner): for n in inner.freeNames { use(n) }
      case .ifElse(let c, let t, let f):
        walk(c)
        walkStatements(t.statements)
        if let f { walkStatements(f.statements) }
      }
    }
    for p in decl.parameters { if let d = p.defaultValue { walk(d) } }
    switch decl.body {
    case .expression(let e): walk(e)
    case .block(let b): walkStatements(b.statements)
    }
    return free
  }
}
