import CKernels
import Foundation
import XCTest

@testable import LLALTensor

/// The pool workers' per-thread scratch blocks (`CKernels/scratch.c`, `withScratch`).
final class ScratchTests: XCTestCase {
  /// Runs `body` on a new thread and waits for it.
  private func onNewThread(_ body: @escaping () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      body()
      done.signal()
    }
    thread.start()
    done.wait()
  }

  func testAThreadWithoutACacheGetsNoBlock() {
    var block: UnsafeMutablePointer<Float>? = UnsafeMutablePointer(bitPattern: 64)
    onNewThread {
      var capacity = 0
      block = llal_scratch_take(1000, &capacity)
    }
    XCTAssertNil(block)
  }

  func testBlocksAreAlignedRoundedUpAndReusedByTheirThread() {
    var failures: [String] = []
    onNewThread {
      llal_scratch_keep_per_thread()
      for count in [1, 16, 17, 1000, 65_536, 100_003] {
        var capacity = 0
        guard let p = llal_scratch_take(count, &capacity) else {
          failures.append("no block for \(count)")
          continue
        }
        if Int(bitPattern: p) % 64 != 0 { failures.append("\(count): not 64-byte aligned") }
        if capacity < max(count, 16) || capacity.nonzeroBitCount != 1 {
          failures.append("\(count): capacity \(capacity)")
        }
        p.update(repeating: 1, count: count)  // writable over the whole count
        llal_scratch_give(p, capacity)
        var again = 0
        let q = llal_scratch_take(count, &again)
        if q != p || again != capacity { failures.append("\(count): not the block given back") }
        if let q { llal_scratch_give(q, again) }
      }
    }
    XCTAssertEqual(failures, [])
  }

  func testAnotherThreadGetsABlockOfItsOwn() {
    var first: [UnsafeMutablePointer<Float>?] = []
    var theirs: UnsafeMutablePointer<Float>?
    onNewThread {
      llal_scratch_keep_per_thread()
      var capacity = 0
      let mine = llal_scratch_take(4096, &capacity)
      if let mine { llal_scratch_give(mine, capacity) }  // cached on this thread only
      self.onNewThread {
        llal_scratch_keep_per_thread()
        var c = 0
        theirs = llal_scratch_take(4096, &c)
        if let theirs { llal_scratch_give(theirs, c) }
      }
      var again = 0
      let back = llal_scratch_take(4096, &again)
      if let back { llal_scratch_give(back, again) }
      first = [mine, back]
    }
    XCTAssertNotNil(first[0])
    XCTAssertNotNil(theirs)
    XCTAssertNotEqual(theirs, first[0])
    XCTAssertEqual(first[1], first[0], "the thread's cached block is still its own")
  }

  func testPoolWorkersTakeTheirOwnBlocksAndTheCallerDoesNot() {
    var results: [(worker: Bool, block: Bool)] = []
    onNewThread {
      let caller = pthread_self()
      var hits = [(worker: Bool, block: Bool)](repeating: (false, false), count: 64)
      hits.withUnsafeMutableBufferPointer { h in
        KernelThreads.forEach(64, threads: 2) { i in
          var capacity = 0
          let block = llal_scratch_take(256, &capacity)
          if let block { llal_scratch_give(block, capacity) }
          h[i] = (pthread_equal(pthread_self(), caller) == 0, block != nil)
        }
      }
      results = hits
    }
    XCTAssertEqual(results.count, 64)
    for (i, r) in results.enumerated() { XCTAssertEqual(r.block, r.worker, "chunk \(i)") }
  }

  func testNestedScratchBlocksAreDistinctOnEitherKindOfThread() {
    for keeps in [false, true] {
      var ok = false
      onNewThread {
        if keeps { llal_scratch_keep_per_thread() }
        withScratch(1000) { outer in
          outer.update(repeating: 7, count: 1000)
          withScratch(1000) { inner in
            ok = inner != outer
            inner.update(repeating: 0, count: 1000)
          }
          ok = ok && outer[999] == 7
        }
      }
      XCTAssertTrue(ok, "keeps a cache: \(keeps)")
    }
  }
}
