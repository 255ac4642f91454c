import CKernels
import Foundation

/// A differentiable operation as recorded on the tape: what it needs to compute its
/// vector-Jacobian product, saved explicitly (never a closure over the output).
///
/// Each operation's `TapeOp` lives in the same file as its forward function, and has its
/// entry in the list of primitives, `Primitive` (Primitives.swift).
public protocol TapeOp {
  /// This type's case of `Primitive`; only Primitives.swift can make one.
  static var entry: PrimitiveEntry<Self> { get }
  /// Name for diagnostics and tape dumps (`"matmul"`).
  var name: String { get }
  /// Given the gradient of the loss with respect to the output, the gradients with
  /// respect to each input, in input order; `nil` where an input gets none.
  func vjp(_ gradOutput: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?]
}

/// One entry of the tape: an operation, its inputs, and its place in recording order.
final class TapeNode {
  let op: any TapeOp
  let inputs: [Tensor]
  /// Recording order; `backward()` processes nodes from the highest to the lowest.
  let sequence: Int

  init(op: any TapeOp, inputs: [Tensor], sequence: Int) {
    self.op = op
    self.inputs = inputs
    self.sequence = sequence
  }
}

/// Whether operations are being recorded.
public enum GradMode {
  @TaskLocal static var enabled = true
  nonisolated(unsafe) private static var counter = 0
  private static let counterLock = NSLock()

  /// True unless inside `withoutGrad`.
  public static var isEnabled: Bool { enabled }

  /// The next number in recording order. Locked: `backward()` sorts by these numbers,
  /// so they must increase even when several threads record graphs at once.
  static func nextSequence() -> Int {
    counterLock.lock()
    defer { counterLock.unlock() }
    counter &+= 1
    return counter
  }
}

/// Runs `body` without recording operations (inference, optimizer updates).
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
  try GradMode.$enabled.withValue(false, operation: body)
}

extension Tensor {
  /// Whether this tensor participates in differentiation (a leaf with `requiresGrad`
  /// or the recorded result of one).
  @inlinable public var isTracked: Bool { requiresGrad }

  /// Records `op` as having produced `output` from `inputs`, when gradients are enabled
  /// and any input is tracked. Returns `output` for chaining.
  @discardableResult
  public static func record(_ op: any TapeOp, inputs: [Tensor], output: Tensor) -> Tensor {
    guard GradMode.enabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
    output.requiresGrad = true
    output.node = TapeNode(op: op, inputs: inputs, sequence: GradMode.nextSequence())
    return output
  }

