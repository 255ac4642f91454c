import Foundation
import TestSupport
import XCTest

@testable import LLALTensor

/// What `backward()` promises beyond each operation's own gradient: how gradients from
/// several paths combine, what happens to the graph afterwards, seeds, no-grad scopes,
/// detaching, accumulation across calls, and leaves' gradients being their own tensors.
final class AutodiffSemanticsTests: XCTestCase {
  // MARK: several paths

  // y = x + x, z = x·x, w = eˣ + 3x: every use of x contributes, so dy/dx = 2,
  // dz/dx = 2x, dw/dx = eˣ + 3.
  func testATensorUsedTwiceAddsItsGradients() throws {
    let x = Tensor([0.5, -1, 2]).requiringGrad()
    try (x + x).sum().backward()
    XCTAssertEqual(x.grad?.scalars, [2, 2, 2])
    x.zeroGrad()
    try (x * x).sum().backward()
    XCTAssertEqual(x.grad?.scalars, [1, -2, 4])
    x.zeroGrad()
    try (x.exp() + x * 3).sum().backward()
    assertClose(x.grad?.scalars ?? [], x.scalars.map { Foundation.exp($0) + 3 })
    // The same tensor twice in one operation's inputs.
    x.zeroGrad()
    try Tensor.concat([x, x], axis: 0).backward(Tensor([1, 2, 3, 10, 20, 30]))
    XCTAssertEqual(x.grad?.scalars, [11, 22, 33])
  }

  // a = 2x; y = a² + eᵃ: both branches meet again in y, so
  // dy/dx = 2·(2a + eᵃ) = 8x + 2e^{2x}.
  func testDiamondGraphSumsBothBranches() throws {
    let x = Tensor([0.25, -0.5, 1]).requiringGrad()
    let a = try x * 2
    try (a.square() + a.exp()).sum().backward()
    assertClose(x.grad?.scalars ?? [], x.scalars.map { 8 * $0 + 2 * Foundation.exp(2 * $0) })
    // The intermediate only passes gradients on: it keeps none of its own.
    XCTAssertNil(a.grad)
  }

  // h = x², y = h·(h + x) = x⁴ + x³: h is used at two depths, so its gradient must be
  // complete before it is passed on. dy/dx = 4x³ + 3x² = 44 at x = 2.
  func testIntermediateUsedAtTwoDepthsIsCompleteBeforeItPropagates() throws {
    let x = Tensor([2]).requiringGrad()
    let h = try x * x
    let y = try h * (h + x)
    try y.backward()
    XCTAssertEqual(y.scalars, [24])
    XCTAssertEqual(x.grad?.scalars, [44])
  }

  // MARK: the graph after backward

  // y = Σ x²: dy/dx = 2x per call; the retained graph allows a second call, which adds.
  func testBackwardTwiceWithRetainGraph() throws {
    let x = Tensor([1, -3]).requiringGrad()
    let y = try x.square().sum()
    try y.backward(retainGraph: true)
    XCTAssertEqual(x.grad?.scalars, [2, -6])
    try y.backward()
    XCTAssertEqual(x.grad?.scalars, [4, -12])
    // The second call did not retain it.
    XCTAssertThrowsError(try y.backward()) {
      XCTAssertEqual(
        "\($0)",
        "backward: the graph through the result of sum [] was freed by an earlier "
          + "backward(); pass retainGraph: true to that call to differentiate again")
    }
  }

  // Regression: a result whose node had been freed was taken for a leaf, so a second
  // backward() silently set the result's own `grad` and never reached x.
  func testBackwardAfterTheGraphWasFreedThrowsAndChangesNothing() throws {
    let x = Tensor([1, 2]).requiringGrad()
    let y = try (x * 3).sum()
    try y.backward()
    XCTAssertEqual(x.grad?.scalars, [3, 3])
    XCTAssertNil(y.node, "backward() frees the nodes it processed")
    XCTAssertThrowsError(try y.backward()) { e in
      XCTAssertEqual(
        "\(e)",
        "backward: the graph through the result of sum [] was freed by an earlier "
          + "backward(); pass retainGraph: true to that call to differentiate again")
    }
    XCTAssertEqual(x.grad?.scalars, [3, 3])
    XCTAssertNil(y.grad)
  }

