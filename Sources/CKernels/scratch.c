// Per-thread scratch blocks for the pool workers (scratch.h). A GEMM or convolution
// chunk packs its operands into a workspace; taken from the pool shared by all threads,
// that block had often last been written by the other core, and every line of the
// packing then had to be fetched from that core's cache first. Each worker here keeps the
// blocks it used, so its workspace stays in its own cache from one chunk to the next (the
// MLP step at batch 128 on two threads of the 2-core test machine: its 256×256 layer's
// forward halves from 70 / 77 µs to 61 / 65 µs on the caller / the worker, the step from
// 0.42 to 0.385 ms). The calling thread keeps the shared pool (docs/architecture.md).
#include "scratch.h"

#include <pthread.h>
#include <stdlib.h>

// Blocks are powers of two floats (at least 16): bucket b holds 2^b floats.
enum { BUCKETS = 48, MIN_BUCKET = 4 };
// The most a thread keeps cached; blocks given back beyond it are freed.
static const long MAX_CACHED_BYTES = 256L << 20;

struct block {
  struct block *next;
};

struct cache {
  struct block *free[BUCKETS];
  long bytes;
};

static _Thread_local struct cache *thread_cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

// Frees a thread's cached blocks when it exits.
static void release_cache(void *p) {
  struct cache *c = p;
  for (int b = 0; b < BUCKETS; b++) {
    while (c->free[b] != NULL) {
      struct block *next = c->free[b]->next;
      free(c->free[b]);
      c->free[b] = next;
    }
  }
  free(c);
}

static void make_key(void) { pthread_key_create(&cache_key, release_cache); }

void llal_scratch_keep_per_thread(void) {
  if (thread_cache != NULL) return;
  pthread_once(&cache_once, make_key);
  thread_cache = calloc(1, sizeof(struct cache));
  if (thread_cache != NULL) pthread_setspecific(cache_key, thread_cache);
}

static int bucket_of(long count) {
  int b = MIN_BUCKET;
  while (b < BUCKETS - 1 && (1L << b) < count) b++;
  return b;
}

float *llal_scratch_take(long count, long *capacity) {
  struct cache *c = thread_cache;
  if (c == NULL) return NULL;
  int b = bucket_of(count < 1 ? 1 : count);
  *capacity = 1L << b;
  if (c->free[b] != NULL) {
    struct block *k = c->free[b];
    c->free[b] = k->next;
    c->bytes -= *capacity * (long)sizeof(float);
    return (float *)k;
  }
  return aligned_alloc(64, (size_t)*capacity * sizeof(float));
}

void llal_scratch_give(float *block, long capacity) {
  if (block == NULL) return;
  struct cache *c = thread_cache;
  long bytes = capacity * (long)sizeof(float);
  int b = bucket_of(capacity);
  if (c == NULL || c->bytes + bytes > MAX_CACHED_BYTES || (1L << b) != capacity) {
    free(block);
    return;
  }
  struct block *k = (struct block *)block;
  k->next = c->free[b];
  c->free[b] = k;
  c->bytes += bytes;
}
