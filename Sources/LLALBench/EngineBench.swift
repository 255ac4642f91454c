import Foundation
import LLALTensor

/// `llal bench engine`: the kernels against NumPy/PyTorch (`shared/peers/gemm.py` and
/// `ops.py`), case for case: sgemm GFLOP/s for square sizes, the im2col GEMMs of a
/// width-16 CIFAR ResNet-18 at batch 128 and an MLP's layers; conv2d 3×3, max-pool,
/// batch norm, ReLU, residual add and global average pooling, forward and
/// forward+backward, at batch 128.
public enum EngineBench {
  /// Runs every case at each thread count of `options` (GEMM first, then the operations,
  /// as the peers' two scripts would in turn). `options.only` picks `gemm`, `ops`, or
  /// operation cases by key (`OpCase.key`, comma-separated), e.g. for profiling one.
  public static func run(_ options: BenchOptions, emit: (JSONLine) -> Void) throws {
    let groups = ["gemm", "ops"]
    let keys = options.only.map { $0.split(separator: ",").map(String.init) } ?? []
    let picked = keys.isEmpty || groups.contains(options.only ?? "") ? nil : Set(keys)
    if let picked {
      let known = Set(opCases(quick: false).map(\.key))
      for k in picked.sorted() where !known.contains(k) {
        throw TensorError(
          "bench engine",
          "unknown case '\(k)' (gemm, ops, or an operation case such as conv3x3_c64_h8_s2)")
      }
    }
    var meta = JSONLine()
    meta["bench"] = .string("engine")
    meta["meta"] = .object(machine())
    emit(meta)
    let saved = Parallel.threadCount
    defer { Parallel.threadCount = saved }
    if options.only == nil || options.only == "gemm" {
      for t in options.threads {
        Parallel.threadCount = t
        for c in gemmCases(quick: options.quick) { emit(try gemm(c, threads: t, options)) }
      }
    }
    if options.only == nil || options.only == "ops" || picked != nil {
      for t in options.threads {
        Parallel.threadCount = t
        for c in opCases(quick: options.quick) where picked?.contains(c.key) ?? true {
          for line in try op(c, threads: t, options) { emit(line) }
        }
      }
    }
  }

  // MARK: - GEMM

  /// One product C[M,N] = op(A)·op(B), op(A) M×K; trans means stored transposed.
  struct GemmCase {
    let group: String, name: String
    let m: Int, n: Int, k: Int
    let transA: Bool, transB: Bool
  }

  /// (name, Cin, Cout, k, Hout) of the distinct convolutions of ResNet-18 (CIFAR) at
  /// width 16, as in gemm.py.
  static let resnetConvs: [(String, Int, Int, Int, Int)] = [
    ("stem", 3, 16, 3, 32), ("s1_3x3", 16, 16, 3, 32), ("s2_down3x3", 16, 32, 3, 16),
    ("s2_3x3", 32, 32, 3, 16), ("s2_short1x1", 16, 32, 1, 16), ("s3_down3x3", 32, 64, 3, 8),
    ("s3_3x3", 64, 64, 3, 8), ("s3_short1x1", 32, 64, 1, 8), ("s4_down3x3", 64, 128, 3, 4),
    ("s4_3x3", 128, 128, 3, 4), ("s4_short1x1", 64, 128, 1, 4),
  ]

  /// The cases of gemm.py, in its order.
  static func gemmCases(quick: Bool) -> [GemmCase] {
    var out: [GemmCase] = []
    for n in [128, 256, 512, 1024] {
      out.append(
        GemmCase(
          group: "square", name: "sq\(n)", m: n, n: n, k: n,
          transA: false, transB: false))
    }
    let batch = 128
    for (name, cin, cout, k, h) in resnetConvs {
      let kk = cin * k * k, p = batch * h * h
      out.append(
        GemmCase(
          group: "im2col_fwd", name: name, m: cout, n: p, k: kk,
          transA: false, transB: false))
      out.append(
        GemmCase(
          group: "im2col_bwd_w", name: name, m: cout, n: kk, k: p,
          transA: false, transB: true))
      out.append(
        GemmCase(
          group: "im2col_bwd_x", name: name, m: kk, n: p, k: cout,
          transA: true, transB: false))
      out.append(
        GemmCase(
          group: "im2col_fwd_per_sample", name: name, m: cout, n: h * h,
          k: kk, transA: false, transB: false))
    }
    out.append(
      GemmCase(
        group: "mlp_fwd", name: "fc1", m: 128, n: 256, k: 64,
        transA: false, transB: false))
    out.append(
      GemmCase(
        group: "mlp_fwd", name: "fc2", m: 128, n: 256, k: 256,
        transA: false, transB: false))
    out.append(
      GemmCase(
        group: "mlp_fwd", name: "fc3", m: 128, n: 10, k: 256,
        transA: false, transB: false))
    return quick ? Array(out.prefix(6)) : out
  }

