import LLALTensor

// Indexing and slicing: `xs[i]`, `xs[-1]`, `xs[2..<5]`, `xs[1:3]`, `xs[::2]`, `t[:, 1]`,
// `r["name"]`, and assignment to list elements and record fields.

/// One index position, resolved to numbers.
enum IndexSpec {
  /// One element; negative counts from the end.
  case single(Int)
  /// A range value `a..<b` or `a...b`: must lie within bounds.
  case range(start: Int, end: Int)
  /// A slice `a:b:c`, clamped to bounds as in Python.
  case slice(start: Int?, end: Int?, step: Int)
  /// `:` alone.
  case all
  /// A field name, for records.
  case key(String)
}

extension Interpreter {
  func resolveIndex(_ item: IndexItem) throws -> IndexSpec {
    switch item {
    case .all:
      return .all
    case .value(let e):
      switch try eval(e) {
      case .int(let i): return .single(i)
      case .range(let r):
        let (end, overflow) = r.end.addingReportingOverflow(r.isClosed ? 1 : 0)
        if overflow { throw fail("the range \(ValueFormatter.repr(.range(r))) is too large", e.range) }
        return .range(start: r.start, end: end)
      case .string(let s): return .key(s)
      case let v:
        throw fail("an index must be an int, a range or a slice, found \(v.typeName)", e.range)
      }
    case .slice(let start, let end, let step, let range):
      func part(_ e: Expr?) throws -> Int? {
        guard let e else { return nil }
        switch try eval(e) {
        case .int(let i): return i
        case .none: return nil
        case let v: throw fail("a slice bound must be an int, found \(v.typeName)", e.range)
        }
      }
      let s = try part(step) ?? 1
      if s == 0 { throw fail("a slice step must not be zero", range) }
      return .slice(start: try part(start), end: try part(end), step: s)
    }
  }

  /// The positions an index selects in a sequence of `count` elements, or the single
  /// position (as a one-element array with `isSingle`).
  func positions(_ spec: IndexSpec, count: Int, what: String, _ range: SourceRange) throws
    -> (positions: [Int], isSingle: Bool)
  {
    switch spec {
    case .single(let i):
      let j = i < 0 ? i + count : i
      guard j >= 0, j < count else {
        throw fail("index \(i) is out of range for \(what) of \(counted(count, "element"))", range)
      }
      return ([j], true)
    case .range(let start, let end):
      guard start >= 0, start <= end, end <= count else {
        throw fail(
          "the range \(start)..<\(end) is out of bounds for \(what) of \(counted(count, "element"))", range)
      }
      return (Array(start..<end), false)
    case .slice(let start, let end, let step):
      return (sliceIndices(start, end, step, count: count), false)
    case .all:
      return (Array(0..<count), false)
    case .key(let k):
      throw fail("\(what) is indexed by ints, not by the string \"\(k)\"", range)
    }
  }

  /// Python's slice semantics: bounds clamp, negative bounds count from the end.
  func sliceIndices(_ start: Int?, _ end: Int?, _ step: Int, count n: Int) -> [Int] {
    func normalize(_ v: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
      guard var v else { return fallback }
      if v < 0 { v += n }
      return Swift.min(Swift.max(v, low), high)
    }
    var out: [Int] = []
    if step > 0 {
      let s = normalize(start, 0, low: 0, high: n)
      let e = normalize(end, n, low: 0, high: n)
      var i = s
      while i < e {
        out.append(i)
        i += step
      }
    } else {
      let s = normalize(start, n - 1, low: -1, high: n - 1)
      let e = normalize(end, -1, low: -1, high: n - 1)
      var i = s
      while i > e {
        out.append(i)
        i += step
      }
    }
    return out
  }

  func index(_ base: Value, _ items: [IndexItem], _ range: SourceRange) throws -> Value {
    if case .tensor(let t) = base { return try indexTensor(t, items, range) }
    guard items.count == 1 else {
      throw fail("\(base.typeName) takes one index, found \(items.count)", range)
    }
    let item = items[0]
    let spec = try resolveIndex(item)
    switch base {
    case .list(let xs):
      let (p, single) = try positions(spec, count: xs.count, what: "a list", item.range)
      return single ? xs[p[0]] : .list(p.map { xs[$0] })
    case .string(let s):
      let chars = Array(s)
      let (p, single) = try positions(spec, count: chars.count, what: "a string", item.range)
      return .string(single ? String(chars[p[0]]) : String(p.map { chars[$0] }))
    case .range(let r):
      let (p, single) = try positions(spec, count: r.count, what: "a range", item.range)
      return single ? .int(r.element(p[0])) : .list(p.map { .int(r.element($0)) })
    case .record(let r):
      guard case .key(let k) = spec else {
        throw fail("a record is indexed by a field name string", item.range)
      }
      if let v = r[k] { return v }
      throw fail("record has no field '\(k)'", item.range)
    default:
      throw fail("cannot index a value of type \(base.typeName)", range)
    }
  }

  /// `container[items] = value` for a list element or slice, or a record field.
  func setIndex(_ container: inout Value, _ items: [IndexItem], _ value: Value, _ range: SourceRange)
    throws
  {
    guard items.count == 1 else {
      throw fail("\(container.typeName) takes one index, found \(items.count)", range)
    }
    let item = items[0]
    let spec = try resolveIndex(item)
    switch container {
    case .list(var xs):
      container = .none  // keep the array uniquely referenced
      defer { container = .list(xs) }
      let (p, single) = try positions(spec, count: xs.count, what: "a list", item.range)
      if single {
        xs[p[0]] = value
        return
      }
      guard case .list(let replacement) = value else {
        throw fail("assigning to a slice needs a list, found \(value.typeName)", range)
      }
      if let lower = contiguousStart(spec, count: xs.count) {
        try limits.checkListLength(xs.count - p.count + replacement.count, range: range)
        xs.replaceSubrange(lower..<(lower + p.count), with: replacement)
        return
      }
      guard p.count == replacement.count else {
        throw fail(
          "cannot assign \(replacement.count) values to a strided slice of \(p.count)", range)
      }
      for (k, j) in p.enumerated() { xs[j] = replacement[k] }
    case .record(var r):
      guard case .key(let k) = spec else {
        throw fail("a record is indexed by a field name string", item.range)
      }
      r[k] = value
      container = .record(r)
    case .tensor:
      throw fail(
        "tensors cannot be changed in place; build a new one, e.g. with where()", range)
    default:
      throw fail("cannot assign into a value of type \(container.typeName)", range)
    }
  }

  /// Where a step-1 slice, range or `:` starts (its insertion point when empty); nil for
  /// a strided slice.
  private func contiguousStart(_ spec: IndexSpec, count: Int) -> Int? {
    switch spec {
    case .range(let start, _): return start
    case .all: return 0
    case .slice(let start, _, 1):
      guard var s = start else { return 0 }
      if s < 0 { s += count }
      return Swift.min(Swift.max(s, 0), count)
    default: return nil
    }
  }

  func indexTensor(_ t: Tensor, _ items: [IndexItem], _ range: SourceRange) throws -> Value {
    throw fail("PENDING ENGINE OPS", range)
  }
}
