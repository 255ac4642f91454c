/// The engine's primitives: every operation the tape records, one case per `TapeOp` type
/// (after Lua's `lopcodes.h` and tinygrad's `Ops`). Everything else that differentiates —
/// `softmax` chains, the ranking loss, whole networks — is a composition of these.
///
/// The list is closed by the compiler, not by searching the source text:
///
/// - `TapeOp` requires a `PrimitiveEntry<Self>`, and only this file can make one that
///   names a primitive (its initialiser is `fileprivate`), so a type conforms to `TapeOp`
///   — wherever it or its conformance is declared, extensions included — only once it has
///   an entry below (or says it is `unlisted`, which only tests of the tape do);
/// - `opType` switches over every case, so a new case does not build until it names its
///   type.
///
/// What the compiler cannot see, `GradientCoverageTests` checks: that the two directions
/// agree (each case's type names that case, and every recorded operation is the type of
/// its case) and that every case has a finite-difference check.
public enum Primitive: String, CaseIterable, Sendable {
  // Arithmetic with broadcasting (Ops/Arithmetic.swift).
  /// `a + b`.
  case add
  /// `a - b`.
  case sub
  /// `a * b`.
  case mul
  /// `a / b`.
  case div
  /// `-a`.
  case neg

  // Element-wise functions.
  /// One function of each element: `exp`, `log`, `sqrt`, `abs`, `tanh`, `sigmoid`, `relu`,
  /// `square`, `pow` with a number, `clamp` (Ops/Unary.swift).
  case unary
  /// `a ** b` with a tensor exponent, broadcasting (Ops/Unary.swift).
  case pow
  /// `a.remainder(b)`, with the divisor's sign as `torch.remainder` (Ops/Remainder.swift).
  case remainder
  /// `maximum(a, b)` and `minimum(a, b)`, broadcasting (Ops/BinaryMinMax.swift).
  case minMax
  /// `Tensor.where(condition, a, b)` (Ops/Comparison.swift).
  case `where`
  /// `Tensor.addReLU(a, b)`: `relu(a + b)` in one pass (Ops/AddReLU.swift).
  case addReLU

  // Reductions over axes (Ops/Reduction.swift).
  /// `sum(axes:)`.
  case sum
  /// `mean(axes:)`.
  case mean
  /// `max(axes:)` and `min(axes:)`.
  case extremum
  /// `variance(axes:unbiased:)`.
  case variance

  // Normalised outputs and losses.
  /// `softmax(axis:)` and `logSoftmax(axis:)` (Ops/Softmax.swift).
  case softmax
  /// Per-sample cross-entropy of logits against class indices (Ops/CrossEntropy.swift).
  case crossEntropy

  // Shapes and pieces.
  /// `reshaped`, and every other change of shape that keeps the order (Ops/Shape.swift).
  case reshape
  /// `permuted` and `transposed` (Ops/Shape.swift).
  case permute
  /// `expanded`: a broadcast to a larger shape (Ops/Shape.swift).
  case expand
  /// `slice(axis:start:end:step:)` and `select` (Ops/Slicing.swift).
  case slice
  /// `Tensor.concat` and `Tensor.stack` (Ops/Concat.swift).
  case concat
  /// `gather(axis:indices:)`, and the values of `sorted` and `topk` (Ops/Indexing.swift).
  case gather
  /// `indexSelect(axis:indices:)`: whole slices by index (Ops/Indexing.swift).
  case indexSelect

  // Linear algebra (Ops/MatMul.swift).
  /// `matmul`: 1-D, 2-D and batched products with broadcast batch dimensions.
  case matmul
  /// `Tensor.linear`: `x·Wᵀ + b`.
  case linear

  // Images, NCHW.
  /// `Tensor.conv2d` (Ops/Conv2d.swift).
  case conv2d
  /// `maxPool2d(kernel:stride:padding:)` (Ops/Pooling.swift).
  case maxPool2d
  /// `avgPool2d(kernel:stride:padding:)`, padding counted (Ops/Pooling.swift).
  case avgPool2d
  /// `globalAvgPool()`: the mean of each plane (Ops/Pooling.swift).
  case globalAvgPool
  /// `Tensor.batchNorm` with batch statistics (Ops/BatchNorm.swift).
  case batchNorm
  /// `Tensor.batchNormInference` with given statistics (Ops/BatchNorm.swift).
  case batchNormInference

  // Task operations.
  /// `upsampleNearest(factor:)`: each pixel repeated factor × factor (Ops/Upsample.swift).
  case upsampleNearest
  /// `huber(delta:)` and `smoothL1(beta:)` per element (Ops/Huber.swift).
  case huber
  /// `Tensor.binaryCrossEntropy(logits:targets:)`, stable per element
  /// (Ops/BinaryCrossEntropy.swift).
  case binaryCrossEntropy
  /// `Tensor.perSampleMSE(p, t)`: the mean squared error of each sample, `[B]`
  /// (Ops/PerSample.swift).
  case perSampleMSE
  /// `Tensor.multiboxLoss(output:targets:)`: SSD's loss of each image, `[B]`
  /// (Ops/Multibox.swift).
  case multiboxLoss

