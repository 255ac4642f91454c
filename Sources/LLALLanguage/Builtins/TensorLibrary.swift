import LLALTensor

/// Tensors in the language: creation, properties, and the engine's operations as
/// functions and methods (`exp(t)` and `t.exp()`), in the files `Tensor*.swift`.
enum TensorLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registerCreation(registry)
    registerProperties(registry)
    registerElementwise(registry)
    registerReductions(registry)
    registerShape(registry)
  }

  /// The parameter most tensor functions start with.
  static let x = Builtin.Parameter("x", .tensorOrNumber)

  // MARK: - Creation

  static func registerCreation(_ registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "tensor", [.init("data", .tensorData)], returns: "tensor",
        doc: """
          A tensor holding data: a number (a scalar), a list of numbers, or nested lists \
          of equal lengths (a list of rows is a matrix). Lists of tensors of one shape \
          are stacked. The values are copied: the result is a new leaf for grad.
          """
      ) { args in
        let data = args["data"]
        if case .tensor(let t) = data { return .tensor(t.detached()) }
        let shape = try inferShape(data, args)
        try args.interpreter.limits.checkTensorSize(shape, range: args.range("data"))
        var values: [Float] = []
        values.reserveCapacity(shape.reduce(1, *))
        flatten(data, into: &values)
        return .tensor(try Tensor(shape: shape, values))
      })

    registry.register(
      Builtin(
        "zeros", [.init("shape", .shape)], returns: "tensor",
        doc: "A tensor of the given shape filled with zeros: zeros([2, 3])."
      ) { args in .tensor(try Tensor.zeros(try args.shape("shape"))) })

    registry.register(
      Builtin(
        "ones", [.init("shape", .shape)], returns: "tensor",
        doc: "A tensor of the given shape filled with ones."
      ) { args in .tensor(try Tensor.ones(try args.shape("shape"))) })

    registry.register(
      Builtin(
        "full", [.init("shape", .shape), .init("value", .number)], returns: "tensor",
        doc: "A tensor of the given shape with every element equal to value."
      ) { args in .tensor(try Tensor.full(try args.shape("shape"), try args.float("value"))) })

    registry.register(
      Builtin(
        "arange",
        [
          .init("start", .number), .init("end", ParamType.number.orNone, default: Value.none),
          .init("step", .number, default: .int(1)),
        ], returns: "tensor",
        doc: """
          A vector counting from start up to (not including) end by step; arange(n) \
          counts 0, 1, ..., n - 1.
          """
      ) { args in
        var start = try args.double("start")
        var end: Double
        if args.isNone("end") {
          end = start
          start = 0
        } else {
          end = try args.double("end")
        }
        let step = try args.double("step")
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
          throw args.error("step", "must be finite and non-zero")
        }
        // Counted in Double: the span may not fit an Int.
        let count = Swift.max(0, ((end - start) / step).rounded(.up))
        try args.interpreter.limits.checkTensorSize(
          [count < 9e18 ? Int(count) : Int.max], range: args.callRange)
        return .tensor(try Tensor.arange(Float(start), Float(end), step: Float(step)))
      })

    registry.register(
      Builtin(
        "eye", [.init("n", .int)], returns: "tensor",
        doc: "The n by n identity matrix."
      ) { args in
        let n = try args.int("n")
        if n < 0 { throw args.error("n", "must not be negative, found \(n)") }
        try args.interpreter.limits.checkTensorSize([n, n], range: args.range("n"))
        let t = try Tensor.zeros([n, n])
        for i in 0..<n { t.storage.base[i * n + i] = 1 }
        return .tensor(t)
      })

    registry.register(
      Builtin(
        "randn", [.init("shape", .shape), .init("seed", .int)], returns: "tensor",
        doc: """
          Standard normal values of the given shape, drawn from a generator seeded with \
          seed: the same seed gives the same tensor.
          """
      ) { args in
        .tensor(
          try Tensor.randn(
            try args.shape("shape"), seed: UInt64(bitPattern: Int64(try args.int("seed")))))
      })

    registry.register(
      Builtin(
        "rand",
        [
          .init("shape", .shape), .init("seed", .int), .init("low", .number, default: .int(0)),
          .init("high", .number, default: .int(1)),
        ], returns: "tensor",
        doc: """
          Uniform values in [low, high) of the given shape, drawn from a generator seeded \
          with seed.
          """
      ) { args in
        .tensor(
          try Tensor.uniform(
            try args.shape("shape"), low: try args.float("low"), high: try args.float("high"),
            seed: UInt64(bitPattern: Int64(try args.int("seed")))))
      })
  }

  /// The shape of nested lists of numbers (and tensors), or an error naming the problem.
  static func inferShape(_ value: Value, _ args: Arguments) throws -> [Int] {
    switch value {
    case .int, .float, .bool: return []
    case .tensor(let t): return t.shape
    case .list(let xs):
      guard let first = xs.first else { return [0] }
      let inner = try inferShape(first, args)
      for (i, x) in xs.enumerated().dropFirst() {
        let s = try inferShape(x, args)
        if s != inner {
          throw args.error(
            "data",
            "must be rectangular: element \(i) has shape \(shapeText(s)), "
              + "element 0 has \(shapeText(inner))")
        }
      }
      return [xs.count] + inner
    default:
      throw args.error("data", "must contain only numbers, found \(value.typeName)")
    }
  }

  static func flatten(_ value: Value, into out: inout [Float]) {
    switch value {
    case .int(let i): out.append(Float(i))
    case .float(let d): out.append(Float(d))
    case .bool(let b): out.append(b ? 1 : 0)
    case .tensor(let t): out.append(contentsOf: t.scalars)
    case .list(let xs): for x in xs { flatten(x, into: &out) }
    default: break
    }
  }

  // MARK: - Properties and conversions

  static func registerProperties(_ registry: BuiltinRegistry) {
    func property(_ name: String, _ doc: String, _ get: @escaping (Tensor) throws -> Value) {
      registry.registerProperty(
        Property(name, receiver: "tensor", doc: doc) { value in
          guard case .tensor(let t) = value else { return .none }
          return try get(t)
        }, on: .tensor)
    }
    property("shape", "The size of each dimension, as a list of ints ([] for a scalar).") {
      .list($0.shape.map { .int($0) })
    }
    property("rank", "The number of dimensions.") { .int($0.rank) }
    property("count", "The number of elements.") { .int($0.count) }

    func method(
      _ name: String, _ parameters: [Builtin.Parameter], returns: String, doc: String,
      _ body: @escaping (Tensor, Arguments) throws -> Value
    ) {
      registry.registerMethod(
        Builtin(name, parameters, returns: returns, receiver: "tensor", doc: doc) { args in
          guard case .tensor(let t) = args.receiver ?? .none else { return .none }
          return try body(t, args)
        }, on: .tensor)
    }
    method(
      "item", [], returns: "float",
      doc: "The value of a one-element tensor, as a float."
    ) { t, _ in
      guard let v = t.item else {
        throw RuntimeError(
          "item(): the tensor has \(t.count) elements (shape \(shapeText(t.shape))), not one")
      }
      return .float32(v)
    }
    method(
      "tolist", [], returns: "list",
      doc: "The values as nested lists of floats (a float for a scalar)."
    ) { t, args in
      try args.interpreter.limits.checkListLength(t.count, range: args.callRange)
      return nestedList(t)
    }
    method(
      "detach", [], returns: "tensor",
      doc: "The same values, cut off from gradient tracking: grad does not flow through it."
    ) { t, _ in .tensor(t.detached()) }
    method(
      "any", [], returns: "bool",
      doc: "Whether some element is non-zero."
    ) { t, _ in .bool(t.scalars.contains { $0 != 0 }) }
    method(
      "all", [], returns: "bool",
      doc: "Whether every element is non-zero (true for an empty tensor)."
    ) { t, _ in .bool(t.scalars.allSatisfy { $0 != 0 }) }
  }

  /// A tensor's values as nested lists.
  static func nestedList(_ t: Tensor) -> Value {
    let values = t.scalars
    if t.rank == 0 { return .float32(values[0]) }
    let strides = Tensor.strides(of: t.shape)
    func build(_ dim: Int, _ offset: Int) -> Value {
      if dim == t.rank - 1 {
        return .list((0..<t.shape[dim]).map { .float32(values[offset + $0]) })
      }
      return .list((0..<t.shape[dim]).map { build(dim + 1, offset + $0 * strides[dim]) })
    }
    return build(0, 0)
  }
}
