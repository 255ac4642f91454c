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
/// all are done. Runs inline when `threads` ≤ 1, `count` ≤ 1, when called from inside a
/// chunk, or while another thread's job holds the pool (callers never wait on each other).
/// Joins this thread's spawned job first, if any.
void llal_pool_run(long count, int threads, llal_chunk_fn body, void *context);

/// Posts `body(context, 0)` for a worker to start while the calling thread goes on (with
/// `threads` ≥ 2). Until this thread calls `llal_pool_join`, no other job can use the
/// pool: other threads' calls run inline, and this thread's next `llal_pool_run` or
/// `llal_pool_spawn` joins first. Returns 1 when posted; 0 when no worker can take it
/// (one thread, called inside a chunk, the pool busy with another thread's job), and then
/// nothing was posted and the caller runs `body` itself.
int llal_pool_spawn(int threads, llal_chunk_fn body, void *context, void (*release)(void *));

/// Finishes this thread's spawned job: runs its chunk here if no worker has started it,
/// waits for it otherwise, then calls its `release(context)`. Does nothing when this
/// thread has none open; cheap enough to call wherever memory the job writes may be read
/// or freed.
void llal_pool_join(void);

#endif