  // Two losses share h = 3x. Without retainGraph the first backward frees h's node, so
  // the second cannot reach x, and says so before touching any gradient; with it, both
  // losses' gradients add: d(Σh)/dx + d(Σ2h)/dx = 3 + 6.
  func testSecondLossThroughAFreedIntermediate() throws {
    let x = Tensor([1, 2]).requiringGrad()
    let w = Tensor([5, 5]).requiringGrad()
    let h = try x * 3
    try h.sum().backward()
    XCTAssertThrowsError(try (h * w).sum().backward()) { e in
      XCTAssertEqual(
        "\(e)",
        "backward: the graph through the result of mul [2] was freed by an earlier "
          + "backward(); pass retainGraph: true to that call to differentiate again")
    }
    XCTAssertEqual(x.grad?.scalars, [3, 3])
    XCTAssertNil(w.grad, "nothing is accumulated when backward() refuses")

    let x2 = Tensor([1, 2]).requiringGrad()
    let h2 = try x2 * 3
    try h2.sum().backward(retainGraph: true)
    try (h2 * 2).sum().backward()
    XCTAssertEqual(x2.grad?.scalars, [9, 9])
  }

  // Making a freed result a leaf again is an explicit choice that backward() respects.
  func testAFreedResultCanBeMadeALeaf() throws {
    let x = Tensor([1, 2]).requiringGrad()
    let h = try x * 3
    try h.sum().backward()
    h.requiringGrad()
    try (h * h).sum().backward()
    XCTAssertEqual(h.grad?.scalars, [6, 12])
    XCTAssertEqual(x.grad?.scalars, [3, 3])
  }

  // MARK: seeds

  // y = x·[1, 2, 3] is not a scalar: the default seed is ones, the same as Σy.
  func testBackwardOnANonScalarSeedsWithOnes() throws {
    let x = Tensor([4, 5, 6]).requiringGrad()
    try (x * Tensor([1, 2, 3])).backward()
    XCTAssertEqual(x.grad?.scalars, [1, 2, 3])
    let same = Tensor([4, 5, 6]).requiringGrad()
    try (same * Tensor([1, 2, 3])).sum().backward()
    XCTAssertEqual(same.grad?.scalars, x.grad?.scalars)
  }

  func testSeedOfTheWrongShapeThrowsAndKeepsTheGraph() throws {
    let x = Tensor([1, 2, 3]).requiringGrad()
    let y = try x * 2
    XCTAssertThrowsError(try y.backward(Tensor.ones([3, 1]))) { e in
      XCTAssertEqual("\(e)", "backward: seed shape [3, 1] differs from [3]")
    }
    XCTAssertNil(x.grad)
    try y.backward(Tensor([1, 0, -1]))
    XCTAssertEqual(x.grad?.scalars, [2, 0, -2])
  }

  // A leaf's gradient with respect to itself is the seed.
  func testBackwardOnALeafAccumulatesTheSeed() throws {
    let x = Tensor([1, 2]).requiringGrad()
    try x.backward()
    try x.backward(Tensor([3, 4]))
    XCTAssertEqual(x.grad?.scalars, [4, 5])
  }

  // MARK: recording on and off

  func testNoGradScopesNestAndRestore() throws {
    let x = Tensor([2]).requiringGrad()
    XCTAssertTrue(GradMode.isEnabled)
    let outer = try withoutGrad { () throws -> Tensor in
      XCTAssertFalse(GradMode.isEnabled)
      let inner = try withoutGrad { try x * 2 }
      XCTAssertFalse(inner.requiresGrad)
      // Leaving the inner scope does not re-enable recording inside the outer one.
      XCTAssertFalse(GradMode.isEnabled)
      return try x * inner
    }
    XCTAssertFalse(outer.requiresGrad)
    XCTAssertTrue(GradMode.isEnabled)
    // A scope left by an error restores recording too.
    XCTAssertThrowsError(try withoutGrad { try x.reshaped([2]) })
    XCTAssertTrue(GradMode.isEnabled)
    // A value computed without recording is a constant in a later recorded computation:
    // y = x·c with c = 4, dy/dx = 4.
    let c = try withoutGrad { try x * 2 }
    try (x * c).backward()
    XCTAssertEqual(x.grad?.scalars, [4])
  }

  // y = detach(x²)·x: the detached factor is a constant, so dy/dx = x² (not 3x²).
  func testDetachInTheMiddleOfAChain() throws {
    let x = Tensor([2, -1]).requiringGrad()
    let h = try x * x
    let d = h.detached()
    XCTAssertFalse(d.requiresGrad)
    XCTAssertTrue(d.storage === h.storage, "detached() shares the values")
    try (d * x).sum().backward()
    XCTAssertEqual(x.grad?.scalars, [4, 1])
  }