  static func gemm(_ c: GemmCase, threads: Int, _ options: BenchOptions) throws -> JSONLine {
    let a = try Tensor.randn([c.m * c.k], seed: 1)
    let b = try Tensor.randn([c.k * c.n], seed: 2)
    let out = try Tensor.zeros([c.m * c.n])
    let times = Timing.measure(reps: options.reps, warmup: 2, minRepTime: options.minRepTime) {
      Gemm.multiply(
        transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k,
        a: a.storage.base, lda: c.transA ? c.m : c.k, b: b.storage.base,
        ldb: c.transB ? c.k : c.n, c: out.storage.base, ldc: c.n)
    }
    var line = JSONLine()
    line["bench"] = .string("gemm")
    line["lib"] = .string("llal")
    line["threads"] = .int(threads)
    line["group"] = .string(c.group)
    line["name"] = .string(c.name)
    line["M"] = .int(c.m)
    line["N"] = .int(c.n)
    line["K"] = .int(c.k)
    line["transA"] = .bool(c.transA)
    line["transB"] = .bool(c.transB)
    append(Timing.summary(times), to: &line)
    let flop = 2.0 * Double(c.m) * Double(c.n) * Double(c.k)
    line["gflops"] = .double(gflops(flop, ms: line["median_ms"]))
    line["gflops_best"] = .double(gflops(flop, ms: line["min_ms"]))
    line["kernel"] = .string("\(KernelLevel.current)")
    return line
  }

  // MARK: - Operations (conv2d, pooling, batch norm, element-wise)

  /// One case of ops.py: an operation on an N×C×H×H batch (conv: Cin → Cout, stride).
  struct OpCase {
    let op: String
    let n: Int, c: Int, h: Int
    var cout = 0, stride = 1

    /// The case's name for `--only`: `conv3x3_c64_h8` (input channels and size), with
    /// `_s2` for stride 2; `relu_c16_h32`.
    var key: String { "\(op)_c\(c)_h\(h)" + (stride == 1 ? "" : "_s\(stride)") }
  }

  /// The cases of ops.py, in its order: 3×3 convolutions, then max-pool, batch norm, ReLU,
  /// residual add and global average pooling at four sizes.
  static func opCases(quick: Bool, batch: Int = 128) -> [OpCase] {
    var out: [OpCase] = []
    for c in [16, 32, 64] {
      for h in [32, 16, 8] { out.append(OpCase(op: "conv3x3", n: batch, c: c, h: h, cout: c)) }
    }
    out.append(OpCase(op: "conv3x3", n: batch, c: 128, h: 4, cout: 128))
    for (c, h) in [(16, 32), (32, 16), (64, 8)] {
      out.append(OpCase(op: "conv3x3", n: batch, c: c, h: h, cout: 2 * c, stride: 2))
    }
    for (c, h) in [(16, 32), (32, 16), (64, 8), (128, 4)] {
      for op in ["maxpool2x2", "batchnorm", "relu", "add", "avgpool_global"] {
        out.append(OpCase(op: op, n: batch, c: c, h: h))
      }
    }
    return quick ? Array(out.prefix(3)) : out
  }

