import Foundation

/// A 64-byte aligned block of Float32 values that backs one tensor.
///
/// Blocks come from, and go back to, `BufferPool`, so a training loop that allocates
/// the same activation sizes every step reuses the same memory instead of paying the
/// allocator (and the page faults of fresh `mmap`ed blocks) each time.
public final class TensorStorage {
  /// The first element. Valid for `count` elements while the storage is alive.
  public let base: UnsafeMutablePointer<Float>
  /// Number of Float32 elements.
  public let count: Int
  private let capacity: Int

  /// Uninitialised storage for `count` elements.
  init(uninitializedCount count: Int) {
    self.count = count
    let (pointer, capacity) = BufferPool.shared.take(count)
    self.base = pointer
    self.capacity = capacity
  }

  /// Storage for `count` elements, all set to `value`.
  convenience init(count: Int, repeating value: Float) {
    self.init(uninitializedCount: count)
    base.update(repeating: value, count: count)
  }

  /// Whether a chunk spawned on a worker (`KernelThreads.spawn`) writes these elements:
  /// then the block goes back to the pool only once that chunk is done.
  var writtenBySpawnedChunk = false

  deinit {
    if writtenBySpawnedChunk { KernelThreads.join() }
    BufferPool.shared.give(base, capacity: capacity)
  }

  /// A buffer view over the elements.
  @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: base, count: count)
  }
}

/// A size-bucketed free list of aligned Float32 blocks.
///
/// Sizes are rounded up to a power of two (at least 16 elements) so that a handful of
/// buckets serve all shapes. The pool keeps at most `maxCachedBytes` of free blocks;
/// beyond that, blocks are returned to the system.
final class BufferPool: @unchecked Sendable {
  static let shared = BufferPool()

  /// The most free memory the pool holds on to.
  var maxCachedBytes = 1 << 30
  private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
  private var cachedBytes = 0
  private let lock = NSLock()

  func take(_ count: Int) -> (UnsafeMutablePointer<Float>, Int) {
    let capacity = BufferPool.bucket(count)
    lock.lock()
    if var list = free[capacity], let p = list.popLast() {
      free[capacity] = list
      cachedBytes -= capacity * 4
      lock.unlock()
      return (p, capacity)
    }
    lock.unlock()
    let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * 4, alignment: 64)
    return (raw.bindMemory(to: Float.self, capacity: capacity), capacity)
  }

  func give(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
    lock.lock()
    if cachedBytes + capacity * 4 <= maxCachedBytes {
      free[capacity, default: []].append(pointer)
      cachedBytes += capacity * 4
      lock.unlock()
    } else {
      lock.unlock()
      UnsafeMutableRawPointer(pointer).deallocate()
    }
  }

  /// Frees every cached block.
  func trim() {
    lock.lock()
    for (_, list) in free { for p in list { UnsafeMutableRawPointer(p).deallocate() } }
    free = [:]
    cachedBytes = 0
    lock.unlock()
  }

  static func bucket(_ count: Int) -> Int {
    let n = max(count, 16)
    return n.nonzeroBitCount == 1 ? n : 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount)
  }
}