  func testRequiringGradFalse() throws {
    // On a leaf: nothing about it is recorded.
    let x = Tensor([1, 2]).requiringGrad().requiringGrad(false)
    let y = try x * 3
    XCTAssertFalse(y.requiresGrad)
    XCTAssertThrowsError(try y.backward()) { e in
      XCTAssertEqual("\(e)", "backward: the tensor [2] does not require gradients")
    }
    // On an intermediate: the graph is cut there. y = h·x with h = 2x held constant,
    // so dy/dx = h = 2x.
    let z = Tensor([1, 2]).requiringGrad()
    let h = try z * 2
    h.requiringGrad(false)
    try (h * z).sum().backward()
    XCTAssertEqual(z.grad?.scalars, [2, 4])
    XCTAssertNil(h.grad)
  }

  // MARK: accumulation

  func testGradientsAccumulateAcrossCallsUntilZeroed() throws {
    let w = Tensor([1, 2]).requiringGrad()
    try (w * 3).sum().backward()
    try (w * w).sum().backward()
    XCTAssertEqual(w.grad?.scalars, [5, 7])  // 3 + 2w
    w.zeroGrad()
    XCTAssertNil(w.grad)
    try (w * 3).sum().backward()
    XCTAssertEqual(w.grad?.scalars, [3, 3])
  }

  // Regression: a leaf's `grad` could be the caller's seed itself, or the very tensor
  // another leaf received (add passes its seed to both operands), so updating one
  // gradient in place (an optimizer, clipping) changed the others.
  func testLeafGradientsAreTheirOwnTensors() throws {
    let a = Tensor([1, 2]).requiringGrad()
    let b = Tensor([3, 4]).requiringGrad()
    let seed = Tensor([10, 20])
    try (a + b).backward(seed)
    let (ga, gb) = (try XCTUnwrap(a.grad), try XCTUnwrap(b.grad))
    XCTAssertFalse(ga.storage === gb.storage)
    XCTAssertFalse(ga.storage === seed.storage)
    try ga.assign(Tensor([0, 0]))
    XCTAssertEqual(gb.scalars, [10, 20])
    XCTAssertEqual(seed.scalars, [10, 20])
    // The same for a leaf differentiated directly, and through a view.
    let c = Tensor([1, 2]).requiringGrad()
    try c.backward(seed)
    XCTAssertEqual(c.grad?.scalars, [10, 20])
    XCTAssertFalse(c.grad?.storage === seed.storage)
    let m = try Tensor.zeros([1, 2]).requiringGrad()
    let view = try m.reshaped([2])
    try view.backward(seed)
    XCTAssertEqual(m.grad?.scalars, [10, 20])
    XCTAssertFalse(m.grad?.storage === seed.storage)
    // Views of views of the seed: each reshape's gradient shares the seed's storage.
    let v = try Tensor.zeros([1, 2]).requiringGrad()
    try v.reshaped([2, 1]).reshaped([2]).backward(seed)
    XCTAssertEqual(v.grad?.scalars, [10, 20])
    XCTAssertFalse(v.grad?.storage === seed.storage)
  }

  // Three gradients reach h: exp's (a fresh tensor, which backward() then sums into in
  // place) and twice the one tensor that `h + h` hands to both operands; `+` also hands
  // one seed to both of its own operands. Summing in place must change none of those.
  func testGradientsSummedInPlaceLeaveSharedOnesAlone() throws {
    let x = Tensor([0.5, -1, 2]).requiringGrad()
    let c = Tensor([1, 2, 3])
    let h = try x * 2
    try ((h + h) * c + h.exp()).backward(Tensor([1, 10, 100]))
    let (hv, cv, seed): ([Float], [Float], [Float]) = (h.scalars, c.scalars, [1, 10, 100])
    let expected: [Float] = (0..<3).map { i in
      2 * seed[i] * (2 * cv[i] + Foundation.exp(hv[i]))
    }
    for (a, b) in zip(try XCTUnwrap(x.grad).scalars, expected) {
      XCTAssertEqual(a, b, accuracy: 1e-3 * Swift.abs(b))
    }
  }

  // backward() keeps a fresh gradient as the leaf's `grad` without copying it, but never
  // one that something else still refers to: here the operation's own saved tensor.
  func testAGradientTheOperationKeepsIsCopied() throws {
    let kept = Tensor([5, 6])
    let x = Tensor([1, 2]).requiringGrad()
    try Tensor.record(KeepingOp(kept: kept), inputs: [x], output: Tensor([0, 0])).backward()
    try XCTUnwrap(x.grad).assign(Tensor([0, 0]))
    XCTAssertEqual(kept.scalars, [5, 6])
    // A fresh gradient (relu's) is the leaf's from the start, and is its own.
    let y = Tensor([-1, 2]).requiringGrad()
    try y.relu().backward()
    XCTAssertEqual(y.grad?.scalars, [0, 1])
  }

