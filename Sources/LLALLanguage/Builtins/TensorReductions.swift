import LLALTensor

// Reductions: sum, mean, max, min, variance, argmax, argmin. sum, mean, max and min
// also take a list of numbers.

extension TensorLibrary {
  static func registerReductions(_ registry: BuiltinRegistry) {
    let data = Builtin.Parameter(
      "x",
      ParamType(
        [.tensor, .list], description: "a tensor or a list of numbers", shortName: "tensor|list"))
    let axis = Builtin.Parameter("axis", ParamType.axes.orNone, default: Value.none)
    let keepdims = Builtin.Parameter("keepdims", .bool, default: .bool(false))

    typealias Reduce = (Tensor, [Int]?, Bool) throws -> Tensor
    let reductions: [(String, String, Reduce)] = [
      ("sum", "The sum of the elements", { try $0.sum(axes: $1, keepDims: $2) }),
      ("mean", "The mean of the elements", { try $0.mean(axes: $1, keepDims: $2) }),
      ("max", "The largest element (nan if any is nan)", { try $0.max(axes: $1, keepDims: $2) }),
      ("min", "The smallest element (nan if any is nan)", { try $0.min(axes: $1, keepDims: $2) }),
    ]
    for (name, what, reduce) in reductions {
      registry.register(
        Builtin(
          name, [data, axis, keepdims], returns: "tensor|number",
          doc: """
            \(what) of a tensor, along axis (an int or a list of ints; all axes when \
            left out), as a tensor; keepdims: true keeps reduced axes with size 1. Of a \
            list of numbers, a number.
            """
        ) { args in
          if case .tensor(let t) = args["x"] {
            return .tensor(try reduce(t, try args.axes("axis"), try args.bool("keepdims")))
          }
          return try reduceList(name, args)
        }, methodsOn: [.tensor])
    }

    registry.register(
      Builtin(
        "variance",
        [.init("x", .tensor), axis, keepdims, .init("unbiased", .bool, default: .bool(false))],
        returns: "tensor",
        doc: """
          The variance of the elements along axis (all axes when left out): the mean \
          squared deviation, divided by n - 1 instead of n with unbiased: true.
          """
      ) { args in
        .tensor(
          try args.tensor("x").variance(
            axes: try args.axes("axis"), keepDims: try args.bool("keepdims"),
            unbiased: try args.bool("unbiased")))
      }, methodsOn: [.tensor])

    for (name, isMax) in [("argmax", true), ("argmin", false)] {
      registry.register(
        Builtin(
          name,
          [
            .init("x", .tensor), .init("axis", ParamType.int.orNone, default: Value.none), keepdims,
          ],
          returns: "tensor",
          doc: """
            The index of the \(isMax ? "largest" : "smallest") element along axis, as a \
            tensor of whole numbers; without an axis, the index into the flattened tensor.
            """
        ) { args in
          var t = try args.tensor("x")
          let axis: Int
          if let a = try args.optionalInt("axis") {
            axis = a
          } else {
            t = try t.reshaped([-1])
            axis = 0
          }
          let keep = try args.bool("keepdims")
          return .tensor(
            isMax
              ? try t.argmax(axis: axis, keepDims: keep) : try t.argmin(axis: axis, keepDims: keep))
        }, methodsOn: [.tensor])
    }
  }

  /// sum, mean, max or min of a list of numbers.
  private static func reduceList(_ name: String, _ args: Arguments) throws -> Value {
    if !args.isNone("axis") { throw args.error("axis", "applies to tensors, not lists") }
    let values = try args.list("x")
    for v in values where v.asDouble == nil {
      throw args.error(
        "x", "must be a tensor or a list of numbers, found a list containing \(v.typeName)")
    }
    if values.isEmpty {
      if name == "sum" { return .int(0) }
      throw args.error("x", "is empty: \(name) needs at least one element")
    }
    let allInts = values.allSatisfy { $0.kind == .int }
    switch name {
    case "sum":
      if allInts {
        var total = 0
        for case .int(let i) in values {
          let (s, overflow) = total.addingReportingOverflow(i)
          if overflow { throw RuntimeError("sum(): integer overflow") }
          total = s
        }
        return .int(total)
      }
      return .float(values.reduce(0) { $0 + ($1.asDouble ?? 0) })
    case "mean":
      return .float(values.reduce(0) { $0 + ($1.asDouble ?? 0) } / Double(values.count))
    default:
      // NaN wins, as for tensors and NumPy's max: otherwise the answer would depend on
      // where the NaN stands, since every comparison with it is false.
      if let nan = values.first(where: { $0.asDouble?.isNaN ?? false }) { return nan }
      let isMax = name == "max"
      var best = values[0]
      for v in values.dropFirst() {
        let a = v.asDouble ?? 0
        let b = best.asDouble ?? 0
        if isMax ? a > b : a < b { best = v }
      }
      return best
    }
  }
}
