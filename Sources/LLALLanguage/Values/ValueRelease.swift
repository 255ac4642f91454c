extension Value {
  /// Frees `values` without recursion, leaving `values` empty.
  ///
  /// Swift frees a nested list by recursion, one level of stack per level of nesting, so
  /// dropping a list that a loop nested 100,000 deep overflows an ordinary thread's
  /// stack. Here the nested lists and records are taken apart one at a time from a
  /// worklist that holds their elements, so each array freed has no nested value left
  /// to free in turn. Values still used elsewhere are only walked, not freed.
  static func releaseWithoutRecursion(_ values: inout [Value]) {
    var pending = values
    values = []
    while let value = pending.popLast() {
      switch value {
      case .list(let xs):
        for x in xs where x.isContainer { pending.append(x) }
      case .record(let r):
        for field in r.fields where field.value.isContainer { pending.append(field.value) }
      default:
        break
      }
      // `value` is dropped here; the containers it held live on in `pending`.
    }
  }

  /// Whether this is a list or record, which can nest.
  private var isContainer: Bool {
    switch self {
    case .list, .record: return true
    default: return false
    }
  }
}