  /// Reverse-mode differentiation from this tensor.
  ///
  /// `seed` is the gradient of the final loss with respect to `self` (ones of the same
  /// shape by default, so a scalar loss needs none). Gradients are *accumulated* into
  /// the `grad` of every reachable leaf; each leaf's `grad` is its own tensor, never
  /// shared with the seed or another leaf. Unless `retainGraph` is set, the recorded
  /// nodes are dropped as they are processed, freeing the activations they saved; a
  /// later `backward()` that reaches one of those results throws (before changing any
  /// gradient) instead of treating it as a leaf.
  public func backward(_ seed: Tensor? = nil, retainGraph: Bool = false) throws {
    guard requiresGrad else {
      throw TensorError(
        "backward", "the tensor \(describeShape(shape)) does not require gradients")
    }
    let start = try seed ?? Tensor.ones(shape)
    guard start.shape == shape else {
      throw TensorError(
        "backward",
        "seed shape \(describeShape(start.shape)) differs from \(describeShape(shape))")
    }
    // The tape for this call: every recorded tensor reachable from self, in reverse
    // recording order, which is a valid reverse topological order (an operation's inputs
    // always exist, and were recorded, before its output).
    var order: [(tensor: Tensor?, sequence: Int)] = []
    var seen = Set<ObjectIdentifier>()
    var stack: [Tensor] = [self]
    while let t = stack.popLast() {
      guard seen.insert(ObjectIdentifier(t)).inserted else { continue }
      guard let node = t.node else {
        if let op = t.freedOperation { throw Tensor.freedGraphError(op, t.shape) }
        continue  // a leaf
      }
      order.append((t, node.sequence))
      for input in node.inputs where input.requiresGrad { stack.append(input) }
    }
    order.sort { $0.sequence > $1.sequence }

    if node == nil {  // backward on a leaf: its gradient is the seed itself
      try accumulateLeafGradient(start)
      return
    }
    // A leaf's gradient may still be in the works on a worker (`LinearOp`'s dW through
    // `KernelThreads.spawn`) until joined: before it is added to, and before returning.
    defer { KernelThreads.join() }
    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): start]
    for i in order.indices {
      // Take the tensor out of the tape: once its node is dropped below, the activations
      // its operation saved are freed while backward goes on. Every listed tensor keeps
      // its node until then, as its consumers (recorded later) are processed first.
      guard let t = order[i].tensor else { continue }
      order[i].tensor = nil
      guard let node = t.node else { continue }
      if !retainGraph {
        t.node = nil
        t.freedOperation = node.op.name
      }
      guard let g = grads.removeValue(forKey: ObjectIdentifier(t)) else { continue }
      var inputGrads = try withoutGrad { try node.op.vjp(g, inputs: node.inputs, output: t) }
      for (k, input) in node.inputs.enumerated() where k < inputGrads.count {
        guard input.requiresGrad, let gradShape = inputGrads[k]?.shape else { continue }
        guard gradShape == input.shape else {
          throw TensorError(
            node.op.name,
            "internal: gradient shape \(describeShape(gradShape)) for input "
              + describeShape(input.shape))
        }
        // Checked before `ig` below takes a second reference.
        if input.node == nil, input.grad == nil, Tensor.isExclusive(&inputGrads[k]) {
          input.grad = inputGrads[k]  // a fresh result only this call holds: no copy
          inputGrads[k] = nil
          continue
        }
        guard let ig = inputGrads[k] else { continue }
        if input.node == nil {
          KernelThreads.join()
          try input.accumulateLeafGradient(ig)
        } else if grads[ObjectIdentifier(input)] != nil {
          let key = ObjectIdentifier(input)
          if Tensor.isExclusive(&grads[key]), let existing = grads[key] {
            existing.addInPlace(ig)  // a sum only this call holds: no new tensor
          } else if let existing = grads[key] {
            grads[key] = try withoutGrad { try existing + ig }
          }
        } else {
          grads[ObjectIdentifier(input)] = ig
        }
      }
    }
  }

  /// Adds `g` to this leaf's `grad`. The first gradient is copied: a VJP may hand the
  /// same tensor (or storage) to several inputs, or pass the caller's seed through, and
  /// `grad` must be safe to update in place (optimizers, clipping).
  private func accumulateLeafGradient(_ g: Tensor) throws {
    if let existing = grad {
      grad = try withoutGrad { try existing + g }
    } else {
      let copy = Tensor.uninitialized(g.shape)
      let from = g.storage.base, to = copy.storage.base
      Parallel.forRanges(g.count, grain: 1 << 16) { r in
        (to + r.lowerBound).update(from: from + r.lowerBound, count: r.count)
      }
      grad = copy
    }
  }

  /// `self += g` for two tensors of the same shape, in place: what `self + g` computes.
  private func addInPlace(_ g: Tensor) {
    let a = storage.base, b = g.storage.base
    Parallel.forRanges(count, grain: 1 << 16) { r in
      llal_binary(
        Int32(LLAL_BINARY_ADD), a + r.lowerBound, 1, b + r.lowerBound, 1, a + r.lowerBound,
        r.count)
    }
  }

  /// Whether `t` is `backward()`'s alone: nothing but the variable refers to the tensor
  /// and nothing but the tensor to its storage. So it is neither the caller's seed, nor a
  /// gradient handed to several inputs, nor a view (a reshape's gradient) of one that
  /// something else still holds, and it can become a leaf's `grad` without the copy that
  /// `accumulateLeafGradient` makes, or take the next gradient in place. Extra
  /// references only ever make this false.
  static func isExclusive(_ t: inout Tensor?) -> Bool {
    guard isKnownUniquelyReferenced(&t), let tensor = t else { return false }
    return isKnownUniquelyReferenced(&tensor.storage)
  }

  /// The error for a `backward()` that reaches a result whose node an earlier call freed.
  static func freedGraphError(_ op: String, _ shape: [Int]) -> TensorError {
    TensorError(
      "backward",
      "the graph through the result of \(op) \(describeShape(shape)) was freed by an "
        + "earlier backward(); pass retainGraph: true to that call to differentiate again")
  }
}
