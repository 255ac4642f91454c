import Foundation
import LLALLanguage

/// A score function written in the language (`uncertainty(fn …)`, `score(fn …)`) as a
/// Python function over torch tensors, when its body uses only what maps to torch
/// exactly: numbers, its parameters and locals, arithmetic, comparisons, `and`/`or`/`not`,
/// `if`/`else`, `return`, indexing with constants and slices, and the tensor functions
/// below. Anything else is a `ScoreFunctionRefusal` at the construct, naming it.
struct ScoreFunctionPython {
  /// The function's declaration.
  let decl: FunctionDecl
  /// The Python function's name (`score_0`).
  let name: String

  /// Element-wise functions: llal name → torch function (TensorMath.swift).
  static let unary: [String: String] = [
    "exp": "torch.exp", "log": "torch.log", "sqrt": "torch.sqrt", "abs": "torch.abs",
    "tanh": "torch.tanh", "sigmoid": "torch.sigmoid", "relu": "torch.relu",
    "square": "torch.square",
  ]
  /// Reductions over `axis` with `keepdims` (TensorReductions.swift).
  static let reductions: [String: String] = [
    "sum": "torch.sum", "mean": "torch.mean", "max": "torch.amax", "min": "torch.amin",
  ]

  /// The top of `scores.py`: the helpers the translated functions call.
  static let preamble = #"""
    """The score functions of the experiment, translated from the language by `llal export`
    (Sources/LLALExport/ScoreFunctionPython.swift); each names the lines it came from."""
    import torch


    def _tensor(x):
        """A number as a tensor, as llal's tensor functions take numbers."""
        return x if torch.is_tensor(x) else torch.tensor(x, dtype=torch.float64)


    def _number(x):
        """llal's comparisons give 1 and 0, not booleans."""
        return x.to(torch.float32) if torch.is_tensor(x) else x


    def _reduce(f, x, axis, keepdims):
        x = _tensor(x)
        return f(x) if axis is None else f(x, dim=axis, keepdim=keepdims)


    def _variance(x, axis, keepdims, unbiased):
        x = _tensor(x)
        correction = 1 if unbiased else 0
        if axis is None:
            return torch.var(x, correction=correction)
        return torch.var(x, dim=axis, correction=correction, keepdim=keepdims)


