/// Visiting every call of a program before it runs, for checks that need to know how a
/// built-in is called (which names a script passes to `param`, so `llal run --set` can
/// refuse a misspelt name before the run instead of after it).
extension Program {
  /// Calls `visit` with the callee and arguments of every call in the program, in source
  /// order, including calls inside function bodies, blocks, default values and indices.
  public func forEachCall(_ visit: (_ callee: Expr, _ arguments: [CallArgument]) -> Void) {
    withoutActuallyEscaping(visit) { CallWalker(visit: $0).statements(statements) }
  }
}

/// The recursive walk behind `Program.forEachCall`.
private struct CallWalker {
  let visit: (Expr, [CallArgument]) -> Void

  func statements(_ list: [Stmt]) {
    for s in list {
      switch s.kind {
      case .expression(let e): expression(e)
      case .assign(let target, let value):
        self.target(target)
        expression(value)
      case .destructure(_, let value): expression(value)
      case .compoundAssign(let target, _, let value):
        self.target(target)
        expression(value)
      case .function(let decl): function(decl)
      case .forIn(_, let sequence, let body):
        expression(sequence)
        statements(body.statements)
      case .whileLoop(let condition, let body):
        expression(condition)
        statements(body.statements)
      case .returnValue(let value): if let value { expression(value) }
      case .breakLoop, .continueLoop: break
      }
    }
  }

  func expression(_ e: Expr) {
    switch e.kind {
    case .int, .float, .string, .bool, .none, .name: break
    case .list(let items): for x in items { expression(x) }
    case .record(let fields): for f in fields { expression(f.value) }
    case .unary(_, let x), .member(let x, _): expression(x)
    case .binary(_, let l, let r, _):
      expression(l)
      expression(r)
    case .call(let callee, let arguments):
      visit(callee, arguments)
      expression(callee)
      for a in arguments { expression(a.value) }
    case .index(let base, let items):
      expression(base)
      self.items(items)
    case .function(let decl): function(decl)
    case .ifElse(let condition, let then, let otherwise):
      expression(condition)
      statements(then.statements)
      if let otherwise { statements(otherwise.statements) }
    }
  }

  func function(_ decl: FunctionDecl) {
    for p in decl.parameters { if let d = p.defaultValue { expression(d) } }
    switch decl.body {
    case .expression(let e): expression(e)
    case .block(let b): statements(b.statements)
    }
  }

  func target(_ t: AssignTarget) {
    switch t {
    case .name: break
    case .index(let base, let items, _):
      target(base)
      self.items(items)
    case .member(let base, _): target(base)
    }
  }

  func items(_ list: [IndexItem]) {
    for item in list {
      switch item {
      case .all: break
      case .value(let e): expression(e)
      case .slice(let start, let end, let step, _):
        for part in [start, end, step] { if let part { expression(part) } }
      }
    }
  }
}
