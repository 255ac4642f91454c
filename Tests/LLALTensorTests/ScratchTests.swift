import CKernels
import Foundation
import XCTest

@testable import LLALTensor

/// The kernels' per-thread scratch blocks (`CKernels/scratch.c`, `withScratch`).
final class ScratchTests: XCTestCase {
  func testBlocksAreAlignedRoundedUpAndReusedByTheirThread() {
    for count in [1, 16, 17, 1000, 65_536, 100_003] {
      var capacity = 0
      let p = llal_scratch_take(count, &capacity)!
      XCTAssertEqual(Int(bitPattern: p) % 64, 0, "count \(count)")
      XCTAssertGreaterThanOrEqual(capacity, max(count, 16))
      XCTAssertEqual(capacity.nonzeroBitCount, 1, "a power of two, got \(capacity)")
      p.update(repeating: 1, count: count)  // writable over the whole count
      llal_scratch_give(p, capacity)
      var again = 0
      let q = llal_scratch_take(count, &again)!
      XCTAssertEqual(q, p, "the block just given back, count \(count)")
      XCTAssertEqual(again, capacity)
      llal_scratch_give(q, again)
    }
    var capacity = 0
    let zero = llal_scratch_take(0, &capacity)!
    XCTAssertEqual(capacity, 16)
    llal_scratch_give(zero, capacity)
  }

  func testAnotherThreadGetsABlockOfItsOwn() {
    var capacity = 0
    let mine = llal_scratch_take(4096, &capacity)!
    llal_scratch_give(mine, capacity)  // cached on this thread only
    var theirs: UnsafeMutablePointer<Float>?
    let done = DispatchSemaphore(value: 0)
    let other = Thread {
      var c = 0
      theirs = llal_scratch_take(4096, &c)
      if let theirs { llal_scratch_give(theirs, c) }
      done.signal()
    }
    other.start()
    done.wait()
    XCTAssertNotNil(theirs)
    XCTAssertNotEqual(theirs, mine)
    var again = 0
    let back = llal_scratch_take(4096, &again)!
    XCTAssertEqual(back, mine, "this thread's cached block is still its own")
    llal_scratch_give(back, again)
  }

  func testNestedScratchBlocksAreDistinct() {
    withScratch(1000) { outer in
      outer.update(repeating: 7, count: 1000)
      withScratch(1000) { inner in
        XCTAssertNotEqual(inner, outer)
        inner.update(repeating: 0, count: 1000)
      }
      XCTAssertEqual(outer[999], 7)
    }
  }
}