  // MARK: per-sample losses

  // Cross-entropy per sample is an ordinary [N] tensor: weighting it gives
  // dL/dlogitsᵢ = wᵢ·(softmax(logitsᵢ) − onehot(tᵢ)), and a detached copy of it (the
  // learning-loss target) carries no gradient back.
  func testPerSampleLossesAreAnOrdinaryTensor() throws {
    let logits = try Tensor(rows: [[0.5, -1, 2], [1, 1, 0], [-2, 0, 3]]).requiringGrad()
    let targets = [2, 0, 1]
    let perSample = try Tensor.crossEntropy(logits: logits, targets: targets)
    XCTAssertEqual(perSample.shape, [3])
    let weights = Tensor([0.5, 2, 0])
    let target = perSample.detached()
    let loss = try (perSample * weights).sum() + (perSample - target).square().sum()
    try loss.backward()
    let p = try withoutGrad { try logits.softmax() }.scalars
    var expected: [Float] = []
    for i in 0..<3 {
      for j in 0..<3 {
        expected.append(weights.scalars[i] * (p[i * 3 + j] - (j == targets[i] ? 1 : 0)))
      }
    }
    assertClose(logits.grad?.scalars ?? [], expected, tolerance: 1e-6)
    // Each sample's loss is its own row's: log Σ e^x − x_t.
    for i in 0..<3 {
      let row = Array(logits.scalars[(i * 3)..<(i * 3 + 3)])
      let lse = Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +))
      assertClose([perSample.scalars[i]], [lse - row[targets[i]]])
    }
  }

  // MARK: threads

  // Recording order is what backward() sorts by, so each thread's operations must be
  // numbered in increasing order however many threads record at once. Regression: the
  // shared counter was incremented without synchronisation, so two threads could get
  // the same number, or one could see the count go back.
  func testRecordingOnSeveralThreadsKeepsEachGraphInOrder() throws {
    let threads = 4, steps = 100_000
    var sequences = [[Int]](repeating: [], count: threads)
    sequences.withUnsafeMutableBufferPointer { seqs in
      DispatchQueue.concurrentPerform(iterations: threads) { t in
        seqs[t] = (0..<steps).map { _ in GradMode.nextSequence() }
      }
    }
    for (t, numbers) in sequences.enumerated() {
      let ordered = zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }
      XCTAssertTrue(ordered, "thread \(t): recording order not increasing")
    }
    XCTAssertEqual(Set(sequences.joined()).count, threads * steps, "numbers given twice")

    // Whole graphs recorded and differentiated side by side: y = (−1)^1000·x.
    var gradients = [Float](repeating: 0, count: threads)
    gradients.withUnsafeMutableBufferPointer { grads in
      DispatchQueue.concurrentPerform(iterations: threads) { t in
        let x = Tensor([1]).requiringGrad()
        var y = x
        for _ in 0..<1000 { y = -y }
        try? y.backward()
        grads[t] = x.grad?.item ?? .nan
      }
    }
    XCTAssertEqual(gradients, [Float](repeating: 1, count: threads))
  }

  // MARK: custom operations

  /// A test operation whose gradient has the wrong shape.
  private struct WrongShapeOp: TapeOp {
    static var entry: PrimitiveEntry<Self> { .unlisted }
    var name: String { "wrongShape" }
    func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
      [try Tensor.zeros([7])]
    }
  }

  /// A test operation that passes no gradient to its input.
  private struct OpaqueOp: TapeOp {
    static var entry: PrimitiveEntry<Self> { .unlisted }
    var name: String { "opaque" }
    func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] { [nil] }
  }

  /// A test operation whose gradient is a tensor it keeps.
  private struct KeepingOp: TapeOp {
    static var entry: PrimitiveEntry<Self> { .unlisted }
    let kept: Tensor
    var name: String { "keeping" }
    func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] { [kept] }
  }

  func testCustomOperationsOnTheTape() throws {
    let x = Tensor([1, 2]).requiringGrad()
    let bad = Tensor.record(WrongShapeOp(), inputs: [x], output: Tensor([0, 0]))
    XCTAssertThrowsError(try bad.backward()) { e in
      XCTAssertEqual("\(e)", "wrongShape: internal: gradient shape [7] for input [2]")
    }
    let opaque = Tensor.record(OpaqueOp(), inputs: [x], output: Tensor([0, 0]))
    try (opaque + x).sum().backward()
    XCTAssertEqual(x.grad?.scalars, [1, 1], "only the direct path reaches x")
  }
}
