import Foundation
import XCTest

@testable import LLALTensor

/// A chunk started on a worker while the calling thread goes on (`KernelThreads.spawn`,
/// `llal_pool_spawn` / `llal_pool_join` in `CKernels/pool.c`).
final class SpawnedChunkTests: XCTestCase {
  /// A counter the chunks bump from whichever thread runs them.
  private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func bump() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
  }

  /// Set when it is freed: tells whether a spawned chunk's captures were released.
  private final class Canary {
    let freed: Counter
    init(_ freed: Counter) { self.freed = freed }
    deinit { freed.bump() }
  }

  override func tearDown() {
    KernelThreads.join()
    super.tearDown()
  }

  func testEachChunkRunsOnceAndIsDoneAndReleasedAfterTheJoin() {
    let runs = Counter(), freed = Counter()
    // The chunk holds the only reference to its canary.
    func spawn(_ i: Int) {
      let canary = Canary(freed)
      KernelThreads.spawn(threads: 2) {
        withExtendedLifetime(canary) {
          if i % 50 == 0 { usleep(2000) }  // now and then still running at the join
          runs.bump()
        }
      }
    }
    for i in 1...300 {
      spawn(i)
      KernelThreads.join()
      XCTAssertEqual(runs.count, i, "chunk \(i) not done at its join")
      XCTAssertEqual(freed.count, i, "chunk \(i)'s captures not released at its join")
    }
    KernelThreads.join()  // nothing open: does nothing
    XCTAssertEqual(runs.count, 300)
  }

  func testOneThreadRunsTheChunkBeforeReturning() {
    let runs = Counter()
    KernelThreads.spawn(threads: 1) { runs.bump() }
    XCTAssertEqual(runs.count, 1)
    KernelThreads.join()
    XCTAssertEqual(runs.count, 1)
  }

  func testTheNextPoolCallAndTheNextSpawnJoinFirst() {
    let first = Counter(), second = Counter()
    KernelThreads.spawn(threads: 2) {
      usleep(5000)
      first.bump()
    }
    let seen = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
    defer { seen.deallocate() }
    KernelThreads.forEach(2, threads: 2) { i in seen[i] = first.count }
    XCTAssertEqual(Array(seen), [1, 1])
    KernelThreads.spawn(threads: 2) {
      usleep(5000)
      second.bump()
    }
    KernelThreads.spawn(threads: 2) { XCTAssertEqual(second.count, 1) }
    KernelThreads.join()
    XCTAssertEqual(second.count, 1)
  }

  func testInsideAChunkTheChunkRunsInline() {
    let ranInline = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 2)
    defer { ranInline.deallocate() }
    KernelThreads.forEach(2, threads: 2) { i in
      let runs = Counter()
      KernelThreads.spawn(threads: 2) { runs.bump() }
      ranInline[i] = runs.count == 1
      KernelThreads.join()
    }
    XCTAssertEqual(Array(ranInline), [true, true])
  }

  func testFreeingStorageTheChunkWritesWaitsForIt() {
    let wrote = Counter()
    do {
      let tensor = Tensor.uninitialized([4096])
      tensor.storage.writtenBySpawnedChunk = true
      let into = tensor.storage.base
      withExtendedLifetime(tensor) {
        KernelThreads.spawn(threads: 2) {
          usleep(5000)
          into.update(repeating: 7, count: 4096)
          wrote.bump()
        }
      }
    }
    // Freeing the tensor joined: the chunk was done before its block went back.
    XCTAssertEqual(wrote.count, 1)
  }
}
