import XCTest

@testable import LLALTensor

/// GEMM and convolution kernels read and write subnormal floats as zero (DAZ and FTZ,
/// `llal_float_mode_enter`) on the calling thread and on the pool's workers, at every
/// level; element-wise ops and the calling thread's own arithmetic keep IEEE subnormals.
final class SubnormalTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// C = A·B for A m×k filled with `a`, B k×n filled with `b`, on `threads` threads.
  private func product(m: Int, n: Int, k: Int, a: Float, b: Float, threads: Int) -> [Float] {
    let lhs = [Float](repeating: a, count: m * k), rhs = [Float](repeating: b, count: k * n)
    var c = [Float](repeating: -1, count: m * n)
    lhs.withUnsafeBufferPointer { pa in
      rhs.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          Gemm.multiply(
            m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n,
            c: pc.baseAddress!, ldc: n, threads: threads)
        }
      }
    }
    return c
  }

  func testSubnormalOperandsAndProductsAreZeroAtEveryLevelAndThreadCount() {
    let subnormal = Float.leastNormalMagnitude / 4  // 2.9e-39
    XCTAssertTrue(subnormal.isSubnormal)
    for level in KernelLevel.available {
      KernelLevel.current = level
      for threads in [1, 2] {
        let (m, n, k) = (256, 256, 128)  // 2²³ multiply-adds: split over the threads
        // A subnormal operand counts as zero (DAZ): 128 · 2.9e-39 · 1e30 would be 3.7e-7.
        let read = product(m: m, n: n, k: k, a: subnormal, b: 1e30, threads: threads)
        XCTAssertEqual(Set(read), [0], "\(level) \(threads) threads")
        // A subnormal product is written as zero (FTZ): 1e-20 · 1e-20 · 1 = 1e-40.
        let written = product(m: 4, n: 4, k: 1, a: 1e-20, b: 1e-20, threads: threads)
        XCTAssertEqual(Set(written), [0], "\(level) \(threads) threads")
        // Normal values are untouched: 128 · 1e-20 · 1e-10 = 1.28e-28.
        let normal = product(m: m, n: n, k: k, a: 1e-20, b: 1e-10, threads: threads)
        XCTAssertEqual(Double(normal[0]), 1.28e-28, accuracy: 1e-33)
      }
    }
    // The calling thread's own arithmetic is IEEE again after the kernels.
    let values: [Float] = [Float.leastNormalMagnitude, 4]
    XCTAssertTrue((values[0] / values[1]).isSubnormal)
    let doubles: [Double] = [1e-310, 2]
    XCTAssertEqual(doubles[0] / doubles[1], 5e-311)
  }

  func testAConvolutionOfSubnormalInputsIsZero() throws {
    let x = try Tensor(
      shape: [2, 3, 5, 5], [Float](repeating: Float.leastNormalMagnitude / 8, count: 150))
    let w = try Tensor(shape: [4, 3, 3, 3], [Float](repeating: 1e20, count: 108))
    for level in KernelLevel.available {
      KernelLevel.current = level
      let y = try Tensor.conv2d(x, weight: w, bias: nil, stride: 1, padding: 1)
      XCTAssertEqual(Set(y.scalars), [0], "\(level)")
    }
  }

  func testElementWiseOpsKeepSubnormals() throws {
    let tiny = Float.leastNormalMagnitude / 8
    let x = try Tensor(shape: [4], [tiny, -tiny, 2 * tiny, 1])
    for level in KernelLevel.available {
      KernelLevel.current = level
      XCTAssertEqual(try x.relu().scalars, [tiny, 0, 2 * tiny, 1], "\(level)")
      XCTAssertEqual(try (x + x).scalars, [2 * tiny, -2 * tiny, 4 * tiny, 2], "\(level)")
    }
  }
}
