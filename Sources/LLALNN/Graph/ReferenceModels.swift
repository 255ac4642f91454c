/// The models of the PyTorch peers (`shared/peers/models.py`), built as graphs whose
/// parameter names match the peers' `state_dict` names, for benchmarks and comparisons.
public enum ReferenceModels {
  /// A built model and the nodes the loss module taps in the peers.
  public struct Built {
    /// The graph.
    public let graph: ModelGraph
    /// The tapped nodes (empty for the MLP).
    public let taps: [NodeID]
  }

  /// An MLP `sizes[0]`-…-`sizes.last` with ReLU between layers (64-256-256-10 in the
  /// peers).
  public static func mlp(sizes: [Int] = [64, 256, 256, 10], seed: UInt64 = 0) throws -> Built {
    guard sizes.count >= 2 else { throw ModelError("an MLP needs at least two sizes") }
    let g = try ModelGraph(name: "MLP", inputShape: [sizes[0]], seed: seed)
    var h = g.input
    for (i, width) in sizes.dropFirst().enumerated() {
      h = try g.add(Linear(outFeatures: width), h, name: "layers.\(i)")
      if i < sizes.count - 2 { h = try g.add(ReLU(), h, name: "relu\(i)") }
    }
    return Built(graph: g, taps: [])
  }

  /// The digits CNN on `1×8×8`: conv 16 3×3 pad 1 → BN → ReLU (`f1`) → conv 32 3×3
  /// stride 2 pad 1 → BN → ReLU (`f2`) → global average pool → linear. Taps `f1`, `f2`.
  public static func digitsCNN(classes: Int = 10, seed: UInt64 = 0) throws -> Built {
    let g = try ModelGraph(name: "DigitsCNN", inputShape: [1, 8, 8], seed: seed)
    var h = try g.add(
      Conv2d(outChannels: 16, kernel: 3, padding: 1, bias: false), g.input, name: "conv1")
    h = try g.add(BatchNorm(), h, name: "bn1")
    let f1 = try g.add(ReLU(), h, name: "f1")
    h = try g.add(
      Conv2d(outChannels: 32, kernel: 3, stride: 2, padding: 1, bias: false), f1, name: "conv2")
    h = try g.add(BatchNorm(), h, name: "bn2")
    let f2 = try g.add(ReLU(), h, name: "f2")
    h = try g.add(GlobalAvgPool(), f2, name: "gap")
    try g.add(Linear(outFeatures: classes), h, name: "fc")
    return Built(graph: g, taps: [f1, f2])
  }

  /// The pose peer's "hourglass-lite" on `1×32×32` (`shared/peers/al_pose.py`): conv 16
  /// → BN → ReLU → max-pool 2 → conv 32 → BN → ReLU (`t1`, 16×16) → max-pool 2 → conv 64
  /// → BN → ReLU (`t2`, 8×8) → nearest upsample ×2 → conv 32 → BN → ReLU, plus `t1`
  /// (`t3`) → conv `joints` 1×1 with bias: heatmaps `[joints, 16, 16]`. The 3×3 convs have
  /// padding 1 and no bias. Taps `t1`, `t2`, `t3`.
  public static func hourglassLite(
    joints: Int = 3, inputShape: [Int] = [1, 32, 32], seed: UInt64 = 0
  ) throws -> Built {
    let g = try ModelGraph(name: "HourglassLite", inputShape: inputShape, seed: seed)
    func block(_ x: NodeID, _ channels: Int, _ k: Int, name: String? = nil) throws -> NodeID {
      let conv = try g.add(
        Conv2d(outChannels: channels, kernel: 3, padding: 1, bias: false), x, name: "conv\(k)")
      return try g.add(ReLU(), try g.add(BatchNorm(), conv, name: "bn\(k)"), name: name)
    }
    let f = try block(g.input, 16, 1)
    let t1 = try block(try g.add(MaxPool2d(kernel: 2), f), 32, 2, name: "t1")
    let t2 = try block(try g.add(MaxPool2d(kernel: 2), t1), 64, 3, name: "t2")
    let up = try block(try g.add(Upsample(factor: 2), t2), 32, 4)
    let t3 = try g.add(Add(), inputs: [up, t1], name: "t3")
    try g.add(Conv2d(outChannels: joints, kernel: 1), t3, name: "head")
    return Built(graph: g, taps: [t1, t2, t3])
  }

