import LLALLanguage
import LLALNN
import LLALTensor

/// The layer functions of model blocks: each applies a layer to the node it is given
/// (`x |> conv(16, 3, pad: 1)`) and returns the new node, whose shape is inferred at once.
///
/// `relu`, `flatten` and `concat` are also tensor functions: given tensors they do what
/// the tensor library does, given nodes they build layers.
enum LayerLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    let x = Builtin.Parameter("x", .host("node", description: "a node of a model"))
    let int = ParamType.int
    registry.register(
      Builtin(
        "conv",
        [
          x, .init("out", int), .init("kernel", int), .init("stride", int, default: .int(1)),
          .init("pad", int, default: .int(0)), .init("bias", .bool, default: .bool(true)),
        ],
        returns: "node",
        doc: """
          A 2-D convolution of an image node [C, H, W] to `out` channels with a \
          kernel×kernel window: [out, (H + 2·pad − kernel)/stride + 1, …]. The bias \
          defaults to true as in PyTorch; before a batchnorm write bias: false.
          """
      ) { args in
        try layer(
          args,
          Conv2d(
            outChannels: try args.int("out"), kernel: try args.int("kernel"),
            stride: try args.int("stride"), padding: try args.int("pad"),
            bias: try args.bool("bias")),
          blaming: [
            "Conv2d.outChannels": "out", "Conv2d.kernel": "kernel", "Conv2d.stride": "stride",
            "Conv2d.padding": "pad",
          ])
      })
    registry.register(
      Builtin(
        "batchnorm",
        [
          x, .init("eps", .number, default: .float(1e-5)),
          .init("momentum", .number, default: .float(0.1)),
        ], returns: "node",
        doc: """
          Batch normalisation of a [C, H, W] or [C] node: batch statistics while \
          training, running statistics when evaluating; learns a scale and shift per \
          channel.
          """
      ) { args in
        try layer(
          args, BatchNorm(epsilon: try args.float("eps"), momentum: try args.float("momentum")))
      })
    registry.register(
      Builtin(
        "maxpool",
        [
          x, .init("kernel", int), .init("stride", ParamType.int.orNone, default: Value.none),
          .init("pad", int, default: .int(0)),
        ], returns: "node",
        doc: "Max pooling over kernel×kernel windows of an image node (stride defaults to kernel)."
      ) { args in
        try layer(
          args,
          MaxPool2d(
            kernel: try args.int("kernel"), stride: try args.optionalInt("stride"),
            padding: try args.int("pad")),
          blaming: poolFields("MaxPool2d"))
      })
    registry.register(
      Builtin(
        "avgpool",
        [
          x, .init("kernel", int), .init("stride", ParamType.int.orNone, default: Value.none),
          .init("pad", int, default: .int(0)),
        ], returns: "node",
        doc: """
          Average pooling over kernel×kernel windows of an image node (stride defaults to \
          kernel; padding counts in the mean).
          """
      ) { args in
        try layer(
          args,
          AvgPool2d(
            kernel: try args.int("kernel"), stride: try args.optionalInt("stride"),
            padding: try args.int("pad")),
          blaming: poolFields("AvgPool2d"))
      })
    registry.register(
      Builtin(
        "gap", [x], returns: "node",
        doc: "Global average pooling: an image node [C, H, W] becomes a feature vector [C]."
      ) { args in try layer(args, GlobalAvgPool()) })
    registry.register(
      Builtin(
        "linear",
        [x, .init("out", int), .init("bias", .bool, default: .bool(true))], returns: "node",
        doc: "A fully connected layer from a feature vector [F] to [out]."
      ) { args in
        try layer(
          args, Linear(outFeatures: try args.int("out"), bias: try args.bool("bias")),
          blaming: ["Linear.outFeatures": "out"])
      })
    registry.register(
      Builtin(
        "dropout", [x, .init("p", .number, default: .float(0.5))], returns: "node",
        doc: """
          Dropout: while training, zeroes each value with probability p and scales the \
          rest by 1/(1 − p); the identity when evaluating. BALD's passes use it.
          """
      ) { args in try layer(args, Dropout(try args.float("p"))) })
    registry.register(
      Builtin(
        "upsample", [x, .init("factor", int, default: .int(2))], returns: "node",
        doc: """
          Nearest-neighbour upsampling: an image node [C, H, W] becomes [C, H·factor, \
          W·factor], each value repeated in a factor × factor block (an hourglass's way \
          back up; add a skip connection with +).
          """
      ) { args in
        try layer(
          args, Upsample(factor: try args.int("factor")), blaming: ["Upsample.factor": "factor"])
      })
    registry.register(
      Builtin(
        "add", [x, .variadic("others", .host("node", description: "a node of a model"))],
        returns: "node",
        doc: "The element-wise sum of nodes of equal shape (a residual join); a + b is the same."
      ) { args in
        try LayerApplication.located(args) {
          let first = try LayerApplication.node(args["x"], args, "x")
          let others = try args.variadic("others").map {
            try LayerApplication.node($0, args, "others")
          }
          return try LayerApplication.add(
            Add(), inputs: [first] + others, limits: args.interpreter.limits)
        }
      })

    overload(registry, "relu", doc: "On a node: a ReLU layer (max(x, 0)), shape kept.") { args in
      try layer(args, ReLU())
    }
    overload(registry, "flatten", doc: "On a node: its per-sample shape flattened to [d₁·d₂·…].") {
      args in
      try layer(args, Flatten())
    }
    overloadConcat(registry)
  }

  /// Applies `layer` to the node in argument `x`; a size setting the layer refuses is
  /// reported at the argument `fields` names for it.
  private static func layer(
    _ args: Arguments, _ layer: any Layer, blaming fields: [String: String] = [:]
  ) throws -> Value {
    try LayerApplication.located(args) {
      try args.building(blaming: fields) {
        try LayerApplication.add(
          layer, inputs: [try LayerApplication.node(args["x"], args, "x")],
          limits: args.interpreter.limits)
      }
    }
  }

  /// The size fields of a pooling layer `type` and their arguments.
  private static func poolFields(_ type: String) -> [String: String] {
    ["\(type).kernel": "kernel", "\(type).stride": "stride", "\(type).padding": "pad"]
  }

  /// Replaces the tensor function `name` by one that builds a layer when its first
  /// argument is a node and otherwise does what the tensor function did.
  private static func overload(
    _ registry: BuiltinRegistry, _ name: String, doc: String,
    _ onNode: @escaping (Arguments) throws -> Value
  ) {
    guard let tensorFunction = registry.functions[name] else {
      registry.register(
        Builtin(
          name, [.init("x", .host("node", description: "a node of a model"))], doc: doc, onNode))
      return
    }
    var parameters = tensorFunction.parameters
    parameters[0] = Builtin.Parameter(parameters[0].name, .any, default: parameters[0].defaultValue)
    registry.register(
      Builtin(
        name, parameters, returns: (tensorFunction.signature.returns ?? "tensor") + "|node",
        doc: tensorFunction.doc + " " + doc
      ) { args in
        if case .host(let h) = args[0], h is NodeValue { return try onNode(args) }
        return try tensorFunction.body(args)
      })
  }

  /// `concat(list, axis:)`: tensors as the tensor library joins them, or nodes joined
  /// along a per-sample axis (0: channels or features) by a concat layer.
  private static func overloadConcat(_ registry: BuiltinRegistry) {
    guard let tensorFunction = registry.functions["concat"] else { return }
    registry.register(
      Builtin(
        "concat", tensorFunction.parameters, returns: "tensor|node",
        doc: tensorFunction.doc + """
           On a list of nodes: a concat layer joining them along a per-sample axis \
          (axis 0 is the channels of images or the features of vectors).
          """
      ) { args in
        let items = (try? args.list(args.signature.parameters[0].name)) ?? []
        guard case .host(let h)? = items.first, h is NodeValue else {
          return try tensorFunction.body(args)
        }
        return try LayerApplication.located(args) {
          let nodes = try items.map {
            try LayerApplication.node($0, args, args.signature.parameters[0].name)
          }
          return try LayerApplication.add(
            Concat(axis: try args.int("axis")), inputs: nodes, limits: args.interpreter.limits)
        }
      })
  }
}
