// The kernels' worker pool (see pool.h).
//
// One job at a time. Its chunks are claimed through one atomic word holding the job's
// generation (high 32 bits) and the next chunk index (low 32 bits): a worker claims a
// chunk by compare-and-swap on the word it read, so a worker that wakes up late, or reads
// the fields of a newer job, fails its swap instead of running a stale chunk. Between
// jobs the word is closed (index all ones), and only then are the job's fields rewritten.
//
// A spawned job (llal_pool_spawn) is a one-chunk job left open while its poster goes on:
// the poster keeps the submit lock until it joins, so no other job can start meanwhile,
// and at the join it claims the chunk itself if no worker has.
#include "pool.h"
#include "scratch.h"
#include "kernel_util.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

enum { MAX_WORKERS = 63 };
// How long an idle worker watches for the next job before sleeping.
static const long SPIN_NS = 2000000;
static const long CLOSED = 0xffffffffL;

static struct {
  pthread_mutex_t submit;  // one job at a time
  pthread_mutex_t park;    // sleeping workers
  pthread_cond_t wake;
  atomic_long word;  // generation << 32 | next chunk
  atomic_long done;  // chunks finished in the current job
  atomic_int sleepers;
  int workers;  // threads started so far
  // The current job; rewritten only while the word is closed. A late worker may still
  // read count and helpers then (and fail its swap), so those two are atomic.
  llal_chunk_fn body;
  void *context;
  atomic_long count;
  atomic_int helpers;  // workers that may take chunks (threads − 1)
} pool = {.submit = PTHREAD_MUTEX_INITIALIZER,
          .park = PTHREAD_MUTEX_INITIALIZER,
          .wake = PTHREAD_COND_INITIALIZER,
          .word = CLOSED};

static _Thread_local int inside_chunk;

// The job this thread spawned and has not joined yet (only its poster reads or writes it).
static _Thread_local struct {
  int open;
  long gen;
  void *context;
  void (*release)(void *);
} spawned;

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

// Runs chunks of generation `gen` until none is left (or the job has moved on).
static void take_chunks(long gen) {
  inside_chunk = 1;
  for (;;) {
    long w = atomic_load(&pool.word);
    long index = w & CLOSED;
    if ((w >> 32) != gen || index >= atomic_load_explicit(&pool.count, memory_order_relaxed))
      break;
    if (!atomic_compare_exchange_weak(&pool.word, &w, w + 1)) continue;
    // The chunk is ours: the job's fields cannot change until it is counted done.
    pool.body(pool.context, index);
    atomic_fetch_add(&pool.done, 1);
  }
  inside_chunk = 0;
}

static void *worker_main(void *arg) {
  const int index = (int)(long)arg;
  llal_scratch_keep_per_thread();
  long gen = atomic_load(&pool.word) >> 32;
  for (;;) {
    long start = now_ns(), g;
    while ((g = atomic_load(&pool.word) >> 32) == gen) {
      if (now_ns() - start > SPIN_NS) {
        pthread_mutex_lock(&pool.park);
        atomic_fetch_add(&pool.sleepers, 1);
        while ((g = atomic_load(&pool.word) >> 32) == gen)
          pthread_cond_wait(&pool.wake, &pool.park);
        atomic_fetch_sub(&pool.sleepers, 1);
        pthread_mutex_unlock(&pool.park);
        break;
      }
      // NOTE: yield, not only pause: on a busy machine the scheduler often puts the
      // caller on this worker's CPU, and a worker spinning there delays the caller's
      // own work (and the chunks it hands out) by a whole time slice.
      CPU_RELAX();
      sched_yield();
    }
    gen = g;
    if (index < atomic_load_explicit(&pool.helpers, memory_order_relaxed)) take_chunks(gen);
  }
  return NULL;
}

// Takes the pool for a job of `count` chunks on up to `threads` threads and publishes it;
// returns its generation, or −1 when the job must run inline instead.
static long publish(long count, int threads, llal_chunk_fn body, void *context) {
  // NOTE: a pool busy with another caller's job means running inline, never waiting: a
  // job's chunk may itself (through other threads) lead to a pool call.
  if (threads <= 1 || inside_chunk || count >= CLOSED ||
      pthread_mutex_trylock(&pool.submit) != 0)
    return -1;
  int helpers = threads - 1 < MAX_WORKERS ? threads - 1 : MAX_WORKERS;
  while (pool.workers < helpers) {
    pthread_t t;
    if (pthread_create(&t, NULL, worker_main, (void *)(long)pool.workers) != 0) break;
    pthread_detach(t);
    pool.workers++;
  }
  // The word is closed here (after the previous job, or initially): set up the job,
  // then publish it under the next generation.
  long gen = ((atomic_load(&pool.word) >> 32) + 1) & 0x7fffffff;
  pool.body = body;
  pool.context = context;
  atomic_store_explicit(&pool.count, count, memory_order_relaxed);
  atomic_store_explicit(&pool.helpers, helpers, memory_order_relaxed);
  atomic_store(&pool.done, 0);
  atomic_store(&pool.word, gen << 32);
  if (atomic_load(&pool.sleepers) > 0) {
    pthread_mutex_lock(&pool.park);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.park);
  }
  return gen;
}

// Runs what is left of job `gen`, waits for its last chunks, and gives the pool back.
static void finish(long gen, long count) {
  take_chunks(gen);
  // The last chunks may be running on a worker that shares this thread's CPU: yield to it.
  while (atomic_load(&pool.done) < count) {
    CPU_RELAX();
    sched_yield();
  }
  atomic_store(&pool.word, (gen << 32) | CLOSED);
  pthread_mutex_unlock(&pool.submit);
}

void llal_pool_run(long count, int threads, llal_chunk_fn body, void *context) {
  llal_pool_join();
  long gen = count > 1 ? publish(count, threads, body, context) : -1;
  if (gen < 0) {
    for (long i = 0; i < count; i++) body(context, i);
    return;
  }
  finish(gen, count);
}

int llal_pool_spawn(int threads, llal_chunk_fn body, void *context, void (*release)(void *)) {
  llal_pool_join();
  long gen = publish(1, threads, body, context);
  if (gen < 0) return 0;
  spawned.open = 1;
  spawned.gen = gen;
  spawned.context = context;
  spawned.release = release;
  return 1;
}

void llal_pool_join(void) {
  if (!spawned.open) return;
  // Closed first: the chunk, if it runs here, may free memory, which joins again.
  spawned.open = 0;
  finish(spawned.gen, 1);
  if (spawned.release != NULL) spawned.release(spawned.context);
}
