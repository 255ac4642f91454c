import LLALTensor

// Executing statements: assignments, loops, function definitions, control flow.

extension Interpreter {
  /// Runs statements in order until one does not complete normally.
  func execStatements(_ statements: [Stmt]) throws -> Completion {
    for statement in statements {
      let completion: Completion
      do {
        completion = try exec(statement)
      } catch let signal as ControlSignal {
        completion = signal.completion
      }
      if !completion.isNormal { return completion }
    }
    return .normal
  }

  func exec(_ statement: Stmt) throws -> Completion {
    switch statement.kind {
    case .expression(let e):
      // An `if` statement passes break/continue/return straight through.
      if case .ifElse(let condition, let thenBlock, let elseBlock) = e.kind {
        if try isTrue(try eval(condition), condition.range) {
          return try execStatements(thenBlock.statements)
        }
        if let elseBlock { return try execStatements(elseBlock.statements) }
        return .normal
      }
      _ = try eval(e)
      return .normal
    case .assign(let target, let value):
      try assign(target, try eval(value))
      return .normal
    case .compoundAssign(let target, let op, let value):
      let rhs = try eval(value)
      let current = try read(target)
      try assign(target, try binary(op, current, rhs, statement.range))
      return .normal
    case .destructure(let names, let value):
      let v = try eval(value)
      let parts = try unpack(v, count: names.count, value.range)
      for (id, part) in zip(names, parts) { setVariable(id.name, part) }
      return .normal
    case .function(let decl):
      if let name = decl.name {
        setVariable(name, decl.isModel ? try makeModel(decl) : makeClosure(decl))
      }
      return .normal
    case .forIn(let names, let sequence, let body):
      return try execFor(names, sequence, body)
    case .whileLoop(let condition, let body):
      while try isTrue(try eval(condition), condition.range) {
        try checkInterrupt(statement.range)
        switch try execStatements(body.statements) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        case .normal, .continueLoop: continue
        }
      }
      return .normal
    case .breakLoop:
      return .breakLoop
    case .continueLoop:
      return .continueLoop
    case .returnValue(let value):
      return .returned(try value.map { try eval($0) } ?? .none)
    }
  }

  private func execFor(_ names: [Identifier], _ sequence: Expr, _ body: Block) throws
    -> Completion
  {
    var iterator = try makeIterator(try eval(sequence), sequence.range)
    while let element = try iterator.next() {
      try checkInterrupt(sequence.range)
      if names.count == 1 {
        setVariable(names[0].name, element)
      } else {
        let parts = try unpack(element, count: names.count, sequence.range)
        for (id, part) in zip(names, parts) { setVariable(id.name, part) }
      }
      switch try execStatements(body.statements) {
      case .breakLoop: return .normal
      case .returned(let v): return .returned(v)
      case .normal, .continueLoop: continue
      }
    }
    return .normal
  }

  /// Throws if an interrupt was requested (and clears the request). Polled at every
  /// loop iteration and every call of a user function; the flag is the engine's
  /// process-wide `Interrupt`, which the REPL's SIGINT handler sets.
  @inline(__always)
  func checkInterrupt(_ range: SourceRange) throws {
    if Interrupt.isRequested {
      Interrupt.clear()
      var error = fail("stopped by Ctrl-C", range)
      error.isInterrupt = true
      throw error
    }
  }

  /// The elements of a list (or range) of exactly `count` values, for `a, b = value`.
  func unpack(_ value: Value, count: Int, _ range: SourceRange) throws -> [Value] {
    let parts: [Value]
    switch value {
    case .list(let xs): parts = xs
    case .range(let r) where r.count <= count: parts = (0..<r.count).map { .int(r.element($0)) }
    case .range(let r):
      throw fail("cannot unpack a range of \(counted(r.count, "value")) into \(count) names", range)
    default:
      throw fail("cannot unpack \(value.typeName) into \(count) names; expected a list", range)
    }
    guard parts.count == count else {
      throw fail(
        "cannot unpack a list of \(counted(parts.count, "value")) into \(count) names", range)
    }
    return parts
  }

  // MARK: - Assignment

  func assign(_ target: AssignTarget, _ value: Value) throws {
    switch target {
    case .name(let id):
      setVariable(id.name, value)
    case .index(let base, let items, let range):
      // Fast path: `xs[i] = v` on a variable changes the list in place.
      if case .name(let id) = base, var container = takeVariable(id.name) {
        do {
          try setIndex(&container, items, value, range)
        } catch {
          setVariable(id.name, container)
          throw error
        }
        setVariable(id.name, container)
        return
      }
      var container = try read(base)
      try setIndex(&container, items, value, range)
      try assign(base, container)
    case .member(let base, let name):
      var container = try read(base)
      guard case .record(var record) = container else {
        throw fail("cannot set field '\(name.name)' of \(container.typeName)", name.range)
      }
      container = .none
      record[name.name] = value
      try assign(base, .record(record))
    }
  }

  /// The current value of an assignment target.
  func read(_ target: AssignTarget) throws -> Value {
    switch target {
    case .name(let id): return try lookup(id.name, id.range)
    case .index(let base, let items, let range): return try index(try read(base), items, range)
    case .member(let base, let name): return try member(try read(base), name)
    }
  }
}
