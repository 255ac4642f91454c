import LLALTensor

/// `grad`: gradients through the engine's reverse-mode autodiff.
enum AutodiffLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "grad",
        [
          .init("f", .function),
          .variadic(
            "inputs",
            ParamType(
              [.tensor, .int, .float, .list],
              description: "a tensor, a number or a list of tensors", shortName: "tensor")),
        ],
        returns: "tensor|list",
        doc: """
          The gradient of f at the inputs: grad(f, x) calls f(x), which must return a \
          one-element tensor, and returns d f / d x with x's shape. With several inputs, \
          grad(f, a, b) calls f(a, b) and returns the list [df/da, df/db]. An input may \
          be a number (its gradient is a float) or a list of tensors (its gradient is a \
          list). Inputs are copied first, so grad never changes them; f may use any \
          tensor operation, but not grad itself (gradients of gradients are an error).
          """
      ) { args in try grad(args) })
  }

  /// One input of `grad`, as copied for differentiation.
  private enum Leaf {
    case tensor(Tensor)
    case number(Tensor)
    case list([Tensor])

    var argument: Value {
      switch self {
      case .tensor(let t), .number(let t): return .tensor(t)
      case .list(let ts): return .list(ts.map { .tensor($0) })
      }
    }

    func gradient() throws -> Value {
      func g(_ t: Tensor) throws -> Tensor { try t.grad ?? Tensor.zeros(t.shape) }
      switch self {
      case .tensor(let t): return .tensor(try g(t))
      case .number(let t): return .float32(try g(t).item ?? 0)
      case .list(let ts): return .list(try ts.map { .tensor(try g($0)) })
      }
    }
  }

  private static func grad(_ args: Arguments) throws -> Value {
    let interpreter = args.interpreter
    // The inner gradient would be computed on its own tape, cut off from the outer one,
    // and the outer grad would silently see no dependence: zeros.
    if interpreter.isDifferentiating {
      throw RuntimeError(
        "grad() inside a function that grad() is differentiating: gradients of gradients "
          + "are not supported")
    }
    interpreter.isDifferentiating = true
    defer { interpreter.isDifferentiating = false }
    let inputs = args.variadic("inputs")
    if inputs.isEmpty {
      throw args.error("inputs", "is missing: give the point to differentiate at")
    }
    let leaves = try inputs.enumerated().map { (i, input) -> Leaf in
      switch input {
      case .tensor(let t): return .tensor(t.detached().requiringGrad())
      case .int, .float: return .number(Tensor.scalar(Float(input.asDouble ?? 0)).requiringGrad())
      case .list(let xs):
        return .list(
          try xs.map {
            guard case .tensor(let t) = $0 else {
              throw args.error(
                "inputs",
                "must be tensors or lists of tensors; input \(i) "
                  + "contains \($0.typeName)")
            }
            return t.detached().requiringGrad()
          })
      default:
        throw args.error(
          "inputs", "must be tensors, numbers or lists of tensors, found \(input.typeName)")
      }
    }
    let result = try args.interpreter.call(args["f"], leaves.map(\.argument), at: args.callRange)
    switch result {
    case .tensor(let y):
      guard y.count == 1 else {
        throw RuntimeError(
          "grad(): f must return a one-element tensor, returned a tensor of shape "
            + shapeText(y.shape))
      }
      if y.requiresGrad { try y.backward() }
    case .int, .float:
      break  // f does not depend on its inputs: every gradient is zero
    default:
      throw RuntimeError("grad(): f must return a one-element tensor, returned \(result.typeName)")
    }
    let gradients = try leaves.map { try $0.gradient() }
    return gradients.count == 1 ? gradients[0] : .list(gradients)
  }
}