  /// The type that records this primitive.
  var opType: any TapeOp.Type {
    switch self {
    case .add: AddOp.self
    case .sub: SubOp.self
    case .mul: MulOp.self
    case .div: DivOp.self
    case .neg: NegOp.self
    case .unary: UnaryOp.self
    case .pow: PowOp.self
    case .remainder: RemainderOp.self
    case .minMax: MinMaxOp.self
    case .where: WhereOp.self
    case .addReLU: AddReLUOp.self
    case .sum: SumOp.self
    case .mean: MeanOp.self
    case .extremum: ExtremumOp.self
    case .variance: VarianceOp.self
    case .softmax: SoftmaxOp.self
    case .crossEntropy: CrossEntropyOp.self
    case .reshape: ReshapeOp.self
    case .permute: PermuteOp.self
    case .expand: ExpandOp.self
    case .slice: SliceOp.self
    case .concat: ConcatOp.self
    case .gather: GatherOp.self
    case .indexSelect: IndexSelectOp.self
    case .matmul: MatMulOp.self
    case .linear: LinearOp.self
    case .conv2d: Conv2dOp.self
    case .maxPool2d: MaxPool2dOp.self
    case .avgPool2d: AvgPool2dOp.self
    case .globalAvgPool: GlobalAvgPoolOp.self
    case .batchNorm: BatchNormOp.self
    case .batchNormInference: BatchNormInferenceOp.self
    case .upsampleNearest: UpsampleNearestOp.self
    case .huber: HuberOp.self
    case .binaryCrossEntropy: BinaryCrossEntropyOp.self
    case .perSampleMSE: PerSampleMSEOp.self
    case .multiboxLoss: MultiboxOp.self
    }
  }
}

/// A `TapeOp` type's place in `Primitive`: the proof that the list names it.
public struct PrimitiveEntry<Op: TapeOp>: Sendable {
  /// The case naming `Op`; nil only for `unlisted`.
  public let primitive: Primitive?

  // NOTE: fileprivate is the point: no other file, and no other module, can make a listed
  // entry, so every `TapeOp` with a primitive is listed here.
  fileprivate init(_ primitive: Primitive?) { self.primitive = primitive }

  /// The entry of an operation outside the list: only for tests of the tape itself (an
  /// operation with a wrong gradient, a probe that watches `backward()`). The engine
  /// records none; `GradientCoverageTests` fails on any it meets.
  static var unlisted: PrimitiveEntry { PrimitiveEntry(nil) }
}

extension TapeOp {
  /// The primitive this operation type records; nil only for a test's own operation.
  public static var primitive: Primitive? { entry.primitive }
}

// MARK: - Entries, in the order of the cases

extension AddOp { static let entry = PrimitiveEntry<Self>(.add) }
extension SubOp { static let entry = PrimitiveEntry<Self>(.sub) }
extension MulOp { static let entry = PrimitiveEntry<Self>(.mul) }
extension DivOp { static let entry = PrimitiveEntry<Self>(.div) }
extension NegOp { static let entry = PrimitiveEntry<Self>(.neg) }
extension UnaryOp { static let entry = PrimitiveEntry<Self>(.unary) }
extension PowOp { static let entry = PrimitiveEntry<Self>(.pow) }
extension RemainderOp { static let entry = PrimitiveEntry<Self>(.remainder) }
extension MinMaxOp { static let entry = PrimitiveEntry<Self>(.minMax) }
extension WhereOp { static let entry = PrimitiveEntry<Self>(.where) }
extension AddReLUOp { static let entry = PrimitiveEntry<Self>(.addReLU) }
extension SumOp { static let entry = PrimitiveEntry<Self>(.sum) }
extension MeanOp { static let entry = PrimitiveEntry<Self>(.mean) }
extension ExtremumOp { static let entry = PrimitiveEntry<Self>(.extremum) }
extension VarianceOp { static let entry = PrimitiveEntry<Self>(.variance) }
extension SoftmaxOp { static let entry = PrimitiveEntry<Self>(.softmax) }
extension CrossEntropyOp { static let entry = PrimitiveEntry<Self>(.crossEntropy) }
extension ReshapeOp { static let entry = PrimitiveEntry<Self>(.reshape) }
extension PermuteOp { static let entry = PrimitiveEntry<Self>(.permute) }
extension ExpandOp { static let entry = PrimitiveEntry<Self>(.expand) }
extension SliceOp { static let entry = PrimitiveEntry<Self>(.slice) }
extension ConcatOp { static let entry = PrimitiveEntry<Self>(.concat) }
extension GatherOp { static let entry = PrimitiveEntry<Self>(.gather) }
extension IndexSelectOp { static let entry = PrimitiveEntry<Self>(.indexSelect) }
extension MatMulOp { static let entry = PrimitiveEntry<Self>(.matmul) }
extension LinearOp { static let entry = PrimitiveEntry<Self>(.linear) }
extension Conv2dOp { static let entry = PrimitiveEntry<Self>(.conv2d) }
extension MaxPool2dOp { static let entry = PrimitiveEntry<Self>(.maxPool2d) }
extension AvgPool2dOp { static let entry = PrimitiveEntry<Self>(.avgPool2d) }
extension GlobalAvgPoolOp { static let entry = PrimitiveEntry<Self>(.globalAvgPool) }
extension BatchNormOp { static let entry = PrimitiveEntry<Self>(.batchNorm) }
extension BatchNormInferenceOp { static let entry = PrimitiveEntry<Self>(.batchNormInference) }
extension UpsampleNearestOp { static let entry = PrimitiveEntry<Self>(.upsampleNearest) }
extension HuberOp { static let entry = PrimitiveEntry<Self>(.huber) }
extension BinaryCrossEntropyOp { static let entry = PrimitiveEntry<Self>(.binaryCrossEntropy) }
extension PerSampleMSEOp { static let entry = PrimitiveEntry<Self>(.perSampleMSE) }
extension MultiboxOp { static let entry = PrimitiveEntry<Self>(.multiboxLoss) }
