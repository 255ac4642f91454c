import Foundation
import LLALTensor

// Unary and binary operators on values. Ints stay ints (overflow is an error) except
// under `/`, which always gives a float; a tensor on either side makes the operation
// element-wise with broadcasting, numbers taking part as Float32 scalars.

extension Interpreter {
  func unary(_ op: UnaryOperator, _ value: Value, _ range: SourceRange) throws -> Value {
    switch (op, value) {
    case (.negate, .int(let i)):
      let (r, overflow) = Int(0).subtractingReportingOverflow(i)
      if overflow { throw fail("integer overflow: -(\(i)) does not fit in 64 bits", range) }
      return .int(r)
    case (.negate, .float(let d)): return .float(-d)
    case (.negate, .tensor(let t)): return .tensor(-t)
    case (.plus, .int), (.plus, .float), (.plus, .tensor): return value
    case (.not, .bool(let b)): return .bool(!b)
    default:
      throw fail(
        "the operand of '\(op.rawValue)' must be "
          + (op == .not ? "a bool" : "a number or tensor") + ", found \(value.typeName)", range)
    }
  }

  func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange) throws -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      return try intBinary(op, x, y, range)
    case (.tensor(let x), _):
      // A number exponent keeps `x ** 2` a plain power (defined for negative x).
      if op == .power, let p = b.asDouble {
        do { return .tensor(try x.pow(Float(p))) } catch let e as TensorError {
          throw fail(e.description, range)
        }
      }
      if let y = try tensorOperand(b) { return try tensorBinary(op, x, y, range) }
    case (_, .tensor(let y)):
      if let x = try tensorOperand(a) { return try tensorBinary(op, x, y, range) }
    default:
      if let x = a.asDouble, let y = b.asDouble { return try floatBinary(op, x, y, range) }
    }
    if let result = try hostBinary(op, a, b, range) { return result }
    switch (op, a, b) {
    case (.equal, _, _): return .bool(a.isEqual(to: b))
    case (.notEqual, _, _): return .bool(!a.isEqual(to: b))
    case (.add, .string(let x), .string(let y)):
      try checkElements(x.utf8.count + y.utf8.count, .stringByte, range)
      return .string(x + y)
    case (.add, .list(let x), .list(let y)):
      try checkElements(x.count + y.count, .listElement, range)
      return .list(x + y)
    case (.less, .string(let x), .string(let y)): return .bool(x < y)
    case (.lessEqual, .string(let x), .string(let y)): return .bool(x <= y)
    case (.greater, .string(let x), .string(let y)): return .bool(x > y)
    case (.greaterEqual, .string(let x), .string(let y)): return .bool(x >= y)
    case (.halfOpenRange, _, _), (.closedRange, _, _):
      throw fail(
        "the bounds of a range must be ints, found \(a.typeName) and \(b.typeName)", range)
    default:
      var message = "cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)"
      if op == .add, a.kind == .string || b.kind == .string {
        message += "; convert with str() first"
      }
      throw fail(message, range)
    }
  }

  /// `a op b` when either operand is a host object that defines `op`.
  private func hostBinary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange)
    throws -> Value?
  {
    for case .host(let h) in [a, b] {
      guard let o = h as? OperatorHostObject else { continue }
      do {
        if let v = try o.binary(op, a, b) { return v }
      } catch var error as RuntimeError {
        if error.range == nil { error.range = range }
        if error.file == nil { error.file = currentFile }
        throw error
      }
    }
    return nil
  }

  private func intBinary(_ op: BinaryOperator, _ x: Int, _ y: Int, _ range: SourceRange) throws
    -> Value
  {
    func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Value {
      if r.overflow {
        throw fail("integer overflow: \(x) \(op.rawValue) \(y) does not fit in 64 bits", range)
      }
      return .int(r.partialValue)
    }
    switch op {
    case .add: return try checked(x.addingReportingOverflow(y))
    case .subtract: return try checked(x.subtractingReportingOverflow(y))
    case .multiply: return try checked(x.multipliedReportingOverflow(by: y))
    case .divide: return .float(Double(x) / Double(y))
    case .remainder:
      if y == 0 { throw fail("division by zero in '%'", range) }
      let r = x.remainderReportingOverflow(dividingBy: y).partialValue
      return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
    case .power:
      if y < 0 { return .float(Foundation.pow(Double(x), Double(y))) }
      var result = 1
      var base = x
      var e = y
      while e > 0 {
        if e & 1 == 1 { result = try checked(result.multipliedReportingOverflow(by: base)).int }
        e >>= 1
        if e > 0 { base = try checked(base.multipliedReportingOverflow(by: base)).int }
      }
      return .int(result)
    case .equal: return .bool(x == y)
    case .notEqual: return .bool(x != y)
    case .less: return .bool(x < y)
    case .lessEqual: return .bool(x <= y)
    case .greater: return .bool(x > y)
    case .greaterEqual: return .bool(x >= y)
    case .halfOpenRange: return .range(RangeValue(start: x, end: y, isClosed: false))
    case .closedRange: return .range(RangeValue(start: x, end: y, isClosed: true))
    case .matmul:
      throw fail("'@' multiplies tensors, found int and int", range)
    case .and, .or:
      throw fail("the operands of '\(op.rawValue)' must be bools, found int", range)
    }
  }

  private func floatBinary(_ op: BinaryOperator, _ x: Double, _ y: Double, _ range: SourceRange)
    throws -> Value
  {
    switch op {
    case .add: return .float(x + y)
    case .subtract: return .float(x - y)
    case .multiply: return .float(x * y)
    case .divide: return .float(x / y)
    case .remainder:
      let r = x.truncatingRemainder(dividingBy: y)
      return .float(r != 0 && (r < 0) != (y < 0) ? r + y : r)
    case .power: return .float(Foundation.pow(x, y))
    case .equal: return .bool(x == y)
    case .notEqual: return .bool(x != y)
    case .less: return .bool(x < y)
    case .lessEqual: return .bool(x <= y)
    case .greater: return .bool(x > y)
    case .greaterEqual: return .bool(x >= y)
    case .halfOpenRange, .closedRange:
      throw fail("the bounds of a range must be ints, found float", range)
    case .matmul:
      throw fail("'@' multiplies tensors, found numbers", range)
    case .and, .or:
      throw fail("the operands of '\(op.rawValue)' must be bools, found a number", range)
    }
  }

  /// A value as the tensor side of an element-wise operation: tensors as they are,
  /// numbers and bools as scalars; nil for anything else.
  private func tensorOperand(_ v: Value) throws -> Tensor? {
    switch v {
    case .tensor(let t): return t
    case .int(let i): return .scalar(Float(i))
    case .float(let d): return .scalar(Float(d))
    case .bool(let b): return .scalar(b ? 1 : 0)
    default: return nil
    }
  }

  private func tensorBinary(_ op: BinaryOperator, _ x: Tensor, _ y: Tensor, _ range: SourceRange)
    throws -> Value
  {
    try checkResultSize(op, x.shape, y.shape, range)
    do {
      switch op {
      case .add: return .tensor(try x + y)
      case .subtract: return .tensor(try x - y)
      case .multiply: return .tensor(try x * y)
      case .divide: return .tensor(try x / y)
      case .power: return .tensor(try x.pow(y))
      case .matmul: return .tensor(try x.matmul(y))
      case .equal: return .tensor(try x.eq(y))
      case .notEqual: return .tensor(try x.ne(y))
      case .less: return .tensor(try x.lt(y))
      case .lessEqual: return .tensor(try x.le(y))
      case .greater: return .tensor(try x.gt(y))
      case .greaterEqual: return .tensor(try x.ge(y))
      case .remainder: return .tensor(try x.remainder(y))
      case .halfOpenRange, .closedRange:
        throw fail("the bounds of a range must be ints, found tensor", range)
      case .and, .or:
        throw fail("the operands of '\(op.rawValue)' must be bools, found tensor", range)
      }
    } catch let error as TensorError {
      throw fail(error.description, range)
    }
  }
}

extension Interpreter {
  /// Throws before an element-wise operation or `@` whose result would exceed the memory
  /// budget: broadcasting (`[n, 1] + [1, n]`) can make it far larger than either operand.
  /// Operands that do not fit together are left to the operation's own error.
  func checkResultSize(_ op: BinaryOperator, _ a: [Int], _ b: [Int], _ range: SourceRange)
    throws
  {
    let shape: [Int]
    if op == .matmul {
      guard a.count >= 2, b.count >= 2 else { return }  // a vector operand shrinks the result
      guard
        let batch = try? Tensor.broadcastShape(
          Array(a.dropLast(2)), Array(b.dropLast(2)), op: "@")
      else { return }
      shape = batch + [a[a.count - 2], b[b.count - 1]]
    } else {
      guard let s = try? Tensor.broadcastShape(a, b, op: op.rawValue) else { return }
      shape = s
    }
    do {
      try limits.checkTensorSize(shape)
    } catch let error as RuntimeError {
      throw fail(error.message, range)
    }
  }
}

extension Value {
  /// The int payload (used where the case is known).
  fileprivate var int: Int {
    if case .int(let i) = self { return i }
    return 0
  }
}
