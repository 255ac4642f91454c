import CKernels
import XCTest

@testable import LLALTensor

/// `llal_transpose`, the block transpose behind permutations and transposes, against an
/// element-by-element transpose at every SIMD level: whole 8 × 8 blocks, ragged edges,
/// strided rows, and nothing written outside the destination's block.
final class TransposeKernelTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  func testEveryElementLandsTransposedAndNothingElseIsWritten() {
    let sentinel: Float = -7
    for (rows, cols) in [(1, 1), (8, 8), (16, 24), (13, 21), (3, 40), (64, 64), (9, 7)] {
      let (ss, ds) = (cols + 3, rows + 5)
      let src = (0..<(rows * ss)).map { Float($0) * 0.5 + 1 }
      var expected = [Float](repeating: sentinel, count: cols * ds)
      for r in 0..<rows {
        for c in 0..<cols { expected[c * ds + r] = src[r * ss + c] }
      }
      for level in KernelLevel.available {
        KernelLevel.current = level
        var dst = [Float](repeating: sentinel, count: cols * ds)
        src.withUnsafeBufferPointer { s in
          dst.withUnsafeMutableBufferPointer { d in
            llal_transpose(s.baseAddress, ss, rows, cols, d.baseAddress, ds)
          }
        }
        XCTAssertEqual(dst, expected, "\(level), \(rows) × \(cols)")
      }
    }
  }

  func testAPermutationOfDetectorHeadsIsTheElementwiseOne() throws {
    // [N, A·k, H·W] → [N, H·W, A·k], as AnchorHead lays out its rows, at every level.
    let x = try Tensor.randn([3, 40, 5, 7], seed: 2)
    let v = x.scalars
    for level in KernelLevel.available {
      KernelLevel.current = level
      let y = try x.reshaped([3, 40, 35]).permuted([0, 2, 1]).scalars
      for n in 0..<3 {
        for p in 0..<35 {
          for c in 0..<40 {
            XCTAssertEqual(y[(n * 35 + p) * 40 + c], v[(n * 40 + c) * 35 + p], "\(level)")
          }
        }
      }
    }
  }
}