    """#

  /// `def name(params):` and the translated body.
  func source() throws -> String {
    var locals = Set(decl.parameters.map(\.name.name))
    for p in decl.parameters where p.defaultValue != nil {
      throw refusal(p.name.range, "a parameter default")
    }
    let params = decl.parameters.map { PythonText.pythonName($0.name.name) }
    let file = decl.file
    let first = file.location(of: decl.range.start).line
    let last = file.location(of: max(decl.range.start, decl.range.end - 1)).line
    let lines0 = first == last ? "line \(first)" : "lines \(first)-\(last)"
    var lines = [
      "def \(name)(\(params.joined(separator: ", "))):",
      "    \"\"\"From \((file.name as NSString).lastPathComponent), \(lines0).\"\"\"",
    ]
    switch decl.body {
    case .expression(let e): lines.append("    return \(try expr(e, locals))")
    case .block(let b): lines += try block(b, depth: 1, locals: &locals)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func refusal(_ range: SourceRange, _ construct: String) -> ScoreFunctionRefusal {
    ScoreFunctionRefusal(
      message: "the score function uses \(construct), which the PyTorch export does not "
        + "translate; write the score with tensor operations, arithmetic and if/else",
      range: range, file: decl.file)
  }

  private func block(_ b: Block, depth: Int, locals: inout Set<String>) throws -> [String] {
    let pad = String(repeating: "    ", count: depth)
    var lines: [String] = []
    for s in b.statements {
      switch s.kind {
      case .assign(.name(let id), let e):
        let value = try expr(e, locals)
        locals.insert(id.name)
        lines.append(pad + "\(PythonText.pythonName(id.name)) = \(value)")
      case .compoundAssign(.name(let id), let op, let e):
        guard locals.contains(id.name) else { throw refusal(id.range, "'\(id.name)' before it is set") }
        // Written out, so a tensor is never updated in place (it may be an argument).
        let name = PythonText.pythonName(id.name)
        lines.append(pad + "\(name) = \(try binary(op, name, try expr(e, locals), s.range))")
      case .returnValue(let e?): lines.append(pad + "return \(try expr(e, locals))")
      case .expression(let e):
        guard case .ifElse(let c, let then, let otherwise) = e.kind else {
          throw refusal(e.range, "an expression statement whose value is dropped")
        }
        lines.append(pad + "if \(try expr(c, locals)):")
        lines += try block(then, depth: depth + 1, locals: &locals)
        if let otherwise {
          lines.append(pad + "else:")
          lines += try block(otherwise, depth: depth + 1, locals: &locals)
        }
      case .returnValue(nil): throw refusal(s.range, "a return without a value")
      case .assign, .compoundAssign: throw refusal(s.range, "an assignment to an index or member")
      case .destructure: throw refusal(s.range, "a destructuring assignment")
      case .function: throw refusal(s.range, "a nested function")
      case .forIn: throw refusal(s.range, "a for loop")
      case .whileLoop: throw refusal(s.range, "a while loop")
      case .breakLoop, .continueLoop: throw refusal(s.range, "break or continue")
      }
    }
    return lines.isEmpty ? [pad + "pass"] : lines
  }

  private func expr(_ e: Expr, _ locals: Set<String>) throws -> String {
    switch e.kind {
    case .int(let i): return String(i)
    case .float(let x): return PythonText.number(x)
    case .bool(let b): return b ? "True" : "False"
    case .name(let n):
      guard locals.contains(n) else {
        throw refusal(e.range, "'\(n)', a name from outside the function")
      }
      return PythonText.pythonName(n)
    case .unary(.negate, let x): return "(-\(try expr(x, locals)))"
    case .unary(.plus, let x): return try expr(x, locals)
    case .unary(.not, let x): return "(not \(try expr(x, locals)))"
    case .binary(let op, let a, let b, _):
      return try binary(op, try expr(a, locals), try expr(b, locals), e.range)
    case .call(let callee, let args): return try call(callee, args, locals, e.range)
    case .index(let base, let items):
      return "\(try expr(base, locals))[\(try items.map { try index($0, locals) }.joined(separator: ", "))]"
    case .ifElse(let c, let then, let otherwise?):
      guard let a = then.statements.last, then.statements.count == 1,
        case .expression(let x) = a.kind, let b = otherwise.statements.last,
        otherwise.statements.count == 1, case .expression(let y) = b.kind
      else { throw refusal(e.range, "an if expression with statements in its branches") }
      return "(\(try expr(x, locals)) if \(try expr(c, locals)) else \(try expr(y, locals)))"
    case .ifElse: throw refusal(e.range, "an if expression without else")
    case .string: throw refusal(e.range, "a string")
    case .none: throw refusal(e.range, "none")
    case .list: throw refusal(e.range, "a list")
    case .record: throw refusal(e.range, "a record")
    case .member(_, let m): throw refusal(e.range, "the member '\(m.name)'")
    case .function: throw refusal(e.range, "a nested function")
    }
  }

  private func binary(_ op: BinaryOperator, _ a: String, _ b: String, _ range: SourceRange)
    throws -> String
  {
    switch op {
    case .add, .subtract, .multiply, .divide, .power, .matmul:
      return "(\(a) \(op.rawValue) \(b))"
    // llal's comparisons give 1 and 0 as numbers; torch's give booleans.
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
      return "_number(\(a) \(op.rawValue) \(b))"
    case .and, .or: return "(\(a) \(op.rawValue) \(b))"
    case .remainder: throw refusal(range, "the remainder % (torch and llal round differently)")
    case .halfOpenRange, .closedRange: throw refusal(range, "a range")
    }
  }

  private func index(_ item: IndexItem, _ locals: Set<String>) throws -> String {
    func constant(_ e: Expr?) throws -> String {
      guard let e else { return "" }
      switch e.kind {
      case .int(let i): return String(i)
      case .unary(.negate, let x): if case .int(let i) = x.kind { return "-\(i)" }
      default: break
      }
      throw refusal(e.range, "an index computed at run time")
    }
    switch item {
    case .all: return ":"
    case .value(let e): return try constant(e)
    case .slice(let start, let end, let step, _):
      let s = try constant(step)
      return "\(try constant(start)):\(try constant(end))" + (s.isEmpty ? "" : ":\(s)")
    }
  }

  /// A call of a tensor function, as `f(x, …)` or `x.f(…)`.
  private func call(_ callee: Expr, _ args: [CallArgument], _ locals: Set<String>, _ range: SourceRange)
    throws -> String
  {
    var name: String
    var positional: [Expr] = []
    switch callee.kind {
    case .name(let n) where !locals.contains(n): name = n
    case .member(let receiver, let m):
      name = m.name
      positional.append(receiver)
    default: throw refusal(callee.range, "a call of a value")
    }
    var labelled: [String: Expr] = [:]
    for a in args {
      if let label = a.label { labelled[label.name] = a.value } else { positional.append(a.value) }
    }
    let x = try positional.map { try expr($0, locals) }
    func axis() throws -> String {
      guard let a = labelled["axis"] else { return "None" }
      if case .list(let items) = a.kind {
        return PythonText.tupleText(try items.map { try expr($0, locals) })
      }
      return try expr(a, locals)
    }
    func flag(_ label: String) throws -> String { try labelled[label].map { try expr($0, locals) } ?? "False" }
    let allowed: Set<String>
    let text: String
    if let f = Self.unary[name], x.count == 1 {
      allowed = []
      text = "\(f)(_tensor(\(x[0])))"
    } else if let f = Self.reductions[name], x.count == 1 {
      allowed = ["axis", "keepdims"]
      text = "_reduce(\(f), \(x[0]), \(try axis()), \(try flag("keepdims")))"
    } else if name == "variance", x.count == 1 {
      allowed = ["axis", "keepdims", "unbiased"]
      text = "_variance(\(x[0]), \(try axis()), \(try flag("keepdims")), \(try flag("unbiased")))"
    } else if name == "clamp", x.count == 1 {
      allowed = ["min", "max"]
      let low = try labelled["min"].map { try expr($0, locals) } ?? "None"
      let high = try labelled["max"].map { try expr($0, locals) } ?? "None"
      text = "torch.clamp(_tensor(\(x[0])), min=\(low), max=\(high))"
    } else if name == "where", x.count == 3 {
      allowed = []
      text = "torch.where(_tensor(\(x[0])) != 0, _tensor(\(x[1])), _tensor(\(x[2])))"
    } else if name == "maximum" || name == "minimum", x.count == 2 {
      allowed = []
      text = "torch.\(name)(_tensor(\(x[0])), _tensor(\(x[1])))"
    } else if name == "softmax" || name == "log_softmax", x.count == 1 {
      allowed = ["axis"]
      let a = try labelled["axis"].map { try expr($0, locals) } ?? "-1"
      text = "torch.\(name)(_tensor(\(x[0])), dim=\(a))"
    } else {
      let known = Self.unary[name] != nil || Self.reductions[name] != nil
        || ["variance", "clamp", "where", "maximum", "minimum", "softmax", "log_softmax"].contains(name)
      throw refusal(callee.range, known ? "'\(name)' with \(x.count) argument(s)" : "'\(name)'")
    }
    if let extra = labelled.keys.sorted().first(where: { !allowed.contains($0) }) {
      throw refusal(range, "'\(name)' with '\(extra):'")
    }
    return text
  }
}

/// A construct of a score function the export does not translate, at its place in the
/// function's source.
struct ScoreFunctionRefusal: Error {
  /// What is refused, naming the construct.
  let message: String
  /// Where it is written.
  let range: SourceRange
  /// The file the function is in.
  let file: SourceFile
}