  /// The CIFAR ResNet-18: 3×3 stem (no max-pool), four stages of two basic blocks with
  /// widths `width·(1, 2, 4, 8)`, stride 2 from the second stage on, 1×1 conv + BN
  /// projection shortcuts where the shape changes, global average pool, linear. Taps the
  /// output of each stage (`layers.0.1` … `layers.3.1`).
  public static func resNet18(
    width: Int = 16, classes: Int = 10, inputShape: [Int] = [3, 32, 32], seed: UInt64 = 0
  ) throws -> Built {
    let g = try ModelGraph(name: "ResNet18", inputShape: inputShape, seed: seed)
    var h = try g.add(
      Conv2d(outChannels: width, kernel: 3, padding: 1, bias: false), g.input, name: "conv1")
    h = try g.add(BatchNorm(), h, name: "bn1")
    h = try g.add(ReLU(), h, name: "relu")
    var taps: [NodeID] = []
    var cin = width
    for stage in 0..<4 {
      let cout = width << stage
      for block in 0..<2 {
        let stride = stage > 0 && block == 0 ? 2 : 1
        h = try basicBlock(
          g, h, name: "layers.\(stage).\(block)", cin: cin, cout: cout, stride: stride)
        cin = cout
      }
      taps.append(h)
    }
    h = try g.add(GlobalAvgPool(), h, name: "gap")
    try g.add(Linear(outFeatures: classes), h, name: "fc")
    return Built(graph: g, taps: taps)
  }

  /// conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus the (projected) input, → ReLU.
  private static func basicBlock(
    _ g: ModelGraph, _ x: NodeID, name: String, cin: Int, cout: Int, stride: Int
  ) throws -> NodeID {
    var h = try g.add(
      Conv2d(outChannels: cout, kernel: 3, stride: stride, padding: 1, bias: false), x,
      name: "\(name).conv1")
    h = try g.add(BatchNorm(), h, name: "\(name).bn1")
    h = try g.add(ReLU(), h, name: "\(name).relu1")
    h = try g.add(
      Conv2d(outChannels: cout, kernel: 3, padding: 1, bias: false), h, name: "\(name).conv2")
    h = try g.add(BatchNorm(), h, name: "\(name).bn2")
    var skip = x
    if stride != 1 || cin != cout {
      skip = try g.add(
        Conv2d(outChannels: cout, kernel: 1, stride: stride, bias: false), x,
        name: "\(name).shortcut.0")
      skip = try g.add(BatchNorm(), skip, name: "\(name).shortcut.1")
    }
    let sum = try g.add(Add(), inputs: [h, skip], name: "\(name).add")
    return try g.add(ReLU(), sum, name: name)
  }
}

extension ReferenceModels {
  /// The SSD-lite of `shared/peers/al_detect.py`: conv 16 → BN → ReLU → max-pool 2 →
  /// conv 32 → BN → ReLU (`t1`, 16×16) → max-pool 2 → conv 64 → BN → ReLU (`t2`, map A,
  /// 8×8) → conv 64 stride 2 → BN → ReLU (`t3`, map B, 4×4); anchors on `t2` (sizes 6 and
  /// 10 at 4 sub-positions ±1 px) and on `t3` (sizes 14 and 20), joined: 544 anchors.
  /// Taps `t1`, `t2`, `t3`.
  public static func ssdLite(classes: Int = 3, inputShape: [Int] = [1, 32, 32], seed: UInt64 = 0)
    throws -> Built
  {
    let g = try ModelGraph(name: "SSDLite", inputShape: inputShape, seed: seed)
    func block(_ x: NodeID, _ channels: Int, _ k: Int, stride: Int = 1, name: String? = nil)
      throws -> NodeID
    {
      let conv = try g.add(
        Conv2d(outChannels: channels, kernel: 3, stride: stride, padding: 1, bias: false), x,
        name: "conv\(k)")
      return try g.add(ReLU(), try g.add(BatchNorm(), conv, name: "bn\(k)"), name: name)
    }
    let f = try g.add(MaxPool2d(kernel: 2), try block(g.input, 16, 1))
    let t1 = try block(f, 32, 2, name: "t1")
    let t2 = try block(try g.add(MaxPool2d(kernel: 2), t1), 64, 3, name: "t2")
    let t3 = try block(t2, 64, 4, stride: 2, name: "t3")
    let a = try g.add(
      AnchorHead(sizes: [6, 10], offsets: [(-1, -1), (1, -1), (-1, 1), (1, 1)], classes: classes),
      t2, name: "head_a")
    let b = try g.add(AnchorHead(sizes: [14, 20], classes: classes), t3, name: "head_b")
    try g.add(Concat(axis: 0), inputs: [a, b], name: "out")
    return Built(graph: g, taps: [t1, t2, t3])
  }
}
