/// Limits that turn runaway programs into errors instead of crashes.
///
/// Memory is governed by one budget, `memoryBudget`: no single value — a string, a list,
/// a tensor, and in the domain libraries a dataset or a table of class counts — may need
/// more bytes than it. Every place that builds such a value from a size the program
/// chose calls `checkElements` with the size *before* allocating, so a runaway size is a
/// located error, never an allocation that aborts the process. The budget applies to one
/// value at a time; the memory of all live values together is not tracked.
public struct Limits: Sendable {
  /// The most nested calls of user functions.
  public var maxCallDepth: Int
  /// The most bytes one value may need (see `ElementKind` for what an element costs).
  public var memoryBudget: Int
  /// The stack reserved for evaluation; deep recursion stops well before using it.
  public var stackBytes: Int

  /// The defaults: 1,000 nested calls, a 1 GiB memory budget per value (2²⁸ tensor
  /// elements, 2³⁰ bytes of string), a 512 MiB evaluation stack.
  public init(maxCallDepth: Int = 1000, memoryBudget: Int = 1 << 30, stackBytes: Int = 512 << 20) {
    self.maxCallDepth = maxCallDepth
    self.memoryBudget = memoryBudget
    self.stackBytes = stackBytes
  }

  /// What one element of a value costs, and how messages name the value.
  public struct ElementKind: Sendable {
    /// The value as messages name it: `a list`.
    public let container: String
    /// One element as messages count it: `element`.
    public let unit: String
    /// Bytes per element.
    public let bytes: Int
    /// Whether a value over the budget is "too long" (a sequence) or "too large".
    public let isSequence: Bool

    /// An element kind for a domain value (a dataset's samples, class counts).
    public init(container: String, unit: String, bytes: Int, isSequence: Bool = false) {
      self.container = container
      self.unit = unit
      self.bytes = Swift.max(bytes, 1)
      self.isSequence = isSequence
    }

    /// A list element: one `Value`.
    public static let listElement = ElementKind(
      container: "a list", unit: "element", bytes: MemoryLayout<Value>.stride, isSequence: true)
    /// A tensor element: one Float32.
    public static let tensorElement = ElementKind(
      container: "a tensor", unit: "element", bytes: MemoryLayout<Float>.stride)
    /// A byte of a string's UTF-8 text.
    public static let stringByte = ElementKind(
      container: "a string", unit: "byte", bytes: 1, isSequence: true)
  }

  /// The most elements of `kind` that one value may hold under the budget.
  public func maxElements(_ kind: ElementKind) -> Int { memoryBudget / kind.bytes }

  /// Throws, at `range`, when a value of `count` elements of `kind` would exceed the
  /// memory budget. Call it before allocating. `description` replaces the start of the
  /// message ("a tensor of shape [2, 3]"); by default it is "a list of 7 elements".
  public func checkElements(
    _ count: Int, _ kind: ElementKind, description: String? = nil, range: SourceRange? = nil
  ) throws {
    let limit = maxElements(kind)
    guard count > limit else { return }
    let what = description ?? "\(kind.container) of \(count) \(kind.unit)s"
    throw RuntimeError(
      "\(what) is too \(kind.isSequence ? "long" : "large"): the limit is \(limit) "
        + "\(kind.unit)s", range: range)
  }

  /// Throws when a tensor of `shape` would exceed the budget. The product is checked as
  /// it grows, so a shape whose count overflows `Int` (even with a zero dimension after
  /// it, which would still overflow the strides) is refused too.
  public func checkTensorSize(_ shape: [Int], range: SourceRange? = nil) throws {
    var n = 1
    for d in shape {
      let (m, overflow) = n.multipliedReportingOverflow(by: Swift.max(d, 0))
      n = overflow ? Int.max : m
      try checkElements(
        n, .tensorElement, description: "a tensor of shape \(shapeText(shape))", range: range)
    }
  }

  /// Throws when a list of `count` elements would exceed the budget.
  public func checkListLength(_ count: Int, range: SourceRange? = nil) throws {
    try checkElements(count, .listElement, range: range)
  }
}

/// `[2, 3]`, as every message prints a shape.
public func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
