import LLALTensor

// Shape and indexing operations: reshape, permute, transpose, squeeze, unsqueeze,
// flatten, expand, concat, stack, gather, index_select, sort, topk.

extension TensorLibrary {
  static func registerShape(_ registry: BuiltinRegistry) {
    let t = Builtin.Parameter("x", .tensor)
    let methods: [ValueKind] = [.tensor]

    registry.register(
      Builtin(
        "reshape", [t, .init("shape", .shape)], returns: "tensor",
        doc: """
          The same elements in a new shape with the same element count; one dimension \
          may be -1 and is then inferred: t.reshape([2, -1]).
          """
      ) { args in .tensor(try args.tensor("x").reshaped(try args.ints("shape"))) },
      methodsOn: methods)

    registry.register(
      Builtin(
        "permute", [t, .init("axes", .axes)], returns: "tensor",
        doc: "The axes reordered: permute(t, [2, 0, 1]) moves the last axis first."
      ) { args in .tensor(try args.tensor("x").permuted(try args.ints("axes"))) },
      methodsOn: methods)

    registry.register(
      Builtin(
        "transpose",
        [
          t, .init("a", ParamType.int.orNone, default: Value.none),
          .init("b", ParamType.int.orNone, default: Value.none),
        ], returns: "tensor",
        doc: """
          Axes a and b swapped; without them, the last two axes (the matrix transpose). \
          t.T is the same.
          """
      ) { args in
        let x = try args.tensor("x")
        if let a = try args.optionalInt("a") {
          guard let b = try args.optionalInt("b") else { throw args.error("b", "is needed with a") }
          return .tensor(try x.transposed(a, b))
        }
        return .tensor(try x.transposed())
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "squeeze", [t, .init("axis", .int)], returns: "tensor",
        doc: "The tensor without axis, which must have size 1."
      ) { args in .tensor(try args.tensor("x").squeezed(axis: try args.int("axis"))) },
      methodsOn: methods)

    registry.register(
      Builtin(
        "unsqueeze", [t, .init("axis", .int)], returns: "tensor",
        doc: "The tensor with a new axis of size 1 inserted at axis."
      ) { args in .tensor(try args.tensor("x").unsqueezed(axis: try args.int("axis"))) },
      methodsOn: methods)

    registry.register(
      Builtin(
        "flatten", [t, .init("from", .int, default: .int(0))], returns: "tensor",
        doc: """
          The axes from `from` on merged into one: flatten(t) is a vector, \
          flatten(t, from: 1) keeps the batch axis of [N, C, H, W] and gives [N, C*H*W].
          """
      ) { args in .tensor(try args.tensor("x").flattened(from: try args.int("from"))) },
      methodsOn: methods)

    registry.register(
      Builtin(
        "expand", [t, .init("shape", .shape)], returns: "tensor",
        doc: "The tensor broadcast to shape (axes of size 1 repeat)."
      ) { args in .tensor(try args.tensor("x").expanded(to: try args.shape("shape"))) },
      methodsOn: methods)

    let tensors = Builtin.Parameter("tensors", .list)
    registry.register(
      Builtin(
        "concat", [tensors, .init("axis", .int, default: .int(0))], returns: "tensor",
        doc: "The tensors joined along an existing axis; the other sizes must match."
      ) { args in
        .tensor(try Tensor.concat(try tensorList(args, "tensors"), axis: try args.int("axis")))
      })

    registry.register(
      Builtin(
        "stack", [tensors, .init("axis", .int, default: .int(0))], returns: "tensor",
        doc: "The tensors, all of one shape, stacked along a new axis."
      ) { args in
        .tensor(try Tensor.stack(try tensorList(args, "tensors"), axis: try args.int("axis")))
      })

    registry.register(
      Builtin(
        "gather", [t, .init("axis", .int), .init("indices", .tensor)], returns: "tensor",
        doc: """
          Picks along axis by indices (whole numbers), as torch.gather: the result has the \
          shape of indices.
          """
      ) { args in
        .tensor(
          try args.tensor("x").gather(
            axis: try args.int("axis"), indices: try args.tensor("indices")))
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "index_select",
        [
          t, .init("axis", .int),
          .init(
            "indices",
            ParamType(
              [.list, .tensor, .int], description: "a list of ints or a tensor of indices",
              shortName: "[int]")),
        ], returns: "tensor",
        doc: "The entries at indices along axis, in that order (repeats allowed)."
      ) { args in
        let indices: [Int]
        if case .tensor(let i) = args["indices"] {
          indices = try i.scalars.map { v in
            guard v.isFinite, v == v.rounded(), Swift.abs(v) < 1e9 else {
              throw args.error("indices", "must hold whole numbers, found \(v)")
            }
            return Int(v)
          }
        } else {
          indices = try args.ints("indices")
        }
        return .tensor(
          try args.tensor("x").indexSelect(axis: try args.int("axis"), indices: indices))
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "sort",
        [
          t, .init("axis", .int, default: .int(-1)),
          .init("descending", .bool, default: .bool(false)),
        ],
        returns: "list",
        doc: """
          The values sorted along axis and the indices they came from, as a list of two \
          tensors: values, indices = t.sort(descending: true). Equal values keep their order.
          """
      ) { args in
        let r = try args.tensor("x").sorted(
          axis: try args.int("axis"), descending: try args.bool("descending"))
        return .list([.tensor(r.values), .tensor(r.indices)])
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "argsort",
        [
          t, .init("axis", .int, default: .int(-1)),
          .init("descending", .bool, default: .bool(false)),
        ],
        returns: "tensor",
        doc: """
          The indices that sort the values along axis (stable: equal values keep their \
          order); t.argsort(descending: true)[0] is the index of the largest.
          """
      ) { args in
        .tensor(
          try args.tensor("x").sorted(
            axis: try args.int("axis"), descending: try args.bool("descending")
          ).indices)
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "topk",
        [
          t, .init("k", .int), .init("axis", .int, default: .int(-1)),
          .init("largest", .bool, default: .bool(true)),
        ], returns: "list",
        doc: """
          The k largest values along axis (smallest with largest: false), in order, and \
          their indices, as a list of two tensors: values, indices = t.topk(3).
          """
      ) { args in
        let r = try args.tensor("x").topk(
          try args.int("k"), axis: try args.int("axis"), largest: try args.bool("largest"))
        return .list([.tensor(r.values), .tensor(r.indices)])
      }, methodsOn: methods)

    registry.registerProperty(
      Property("T", receiver: "tensor", doc: "The matrix transpose: the last two axes swapped.") {
        value in
        guard case .tensor(let x) = value else { return .none }
        return x.rank < 2 ? value : .tensor(try x.transposed())
      }, on: .tensor)
  }

  /// A list argument whose elements must all be tensors.
  static func tensorList(_ args: Arguments, _ name: String) throws -> [Tensor] {
    let values = try args.list(name)
    if values.isEmpty { throw args.error(name, "must not be empty") }
    return try values.enumerated().map { i, v in
      guard case .tensor(let t) = v else {
        throw args.error(name, "must be a list of tensors, found \(v.typeName) at index \(i)")
      }
      return t
    }
  }
}
