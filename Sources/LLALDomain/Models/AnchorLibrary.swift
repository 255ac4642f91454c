import LLALLanguage
import LLALNN

/// `anchors(x, sizes:, classes:, offsets:)`: a detector's heads on a feature map of a
/// model block, with the anchors they predict for (`AnchorHead`); `detect(Model)` reads
/// the anchors back from the built model.
enum AnchorLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "anchors",
        [
          .init("x", .host("node", description: "a node of a model")),
          .init("sizes", ParamType.list), .init("classes", .int),
          .init("offsets", ParamType.list.orNone, default: Value.none),
        ],
        returns: "node",
        doc: """
          Detection heads on a feature map [C, H, W]: square anchors of each side in \
          `sizes` (input pixels) centred on every cell, moved by each [dx, dy] of \
          `offsets` (default [[0, 0]]); two 3×3 convolutions give per anchor classes + 1 \
          logits (background first) and 4 box offsets. The output has one row per anchor, \
          [H·W·A, classes + 5], cell by cell (row-major), then size by size, offset by \
          offset; join maps with concat([a, b], axis: 0) and train with detect(Model).
          """
      ) { args in
        let sizes = try args.list("sizes").map { v -> Double in
          guard let d = v.asDouble, d > 0, d.isFinite else {
            throw args.error("sizes", "must be a list of positive numbers, found \(v)")
          }
          return d
        }
        guard !sizes.isEmpty else { throw args.error("sizes", "must hold at least one size") }
        var offsets: [(Double, Double)] = [(0, 0)]
        if !args.isNone("offsets") {
          offsets = try args.list("offsets").map { v in
            guard case .list(let pair) = v, pair.count == 2, let dx = pair[0].asDouble,
              let dy = pair[1].asDouble, dx.isFinite, dy.isFinite
            else {
              throw args.error("offsets", "must be a list of [dx, dy] pairs, found \(v)")
            }
            return (dx, dy)
          }
          guard !offsets.isEmpty else {
            throw args.error("offsets", "must hold at least one [dx, dy] pair")
          }
        }
        return try LayerApplication.located(args) {
          try args.building(blaming: ["AnchorHead.classes": "classes"]) {
            try LayerApplication.add(
              AnchorHead(sizes: sizes, offsets: offsets, classes: try args.int("classes")),
              inputs: [try LayerApplication.node(args["x"], args, "x")],
              limits: args.interpreter.limits)
          }
        }
      })
  }
}
