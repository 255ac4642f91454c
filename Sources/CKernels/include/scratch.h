// Per-thread scratch memory for the kernels' workspaces (see scratch.c).
#ifndef LLAL_SCRATCH_H
#define LLAL_SCRATCH_H

/// At least `count` (≥ 1) uninitialised floats, 64-byte aligned, from the calling
/// thread's own cache of blocks; `*capacity` receives the block's size, to hand back with
/// it. NULL when the memory cannot be allocated.
float *llal_scratch_take(long count, long *capacity);

/// Returns a block from `llal_scratch_take` to the calling thread's cache; call it on the
/// thread that took the block.
void llal_scratch_give(float *block, long capacity);

#endif
