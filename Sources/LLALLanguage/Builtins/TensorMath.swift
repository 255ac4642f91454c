import Foundation
import LLALTensor

// Element-wise functions of tensors (and of numbers): exp, log, ..., pow, clamp,
// maximum, minimum, where, softmax, log_softmax, cross_entropy.

extension TensorLibrary {
  static func registerElementwise(_ registry: BuiltinRegistry) {
    let unary: [(String, String, (Tensor) throws -> Tensor, (Double) -> Double)] = [
      ("exp", "e raised to the power x, element-wise.", { try $0.exp() }, { Foundation.exp($0) }),
      (
        "log", "The natural logarithm, element-wise (nan below 0, -inf at 0).",
        { try $0.log() }, { Foundation.log($0) }
      ),
      (
        "sqrt", "The square root, element-wise (nan below 0).", { try $0.sqrt() },
        { Foundation.sqrt($0) }
      ),
      ("abs", "The absolute value, element-wise.", { try $0.abs() }, { Swift.abs($0) }),
      (
        "tanh", "The hyperbolic tangent, element-wise.", { try $0.tanh() },
        { Foundation.tanh($0) }
      ),
      (
        "sigmoid", "The logistic function 1 / (1 + exp(-x)), element-wise.",
        { try $0.sigmoid() }, { 1 / (1 + Foundation.exp(-$0)) }
      ),
      ("relu", "max(x, 0), element-wise.", { try $0.relu() }, { Swift.max($0, 0) }),
      ("square", "x * x, element-wise.", { try $0.square() }, { $0 * $0 }),
    ]
    for (name, doc, onTensor, onNumber) in unary {
      registry.register(
        Builtin(
          name, [x], returns: "tensor|number",
          doc: doc + " A number gives a number; a tensor gives a tensor of the same shape."
        ) { args in
          if case .tensor(let t) = args["x"] { return .tensor(try onTensor(t)) }
          return .float(onNumber(try args.double("x")))
        }, methodsOn: [.tensor])
    }

    registry.register(
      Builtin(
        "pow", [x, .init("p", .tensorOrNumber)], returns: "tensor|number",
        doc: """
          x raised to the power p, element-wise; x ** p does the same. p may be a number \
          or a tensor that broadcasts with x.
          """
      ) { args in
        switch (args["x"], args["p"]) {
        case (.tensor(let t), .tensor(let e)): return .tensor(try t.pow(e))
        case (.tensor(let t), _): return .tensor(try t.pow(try args.float("p")))
        case (_, .tensor(let e)): return .tensor(try Tensor.scalar(try args.float("x")).pow(e))
        default: return .float(Foundation.pow(try args.double("x"), try args.double("p")))
        }
      }, methodsOn: [.tensor])

    registry.register(
      Builtin(
        "clamp",
        [
          x, .init("min", ParamType.number.orNone, default: Value.none),
          .init("max", ParamType.number.orNone, default: Value.none),
        ], returns: "tensor|number",
        doc: "x limited to the interval [min, max], element-wise; either bound may be left out."
      ) { args in
        let low = try args.optionalFloat("min")
        let high = try args.optionalFloat("max")
        if case .tensor(let t) = args["x"] { return .tensor(try t.clamp(min: low, max: high)) }
        var v = try args.double("x")
        if let low { v = Swift.max(v, Double(low)) }
        if let high { v = Swift.min(v, Double(high)) }
        return .float(v)
      }, methodsOn: [.tensor])

    for (name, isMax) in [("maximum", true), ("minimum", false)] {
      registry.register(
        Builtin(
          name, [.init("a", .tensorOrNumber), .init("b", .tensorOrNumber)],
          returns: "tensor|number",
          doc: """
            The element-wise \(isMax ? "larger" : "smaller") of a and b, which broadcast; \
            nan where either is nan.
            """
        ) { args in
          if case .tensor = args["a"] {
          } else if case .tensor = args["b"] {
          } else {
            let a = try args.double("a")
            let b = try args.double("b")
            if a.isNaN || b.isNaN { return .float(.nan) }  // as for tensors
            return .float(isMax ? Swift.max(a, b) : Swift.min(a, b))
          }
          let a = try args.tensor("a")
          let b = try args.tensor("b")
          return .tensor(isMax ? try a.maximum(b) : try a.minimum(b))
        }, methodsOn: [.tensor])
    }

    registry.register(
      Builtin(
        "matmul", [.init("a", .tensor), .init("b", .tensor)], returns: "tensor",
        doc: """
          The matrix product of a and b; a @ b does the same. Vectors and matrices as \
          in NumPy; with more axes, a batch of products whose leading axes broadcast.
          """
      ) { args in .tensor(try args.tensor("a").matmul(try args.tensor("b"))) },
      methodsOn: [.tensor])

    registry.register(
      Builtin(
        "where",
        [.init("condition", .tensor), .init("a", .tensorOrNumber), .init("b", .tensorOrNumber)],
        returns: "tensor",
        doc: """
          Picks a where condition is non-zero and b elsewhere, element-wise; the three \
          broadcast together. where(t > 0, t, 0) is relu(t).
          """
      ) { args in
        .tensor(
          try Tensor.where(try args.tensor("condition"), try args.tensor("a"), try args.tensor("b"))
        )
      })

    registry.register(
      Builtin(
        "softmax", [.init("x", .tensor), .init("axis", .int, default: .int(-1))],
        returns: "tensor",
        doc: """
          exp(x) normalised to sum to 1 along axis (the last by default), computed stably.
          """
      ) { args in .tensor(try args.tensor("x").softmax(axis: try args.int("axis"))) },
      methodsOn: [.tensor])

    registry.register(
      Builtin(
        "log_softmax", [.init("x", .tensor), .init("axis", .int, default: .int(-1))],
        returns: "tensor",
        doc: "log(softmax(x, axis)), computed stably."
      ) { args in .tensor(try args.tensor("x").logSoftmax(axis: try args.int("axis"))) },
      methodsOn: [.tensor])

    registry.register(
      Builtin(
        "cross_entropy",
        [
          .init("logits", .tensor),
          .init(
            "targets",
            ParamType(
              [.tensor, .list], description: "a tensor or a list of ints", shortName: "tensor|[int]"
            )),
          .init("reduction", .choice(LossReduction.self), default: .string("mean")),
        ], returns: "tensor",
        doc: """
          The cross-entropy loss of logits [N, C] against class indices targets (N ints): \
          -log softmax(logits)[i, targets[i]] per sample, then averaged (reduction: \
          "mean"), added ("sum") or kept per sample ("none").
          """
      ) { args in
        let logits = try args.tensor("logits")
        let losses: Tensor
        if case .tensor(let t) = args["targets"] {
          losses = try Tensor.crossEntropy(logits: logits, targets: t)
        } else {
          losses = try Tensor.crossEntropy(logits: logits, targets: try args.ints("targets"))
        }
        switch try args.choice("reduction", of: LossReduction.self) {
        case .mean: return .tensor(try losses.mean())
        case .sum: return .tensor(try losses.sum())
        case .none: return .tensor(losses)
        }
      })
  }
}

/// How `cross_entropy` reduces the per-sample losses.
enum LossReduction: String, CaseIterable {
  /// Their average.
  case mean
  /// Their total.
  case sum
  /// Kept per sample.
  case none
}
