import CKernels

/// The optimizers' in-place updates of their parameters (`CKernels/optimizer.c`): one
/// vectorised pass over each tensor's weights, gradient and optimizer state, with the same
/// floats as PyTorch's scalar rule at every kernel level. All of a step's parameters are
/// one job over the kernels' threads, its values split evenly (so a model of many small
/// tensors still spreads): the update reads and writes every value once and is limited
/// by memory, which each thread's core adds to.
public enum ParameterUpdate {
  /// At least this many values per thread.
  static let grain = 1 << 14

  /// One parameter's SGD update: `d = g + weightDecay·w`; with momentum 0, `w −= lr·d`;
  /// otherwise `b = momentum·b + d` in `velocity` (`b = d` when `first`) and
  /// `w −= lr·(d + momentum·b)` with `nesterov`, else `w −= lr·b`.
  public struct SGDTerm {
    let weight: Tensor, gradient: Tensor, velocity: Tensor?, first: Bool
    /// The update of `weight` from `gradient` (the same count), with `velocity` (the same
    /// count; nil for momentum 0), initialised from this step's gradient when `first`.
    public init(weight: Tensor, gradient: Tensor, velocity: Tensor?, first: Bool) {
      precondition(gradient.count == weight.count)
      precondition((velocity?.count ?? weight.count) == weight.count)
      (self.weight, self.gradient, self.velocity, self.first) = (weight, gradient, velocity, first)
    }
  }

  /// SGD on every term (see `SGDTerm`) with these settings.
  public static func sgd(
    _ terms: [SGDTerm], lr: Float, momentum: Float, weightDecay: Float, nesterov: Bool
  ) {
    spread(terms.map(\.weight.count)) { k, r in
      let t = terms[k]
      let o = r.lowerBound
      llal_sgd_step(
        t.weight.storage.base + o, t.velocity.map { $0.storage.base + o },
        t.gradient.storage.base + o, r.count, lr, momentum, weightDecay, nesterov ? 1 : 0,
        t.first ? 1 : 0)
    }
  }

  /// One parameter's Adam update: `w ·= keep` (AdamW's decoupled decay, 1 for none),
  /// `d = g + l2·w`, `m = β₁·m + (1 − β₁)·d`, `v = β₂·v + (1 − β₂)·d²`,
  /// `w −= stepSize·m / (√v / correction2 + epsilon)`.
  public struct AdamTerm {
    let weight: Tensor, gradient: Tensor, m: Tensor, v: Tensor
    let stepSize: Float, correction2: Float
    /// The update of `weight` from `gradient` with moments `m` and `v` (all the same
    /// count), and this parameter's bias-corrected step size and second correction.
    public init(
      weight: Tensor, gradient: Tensor, m: Tensor, v: Tensor, stepSize: Float,
      correction2: Float
    ) {
      precondition([gradient.count, m.count, v.count].allSatisfy { $0 == weight.count })
      (self.weight, self.gradient, self.m, self.v) = (weight, gradient, m, v)
      (self.stepSize, self.correction2) = (stepSize, correction2)
    }
  }

  /// Adam on every term (see `AdamTerm`) with these settings.
  public static func adam(
    _ terms: [AdamTerm], beta1: Float, beta2: Float, epsilon: Float, l2: Float, keep: Float
  ) {
    spread(terms.map(\.weight.count)) { k, r in
      let t = terms[k]
      let o = r.lowerBound
      llal_adam_step(
        t.weight.storage.base + o, t.m.storage.base + o, t.v.storage.base + o,
        t.gradient.storage.base + o, r.count, t.stepSize, t.correction2, beta1, beta2, epsilon,
        l2, keep)
    }
  }

  /// Splits the values of tensors of `counts` elements, one after the other, into up to
  /// `Parallel.threadCount` equal pieces of at least `grain` values, and calls
  /// `body(tensor, range within it)` for each tensor's part of each piece.
  static func spread(_ counts: [Int], _ body: (Int, Range<Int>) -> Void) {
    let total = counts.reduce(0, +)
    Parallel.forRanges(total, grain: grain) { piece in
      var start = 0
      for (k, n) in counts.enumerated() {
        let lo = max(piece.lowerBound, start), hi = min(piece.upperBound, start + n)
        if lo < hi { body(k, (lo - start)..<(hi - start)) }
        start += n
      }
    }
  }
}