  /// The operation of a case as a function of the input and its parameters, the
  /// parameters, and its multiply-adds × 2 per pass (conv only).
  static func operation(_ c: OpCase) throws
    -> (([Tensor]) throws -> Tensor, [Tensor], Double?)
  {
    switch c.op {
    case "conv3x3":
      let w = try Tensor.randn([c.cout, c.c, 3, 3], seed: 1) * 0.1
      let ho = (c.h + 2 - 3) / c.stride + 1
      let flop = 2.0 * Double(c.n * c.cout * ho * ho * c.c * 9)
      let f = { (t: [Tensor]) in
        try Tensor.conv2d(t[0], weight: t[1], bias: nil, stride: c.stride, padding: 1)
      }
      return (f, [w], flop)
    case "maxpool2x2":
      return ({ t in try t[0].maxPool2d(kernel: 2, stride: 2) }, [], nil)
    case "batchnorm":
      let f = { (t: [Tensor]) in
        try Tensor.batchNorm(t[0], gamma: t[1], beta: t[2], eps: 1e-5).output
      }
      return (f, [try Tensor.ones([c.c]), try Tensor.zeros([c.c])], nil)
    case "relu":
      return ({ t in try t[0].relu() }, [], nil)
    case "add":
      let other = try Tensor.randn([c.n, c.c, c.h, c.h], seed: 3)
      return ({ t in try t[0] + other }, [], nil)
    default:  // avgpool_global
      return ({ t in try t[0].globalAvgPool() }, [], nil)
    }
  }

  /// Forward (no tape) and forward+backward (input and parameters tracked, a fixed
  /// upstream gradient) times of one case, as ops.py measures them.
  static func op(_ c: OpCase, threads: Int, _ options: BenchOptions) throws -> [JSONLine] {
    let x = try Tensor.randn([c.n, c.c, c.h, c.h], seed: 0)
    let (f, params, flop) = try operation(c)
    let gy = try Tensor.randn(try withoutGrad { try f([x] + params) }.shape, seed: 2)
    let tracked = ([x] + params).map { $0.detached().requiringGrad() }
    var lines: [JSONLine] = []
    let modes: [(String, Double, () throws -> Void)] = [
      ("fwd", 1, { _ = try withoutGrad { try f([x] + params) } }),
      (
        "fwd+bwd", 3,
        {
          try f(tracked).backward(gy)
          for t in tracked { t.zeroGrad() }
        }
      ),
    ]
    for (mode, passes, body) in modes {
      let times = try Timing.measure(
        reps: options.reps, warmup: 3, minRepTime: options.minRepTime, body)
      var line = JSONLine()
      line["bench"] = .string("ops")
      line["lib"] = .string("llal")
      line["threads"] = .int(threads)
      line["op"] = .string(c.op)
      line["mode"] = .string(mode)
      line["n"] = .int(c.n)
      if c.op == "conv3x3" {
        line["cin"] = .int(c.c)
        line["cout"] = .int(c.cout)
        line["h"] = .int(c.h)
        line["stride"] = .int(c.stride)
      } else {
        line["c"] = .int(c.c)
        line["h"] = .int(c.h)
      }
      append(Timing.summary(times), to: &line)
      if let flop { line["gflops"] = .double(gflops(passes * flop, ms: line["median_ms"])) }
      line["kernel"] = .string("\(KernelLevel.current)")
      lines.append(line)
    }
    return lines
  }

  // MARK: - Helpers

  static func append(_ fields: JSONLine, to line: inout JSONLine) {
    for (k, v) in fields.fields { line[k] = v }
  }

  static func gflops(_ flop: Double, ms: JSONValue?) -> Double {
    guard case .double(let t)? = ms, t > 0 else { return 0 }
    return (flop / (t * 1e-3) / 1e9 * 100).rounded() / 100
  }

  /// CPU model, core count, kernel level and load, like the peers' `meta` line.
  static func machine() -> JSONLine {
    var m = JSONLine()
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) }
    m["cpu"] = .string(model ?? "")
    m["ncpu"] = .int(ProcessInfo.processInfo.activeProcessorCount)
    m["kernel"] = .string("\(KernelLevel.current)")
    var load = [Double](repeating: 0, count: 3)
    if getloadavg(&load, 3) == 3 { m["loadavg"] = .array(load.map { .double($0) }) }
    return m
  }
}
