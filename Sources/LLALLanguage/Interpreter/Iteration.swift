import LLALTensor

/// Walks the elements `for` loops over: list elements, range integers, the characters
/// of a string, or the slices of a tensor along its first axis.
struct ValueIterator {
  enum Source {
    case list([Value])
    case range(RangeValue)
    case characters(String)
    case tensor(Tensor)
  }

  let source: Source
  var position = 0
  /// Where the next character starts, for a string (walked in place, not copied).
  var characterIndex: String.Index?

  mutating func next() throws -> Value? {
    defer { position += 1 }
    switch source {
    case .list(let xs):
      return position < xs.count ? xs[position] : nil
    case .range(let r):
      return position < r.count ? .int(r.element(position)) : nil
    case .characters(let s):
      let i = characterIndex ?? s.startIndex
      guard i < s.endIndex else { return nil }
      characterIndex = s.index(after: i)
      return .string(String(s[i]))
    case .tensor(let t):
      guard position < t.shape[0] else { return nil }
      return .tensor(try t.select(position, axis: 0))
    }
  }
}

extension Interpreter {
  func makeIterator(_ value: Value, _ range: SourceRange) throws -> ValueIterator {
    switch value {
    case .list(let xs): return ValueIterator(source: .list(xs))
    case .range(let r): return ValueIterator(source: .range(r))
    case .string(let s): return ValueIterator(source: .characters(s))
    case .tensor(let t) where t.rank > 0: return ValueIterator(source: .tensor(t))
    case .tensor:
      throw fail("cannot loop over a scalar tensor", range)
    default:
      throw fail(
        "cannot loop over \(value.typeName); expected a list, range, string or tensor", range)
    }
  }
}
