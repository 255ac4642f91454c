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
        if overflow {
          throw fail("the range \(ValueFormatter.repr(.range(r))) is too large", e.range)
        }
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
        let size = counted(count, "element")
        throw fail("the range \(start)..<\(end) is out of bounds for \(what) of \(size)", range)
      }
      try checkElements(end - start, .listElement, range)
      return (Array(start..<end), false)
    case .slice(let start, let end, let step):
      return (try sliceIndices(start, end, step, count: count, range), false)
    case .all:
      try checkElements(count, .listElement, range)
      return (Array(0..<count), false)
    case .key(let k):
      throw fail("\(what) is indexed by ints, not by the string \"\(k)\"", range)
    }
  }

  /// Python's slice semantics: bounds clamp, negative bounds count from the end. The
  /// count is checked against the list-length limit before anything is built.
  func sliceIndices(
    _ start: Int?, _ end: Int?, _ step: Int, count n: Int, _ range: SourceRange
  ) throws -> [Int] {
    func normalize(_ v: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
      guard var v else { return fallback }
      if v < 0 { v = v.addingReportingOverflow(n).partialValue }
      return Swift.min(Swift.max(v, low), high)
    }
    let first: Int
    let span: Int
    if step > 0 {
      first = normalize(start, 0, low: 0, high: n)
      span = normalize(end, n, low: 0, high: n) - first
    } else {
      first = normalize(start, n - 1, low: -1, high: n - 1)
      span = first - normalize(end, -1, low: -1, high: n - 1)
    }
    // Elements first, first + step, ... strictly inside the span; computed unsigned so a
    // huge step cannot overflow.
    let count = span <= 0 ? 0 : Int((UInt(span) - 1) / step.magnitude + 1)
    try checkElements(count, .listElement, range)
    return (0..<count).map { first + $0 * step }
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
      let (p, _) = try positions(spec, count: s.count, what: "a string", item.range)
      return .string(characters(of: s, at: p))
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

  /// The characters of `s` at `positions` (ascending or descending, as indices and
  /// slices give them), found by walking the string rather than copying it into an array
  /// of characters, which would need 16 bytes for each.
  private func characters(of s: String, at positions: [Int]) -> String {
    guard let first = positions.first else { return "" }
    var out = ""
    var index = s.index(s.startIndex, offsetBy: first)
    var at = first
    for p in positions {
      index = s.index(index, offsetBy: p - at)
      at = p
      out.append(s[index])
    }
    return out
  }

  /// `container[items] = value` for a list element or slice, or a record field.
  func setIndex(
    _ container: inout Value, _ items: [IndexItem], _ value: Value, _ range: SourceRange
  )
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
        try checkElements(xs.count - p.count + replacement.count, .listElement, range)
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

  /// `t[i]`, `t[:, 1]`, `t[2..<5]`, `t[::2, -1]`: each item applies to the next axis;
  /// an int selects (removing the axis), a range, slice or `:` keeps it. Results are
  /// tensors (rank 0 for a single element) and gradients flow through them.
  func indexTensor(_ t: Tensor, _ items: [IndexItem], _ range: SourceRange) throws -> Value {
    if items.count > t.rank {
      throw fail(
        "too many indices for a tensor of shape \(shapeText(t.shape)): \(items.count)", range)
    }
    var result = t
    var axis = 0
    for item in items {
      let size = result.shape[axis]
      let spec = try resolveIndex(item)
      do {
        switch spec {
        case .single(let i):
          let j = i < 0 ? i + size : i
          guard j >= 0, j < size else {
            throw fail("index \(i) is out of range for axis \(axis) of size \(size)", item.range)
          }
          result = try result.select(j, axis: axis)
          continue  // the axis is gone; the next item applies to the one that took its place
        case .range(let start, let end):
          guard start >= 0, start <= end, end <= size else {
            throw fail(
              "the range \(start)..<\(end) is out of bounds for axis \(axis) of size \(size)",
              item.range)
          }
          result = try result.slice(axis: axis, start: start, end: end)
        case .slice(let start, let end, let step):
          guard step > 0 else {
            throw fail("a tensor slice needs a positive step, found \(step)", item.range)
          }
          let picked = try sliceIndices(start, end, step, count: size, item.range)
          let s = picked.first ?? 0
          result = try result.slice(
            axis: axis, start: s, end: picked.last.map { $0 + 1 } ?? s, step: step)
        case .all:
          break
        case .key(let k):
          throw fail("a tensor is indexed by ints, ranges and slices, not by \"\(k)\"", item.range)
        }
      } catch let error as TensorError {
        throw fail(error.description, item.range)
      }
      axis += 1
    }
    return .tensor(result)
  }
}
