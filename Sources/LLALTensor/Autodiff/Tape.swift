/// A differentiable operation as recorded on the tape: what it needs to compute its
/// vector-Jacobian product, saved explicitly (never a closure over the output).
///
/// Each operation's `TapeOp` lives in the same file as its forward function.
public protocol TapeOp {
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
  nonisolated(unsafe) static var counter = 0

  /// True unless inside `withoutGrad`.
  public static var isEnabled: Bool { enabled }

  static func nextSequence() -> Int {
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
  /// the `grad` of every reachable leaf. Unless `retainGraph` is set, the recorded
  /// nodes are dropped as they are processed, freeing the activations they saved.
  public func backward(_ seed: Tensor? = nil, retainGraph: Bool = false) throws {
    guard requiresGrad else {
      throw TensorError("backward", "the tensor does not require gradients")
    }
    let start = try seed ?? Tensor.ones(shape)
    guard start.shape == shape else {
      throw TensorError(
        "backward",
        "seed shape \(describeShape(start.shape)) differs from \(describeShape(shape))")
    }
    // The tape for this call: every recorded tensor reachable from self, in reverse
    // recording order, which is a valid reverse topological order.
    var order: [Tensor?] = []
    var seen = Set<ObjectIdentifier>()
    var stack: [Tensor] = [self]
    while let t = stack.popLast() {
      guard seen.insert(ObjectIdentifier(t)).inserted, let node = t.node else { continue }
      order.append(t)
      for input in node.inputs where input.requiresGrad { stack.append(input) }
    }
    order.sort { $0!.node!.sequence > $1!.node!.sequence }

    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): start]
    func accumulate(_ t: Tensor, _ g: Tensor) throws {
      let key = ObjectIdentifier(t)
      if let existing = grads[key] { grads[key] = try withoutGrad { try existing + g } }
      else { grads[key] = g }
    }
    if node == nil {  // backward on a leaf: its gradient is the seed itself
      grad = try grad.map { g in try withoutGrad { try g + start } } ?? start
      return
    }
    for i in order.indices {
      // Take the tensor out of the tape so that, once its node is dropped below, the
      // activations its operation saved are freed while backward goes on.
      guard let t = order[i] else { continue }
      order[i] = nil
      let node = t.node!
      if !retainGraph { t.node = nil }
      guard let g = grads.removeValue(forKey: ObjectIdentifier(t)) else { continue }
      let inputGrads = try withoutGrad { try node.op.vjp(g, inputs: node.inputs, output: t) }
      for (input, ig) in zip(node.inputs, inputGrads) {
        guard let ig, input.requiresGrad else { continue }
        guard ig.shape == input.shape else {
          throw TensorError(
            node.op.name,
            "internal: gradient shape \(describeShape(ig.shape)) for input \(describeShape(input.shape))"
          )
        }
        if input.node == nil {
          input.grad = try input.grad.map { g in try withoutGrad { try g + ig } } ?? ig
        } else {
          try accumulate(input, ig)
        }
      }
    }
  }
}
