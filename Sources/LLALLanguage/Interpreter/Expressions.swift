import LLALTensor

// Evaluating expressions.

extension Interpreter {
  func eval(_ expr: Expr) throws -> Value {
    switch expr.kind {
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .none: return .none
    case .name(let name): return try lookup(name, expr.range)
    case .list(let elements):
      var values: [Value] = []
      values.reserveCapacity(elements.count)
      for e in elements { values.append(try eval(e)) }
      return .list(values)
    case .record(let fields):
      var values: [(name: String, value: Value)] = []
      values.reserveCapacity(fields.count)
      for f in fields { values.append((f.name.name, try eval(f.value))) }
      return .record(Record(values))
    case .unary(let op, let operand):
      return try unary(op, try eval(operand), expr.range)
    case .binary(.and, let left, let right, let opRange):
      guard try logicalOperand(try eval(left), "and", opRange) else { return .bool(false) }
      return .bool(try logicalOperand(try eval(right), "and", opRange))
    case .binary(.or, let left, let right, let opRange):
      if try logicalOperand(try eval(left), "or", opRange) { return .bool(true) }
      return .bool(try logicalOperand(try eval(right), "or", opRange))
    case .binary(let op, let left, let right, let opRange):
      let a = try eval(left)
      let b = try eval(right)
      return try binary(op, a, b, opRange)
    case .call(let callee, let arguments):
      return try evalCall(callee, arguments, expr.range)
    case .member(let base, let name):
      return try member(try eval(base), name)
    case .index(let base, let items):
      return try index(try eval(base), items, expr.range)
    case .function(let decl):
      return makeClosure(decl)
    case .ifElse(let condition, let thenBlock, let elseBlock):
      if try isTrue(try eval(condition), condition.range) { return try evalBlock(thenBlock) }
      if let elseBlock { return try evalBlock(elseBlock) }
      return .none
    }
  }

  /// The value of a block used as an expression: its last statement's value when that
  /// is a bare expression, else `none`. `break`/`continue`/`return` inside it travel
  /// up as a `ControlSignal`.
  func evalBlock(_ block: Block) throws -> Value {
    let statements = block.statements
    guard let last = statements.last else { return .none }
    for statement in statements.dropLast() {
      let completion = try exec(statement)
      if !completion.isNormal { throw ControlSignal(completion: completion) }
    }
    if case .expression(let e) = last.kind { return try eval(e) }
    let completion = try exec(last)
    if !completion.isNormal { throw ControlSignal(completion: completion) }
    return .none
  }

  /// A function value for `decl`, capturing by value each name it uses that is bound
  /// now (a local, a captured value or a global). Names not bound yet — the function
  /// itself, one defined later — are looked up when it runs; built-ins are not captured.
  func makeClosure(_ decl: FunctionDecl) -> Value {
    let free = decl.freeNames
    var names: [String] = []
    var values: [Value] = []
    for name in free {
      if let v = currentBinding(name) {
        names.append(name)
        values.append(v)
      }
    }
    let captures = names.isEmpty ? Captures.empty : Captures(names: names, values: values)
    return .function(FunctionValue(.closure(decl, captures)))
  }

  /// The value `name` is bound to in the running code, not counting built-ins.
  private func currentBinding(_ name: String) -> Value? {
    if let f = frame {
      if let i = f.localIndex(name) { return f.values[i] }
      if let v = f.captures.lookup(name) { return v }
      if f.decl.isNamedDefinition, f.decl.name == name { return .function(f.function) }
    }
    return globals[name]
  }

  /// Whether a condition holds: a bool, or a one-element tensor (non-zero is true).
  func isTrue(_ value: Value, _ range: SourceRange) throws -> Bool {
    switch value {
    case .bool(let b): return b
    case .tensor(let t) where t.count == 1: return t.storage.base[0] != 0
    case .tensor(let t):
      throw fail(
        "a condition must be a bool, found a tensor of shape \(shapeText(t.shape)); "
          + "reduce it first, e.g. with .all() or .any()", range)
    default:
      throw fail("a condition must be a bool, found \(value.typeName)", range)
    }
  }

  private func logicalOperand(_ value: Value, _ op: String, _ range: SourceRange) throws -> Bool {
    if case .bool(let b) = value { return b }
    if case .tensor(let t) = value, t.count == 1 { return t.storage.base[0] != 0 }
    throw fail("the operands of '\(op)' must be bools, found \(value.typeName)", range)
  }

  // MARK: - Members

  /// `value.name`: a record field, a host object's member, or a property or method of a
  /// built-in type.
  func member(_ base: Value, _ name: Identifier) throws -> Value {
    switch base {
    case .record(let r):
      if let v = r[name.name] { return v }
      throw fail(
        missingMember("record has no field '\(name.name)'", name.name, r.names), name.range)
    case .host(let h):
      let found: Value?
      do {
        found = try h.member(name.name)
      } catch var error as RuntimeError {
        if error.range == nil {
          error.range = name.range
          error.file = currentFile
        }
        throw error
      } catch {
        throw fail("\(error)", name.range)
      }
      if let v = found { return v }
      throw fail(
        missingMember("\(h.typeName) has no member '\(name.name)'", name.name, h.memberNames),
        name.range)
    default:
      let kind = base.kind
      if let p = registry.property(name.name, on: kind) {
        do {
          return try p.get(base)
        } catch let error as RuntimeError {
          throw fail(error.message, name.range)
        } catch {
          throw fail("\(error)", name.range)
        }
      }
      if let m = registry.method(name.name, on: kind) {
        return .function(FunctionValue(.method(m, receiver: base)))
      }
      var message = missingMember(
        "\(base.typeName) has no member '\(name.name)'", name.name, registry.memberNames(of: kind))
      if kind == .list, ["append", "push", "insert", "extend", "pop"].contains(name.name) {
        message += "; lists are values: write 'xs = xs + [v]' to add an element"
      }
      throw fail(message, name.range)
    }
  }

  private func missingMember(_ message: String, _ name: String, _ candidates: [String]) -> String {
    if let guess = closestName(to: name, in: candidates) {
      return message + "; did you mean '\(guess)'?"
    }
    return message
  }
}
