// A small pool of worker threads for the kernels. Workers spin briefly after each job
// before sleeping, so back-to-back kernel calls (a training step, a benchmark loop) find
// them awake: starting a job costs a store and a load, not a thread wake-up, which on a
// busy machine can take longer than a whole 1 ms GEMM (measured with libdispatch's
// concurrentPerform: the second of two half-millisecond chunks started only after the
// first had finished in most calls).
#ifndef LLAL_POOL_H
#define LLAL_POOL_H

/// A chunk of work: `body(context, index)`.
typedef void (*llal_chunk_fn)(void *context, long index);

/// Runs `body(context, i)` for i in 0..<count on the calling thread and up to
/// `threads − 1` workers, which take chunks in order as they become free; returns when
/// all are done. Runs inline when `threads` ≤ 1, `count` ≤ 1, or when called from inside
/// a chunk (nested calls do not wait on busy workers).
void llal_pool_run(long count, int threads, llal_chunk_fn body, void *context);

#endif
