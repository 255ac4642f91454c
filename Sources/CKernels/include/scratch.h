// Per-thread scratch memory for the pool workers' workspaces (see scratch.c).
#ifndef LLAL_SCRATCH_H
#define LLAL_SCRATCH_H

/// Makes the calling thread keep a cache of scratch blocks of its own (each pool worker
/// does, as it starts); its blocks are freed when the thread exits.
void llal_scratch_keep_per_thread(void);

/// At least `count` (≥ 1) uninitialised floats, 64-byte aligned, from the calling
/// thread's own cache of blocks; `*capacity` receives the block's size, to hand back with
/// it. NULL when the thread keeps no cache (`llal_scratch_keep_per_thread`) or the memory
/// cannot be allocated: the caller then takes its scratch elsewhere.
float *llal_scratch_take(long count, long *capacity);

/// Returns a block from `llal_scratch_take` to the calling thread's cache; call it on the
/// thread that took the block.
void llal_scratch_give(float *block, long capacity);

#endif
