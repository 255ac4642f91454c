// The forward convolution with output channels in the vector lanes: AVX-512, stride 1 or
// 2, output rows of a multiple of 4 pixels up to 16 (small maps, where a row fills too few
// lanes for the pixels-in-lanes kernel of conv2d_direct.c and packing dominates the GEMM
// path).
//
// A micro-tile is NB blocks of 16 output channels × Q "quads" (4 consecutive output pixels
// of one row). For each tap (ci, kh, kw) it loads NB weight vectors (packed once as
// [block][tap][16]) and broadcasts the 4·Q input values the quads' pixels meet, so every
// weight load feeds 4·Q FMAs and every broadcast NB; NB·Q·4 accumulators (24) hold the
// tile over all taps. Quads are grouped by the kernel rows their output row meets (its row
// class) and, for 3-wide kernels with pad 1, by whether they start or end a row (their
// edge), and a tile takes quads of one group: it skips the kernel rows that lie in the
// padding, and the kernel column a row's first or last pixel meets there. No tap then
// reads padding, so such convolutions (and those without padding) read x in place;
// others copy each chunk of samples into zero-padded planes. The tile goes to a scratch of
// [pixel][channel] rows, which 16 × 16 in-register transposes turn into y's NCHW planes.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

#if defined(LLAL_HAVE_X86_KERNELS)
enum { LANES = 16, QUAD = 4 };

// Largest output width the path takes: from 32 up the direct kernel fills its lanes.
enum { LANES_MAX_WIDTH = 16 };
// Scratch floats per chunk of samples (tile rows, and a padded copy of the input): about
// L2/8.
enum { LANES_CHUNK_FLOATS = 65536 };

// The padded image one sample takes in the scratch: rows × cols.
static long padded_rows(const llal_conv_shape *s) { return s->in_h + 2 * s->pad; }
static long padded_cols(const llal_conv_shape *s) { return s->in_w + 2 * s->pad; }

// Whether the taps read x in place: every tap that meets padding is skipped, the rows by
// row class and (3-wide kernels, pad 1) the columns by edge. Else a chunk is copied into
// zero-padded planes.
static int in_place(const llal_conv_shape *s) {
  return s->pad == 0 || (s->kernel == 3 && s->pad == 1);
}

int llal_conv_lanes_fits(int level, const llal_conv_shape *s) {
  // pad < kernel ≤ 7 bounds the row classes (below) by 2·kernel − 1. With rows of 16 and
  // a single block of output channels, the direct kernel is as fast (measured).
  long min_c = s->out_w < LANES ? LANES : 2 * LANES;
  return level >= 3 && (s->stride == 1 || s->stride == 2) && s->out_w % QUAD == 0 &&
         s->out_w <= LANES_MAX_WIDTH && s->out_c >= min_c && s->pad < s->kernel &&
         s->kernel <= DIRECT_MAX_KERNEL;
}

static long blocks(const llal_conv_shape *s) { return (s->out_c + LANES - 1) / LANES; }

// Floats one sample takes in the chunk: its padded input (unless read in place) and its
// tile rows.
static long sample_floats(const llal_conv_shape *s) {
  long input = in_place(s) ? 0 : s->in_c * padded_rows(s) * padded_cols(s);
  return input + s->out_h * s->out_w * blocks(s) * LANES;
}

// Samples per chunk: a multiple of 6 that fits, else 3 within twice the budget, so that
// each group of quads with the same row class and edge (below) fills whole tiles of 2, 3
// or 6 quads.
static long chunk_samples(const llal_conv_shape *s) {
  long fit = LANES_CHUNK_FLOATS / sample_floats(s), S = fit / 6 * 6;
  if (S == 0) S = 2 * LANES_CHUNK_FLOATS / sample_floats(s) >= 3 ? 3 : max_l(1, fit);
  return min_l(s->batch, S);
}

// Output rows that meet the same kernel rows (kh in [lo, hi), the rest lying in the
// padding) form a class; the classes are runs of rows. Writes each row's class to `cls`
// when not NULL and returns the number of classes.
static long row_classes(const llal_conv_shape *s, long *cls) {
  long count = 0, lo0 = -1, hi0 = -1;
  for (long oh = 0; oh < s->out_h; oh++) {
    long ih = oh * s->stride - s->pad;
    long lo = max_l(0, -ih), hi = min_l(s->kernel, s->in_h - ih);
    if (lo != lo0 || hi != hi0) count++, lo0 = lo, hi0 = hi;
    if (cls) cls[oh] = count - 1;
  }
  return count;
}

// A table entry: its input's offset from the quad's and its weights' offset in a block.
typedef struct {
  int32_t x, w;
} lanes_tap;

size_t llal_conv_lanes_workspace(const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, S = chunk_samples(s);
  long quads = S * s->out_h * s->out_w / QUAD;
  // The bias, the chunk, LANES rows of slack for the transpose's reads, a tap table per
  // row class, the row classes, and per quad two pointers (2 floats each on 64-bit).
  return (size_t)(blocks(s) * LANES + S * sample_floats(s) +
                  LANES * blocks(s) * LANES + 2 * taps * row_classes(s, NULL) +
                  2 * s->out_h + 4 * quads + 64);
}

// Pixels of a quad that a tap reaches: all four, all but the first (kernel column 0 when
// the quad starts a row: padding for pad 1), all but the last (column 2 when it ends one).
enum { ALL_PIXELS = 15, NOT_FIRST = 14, NOT_LAST = 7 };
// A tile's edges: bit 0, every quad starts a row; bit 1, every quad ends one.
enum { LEFT_EDGE = 1, RIGHT_EDGE = 2 };

// acc[b][pixel] += w[b] · x[pixel at offset o] for one tap and the pixels in `mask`.
INLINE LLAL_TARGET_AVX512 void lanes_tap1(const int NB, const int Q, const int S,
                                          const int mask, long o, const float *w,
                                          long wstride, const float *const *x, __m512 *acc) {
  // The taps of a kernel row share input values; reusing them across taps would keep
  // more vectors live than there are registers, so the compiler must not see it.
  __asm__("" : "+r"(o));
  __m512 wv[NB];
#pragma GCC unroll 8
  for (int b = 0; b < NB; b++) wv[b] = _mm512_loadu_ps(w + b * wstride);
#pragma GCC unroll 8
  for (int q = 0; q < Q; q++) {
#pragma GCC unroll 4
    for (int c = 0; c < QUAD; c++) {
      if (!(mask >> c & 1)) continue;
      __m512 xv = _mm512_set1_ps(x[q][o + c * S]);
#pragma GCC unroll 8
      for (int b = 0; b < NB; b++) {
        __m512 *a = acc + b * Q * QUAD + q * QUAD + c;
        *a = _mm512_fmadd_ps(wv[b], xv, *a);
      }
    }
  }
}

// init bias; acc[b][j] += w[b, tap] · x[pixel j at tap] over the table's entries; store to
// rows of z. With ROW = 3 an entry is a kernel row of a 3-wide kernel, and a tile on a
// row's first (last) pixels skips the column that reads padding there; else it is a tap.
INLINE LLAL_TARGET_AVX512 void lanes_tile_body(const int NB, const int Q, const int S,
                                               const int ROW, const int edge, long entries,
                                               const float *w, long wstride,
                                               const lanes_tap *tab, const float **xq,
                                               float **zq, long ldz, const float *bias) {
  __m512 acc[NB * Q * QUAD];
  const float *x[Q];
#pragma GCC unroll 8
  for (int q = 0; q < Q; q++) x[q] = xq[q];
#pragma GCC unroll 8
  for (int b = 0; b < NB; b++) {
    __m512 v = _mm512_loadu_ps(bias + b * LANES);
#pragma GCC unroll 32
    for (int j = 0; j < Q * QUAD; j++) acc[b * Q * QUAD + j] = v;
  }
  const int first = edge & LEFT_EDGE ? NOT_FIRST : ALL_PIXELS;
  const int last = edge & RIGHT_EDGE ? NOT_LAST : ALL_PIXELS;
  for (long t = 0; t < entries; t++) {
    const long o = tab[t].x;
    const float *wt = w + tab[t].w;
    if (ROW == 1) {
      lanes_tap1(NB, Q, S, ALL_PIXELS, o, wt, wstride, x, acc);
    } else {
      lanes_tap1(NB, Q, S, first, o, wt, wstride, x, acc);
      lanes_tap1(NB, Q, S, ALL_PIXELS, o + 1, wt + LANES, wstride, x, acc);
      lanes_tap1(NB, Q, S, last, o + 2, wt + 2 * LANES, wstride, x, acc);
    }
  }
#pragma GCC unroll 8
  for (int q = 0; q < Q; q++)
#pragma GCC unroll 4
    for (int c = 0; c < QUAD; c++)
#pragma GCC unroll 8
      for (int b = 0; b < NB; b++)
        _mm512_storeu_ps(zq[q] + c * ldz + b * LANES, acc[b * Q * QUAD + q * QUAD + c]);
}

typedef void (*lanes_tile_fn)(long, const float *, long, const lanes_tap *, const float **,
                              float **, long, const float *);

#define LANES_TILE(NB, Q, S, ROW, E)                                                        \
  LLAL_TARGET_AVX512 static void lanes_tile_##NB##_##S##_##ROW##_##E(                      \
      long entries, const float *w, long wstride, const lanes_tap *tab, const float **xq,  \
      float **zq, long ldz, const float *bias) {                                           \
    lanes_tile_body(NB, Q, S, ROW, E, entries, w, wstride, tab, xq, zq, ldz, bias);        \
  }
#define LANES_TILES(NB, Q, S)                                                               \
  LANES_TILE(NB, Q, S, 1, 0)                                                                \
  LANES_TILE(NB, Q, S, 3, 0)                                                                \
  LANES_TILE(NB, Q, S, 3, 1) LANES_TILE(NB, Q, S, 3, 2) LANES_TILE(NB, Q, S, 3, 3)
// 24 accumulators each: NB blocks × Q quads, per stride, entry and edge.
LANES_TILES(1, 6, 1)
LANES_TILES(2, 3, 1)
LANES_TILES(3, 2, 1)
LANES_TILES(1, 6, 2)
LANES_TILES(2, 3, 2)
LANES_TILES(3, 2, 2)
#define LANES_KINDS(NB, S)                                                                  \
  {lanes_tile_##NB##_##S##_3_0, lanes_tile_##NB##_##S##_3_1, lanes_tile_##NB##_##S##_3_2,  \
   lanes_tile_##NB##_##S##_3_3, lanes_tile_##NB##_##S##_1_0}
// [blocks − 1][stride − 1][edge, or 4 for single taps]
static const lanes_tile_fn lanes_tiles[3][2][5] = {{LANES_KINDS(1, 1), LANES_KINDS(1, 2)},
                                                   {LANES_KINDS(2, 1), LANES_KINDS(2, 2)},
                                                   {LANES_KINDS(3, 1), LANES_KINDS(3, 2)}};

// y[n] [out_c, ohw] from z's rows [ohw][ldz] (rows past ohw may be read, never stored).
LLAL_TARGET_AVX512 static void lanes_store(const llal_conv_shape *s, const float *z, long ldz,
                                           float *yn) {
  const long ohw = s->out_h * s->out_w;
  for (long p0 = 0; p0 < ohw; p0 += LANES) {
    long np = min_l(LANES, ohw - p0);
    __mmask16 keep = (__mmask16)((1u << np) - 1);
    for (long c0 = 0; c0 < s->out_c; c0 += LANES) {
      __m512 r[16];
      for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(z + (p0 + i) * ldz + c0);
      llal_transpose16(r);
      long nc = min_l(LANES, s->out_c - c0);
      for (long c = 0; c < nc; c++) _mm512_mask_storeu_ps(yn + (c0 + c) * ohw + p0, keep, r[c]);
    }
  }
}

size_t llal_conv_lanes_weight_size(const llal_conv_shape *s) {
  return (size_t)(blocks(s) * LANES * s->in_c * s->kernel * s->kernel);
}

// w [out_c, taps] as [block][tap][16], zero past out_c: 16 × 16 transposes of 16 channels
// by 16 taps.
LLAL_TARGET_AVX512 void llal_conv_lanes_pack_weight(const llal_conv_shape *s, const float *w,
                                                    float *dst) {
  const long taps = s->in_c * s->kernel * s->kernel;
  for (long co = 0; co < blocks(s) * LANES; co += LANES) {
    float *block = dst + co * taps;
    long rows = min_l(LANES, s->out_c - co);
    for (long t0 = 0; t0 < taps; t0 += LANES) {
      long nt = min_l(LANES, taps - t0);
      __mmask16 cols = (__mmask16)((1u << nt) - 1);
      __m512 r[16];
      for (int i = 0; i < 16; i++)
        r[i] = i < rows ? _mm512_maskz_loadu_ps(cols, w + (co + i) * taps + t0)
                        : _mm512_setzero_ps();
      llal_transpose16(r);
      for (long t = 0; t < nt; t++) _mm512_storeu_ps(block + (t0 + t) * LANES, r[t]);
    }
  }
}

// Samples n0..<n0+ns of x into the scratch's zero-padded planes. The padding is zeroed
// once per call and never written again, so only the image rows are copied: by 16, 8, 4
// and single floats (a masked 16-float store straddles two cache lines and is slower).
LLAL_TARGET_AVX512 static void lanes_copy_input(const llal_conv_shape *s, const float *x,
                                                long n0, long ns, float *xs) {
  const long pitch = padded_cols(s), plane = padded_rows(s) * pitch, in_w = s->in_w;
  const long in_h = s->in_h, planes = ns * s->in_c;
  const float *src = x + n0 * s->in_c * in_h * in_w;
  float *dst = xs + s->pad * pitch + s->pad;
  for (long r = 0; r < planes; r++, dst += plane) {
    for (long h = 0; h < in_h; h++, src += in_w) {
      float *d = dst + h * pitch;
      long v = 0;
      for (; v + 16 <= in_w; v += 16) _mm512_storeu_ps(d + v, _mm512_loadu_ps(src + v));
      if (v + 8 <= in_w) _mm256_storeu_ps(d + v, _mm256_loadu_ps(src + v)), v += 8;
      if (v + 4 <= in_w) _mm_storeu_ps(d + v, _mm_loadu_ps(src + v)), v += 4;
      for (; v < in_w; v++) d[v] = src[v];
    }
  }
}

// Blocks of 16 output channels per tile for `left` blocks still to do: 3, ending on 2 + 2
// rather than 3 + 1; and the quads that fill 24 accumulators beside them.
static long group(long left) { return left == 4 || left == 2 ? 2 : left == 1 ? 1 : 3; }
static long quad_count(long g) { return g == 1 ? 6 : g == 2 ? 3 : 2; }

// Cache lines [p, end) to prefetch, `step` of them before each of `tiles` tiles.
typedef struct {
  const char *p, *end;
  long step;
} ahead;

static ahead ahead_over(const float *p, long floats, long tiles) {
  long lines = (floats * (long)sizeof(float) + 63) / 64;
  ahead a = {(const char *)p, (const char *)(p + max_l(floats, 0)),
             (lines + tiles - 1) / max_l(tiles, 1)};
  return a;
}

// Per row class the table of the kernel rows its output rows meet, at tabs + c·taps; an
// entry is a kernel row of a 3-wide kernel (the tile's ROW = 3), else a tap. Offsets are
// from the input pixel at the quad's first output pixel (with a copy, from its window's
// corner in the padded plane). `count` gets each table's entries, `first` each class's
// first output row.
static void lanes_tables(const llal_conv_shape *s, const long *cls, long classes, long pitch,
                         long plane, lanes_tap *tabs, long *count, long *first) {
  const long K = s->kernel, taps = s->in_c * K * K, row = K == 3 ? K : 1;
  const long off = in_place(s) ? s->pad : 0;
  for (long c = 0; c < classes; c++) {
    long oh = 0;
    while (cls[oh] != c) oh++;
    long ih = oh * s->stride - s->pad, lo = max_l(0, -ih), hi = min_l(K, s->in_h - ih);
    first[c] = oh;
    lanes_tap *t = tabs + c * taps;
    for (long ci = 0; ci < s->in_c; ci++)
      for (long kh = lo; kh < hi; kh++)
        for (long kw = 0; kw < K; kw += row, t++) {
          t->x = (int32_t)(ci * plane + (kh - off) * pitch + kw - off);
          t->w = (int32_t)(((ci * K + kh) * K + kw) * LANES);
        }
    count[c] = t - (tabs + c * taps);
  }
}

void llal_conv_lanes_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                             const float *bias, float *y, long n0, long n1, float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, nb = blocks(s), st = s->stride;
  const long ohw = s->out_h * s->out_w, ldz = nb * LANES, row_quads = s->out_w / QUAD;
  const long S = chunk_samples(s), classes = row_classes(s, NULL);
  const long in_chw = s->in_c * s->in_h * s->in_w, out_chw = s->out_c * ohw;
  const int copy = !in_place(s);
  const long pitch = copy ? padded_cols(s) : s->in_w;
  const long plane = copy ? padded_rows(s) * pitch : s->in_h * s->in_w;
  const long sample = s->in_c * plane;
  // The bias, S padded samples (with a copy), then S samples' tile rows (and slack), tables,
  // row classes, quads.
  float *bl = workspace, *xs = bl + nb * LANES;
  float *zs = xs + (copy ? S * sample : 0);
  lanes_tap *tabs =
      (lanes_tap *)(((uintptr_t)(zs + S * ohw * ldz + LANES * ldz) + 63) & ~(uintptr_t)63);
  long *cls = (long *)(tabs + taps * classes);
  const float **xq = (const float **)(cls + s->out_h);
  float **zq = (float **)(xq + S * ohw / QUAD);
  for (long co = 0; co < nb * LANES; co++) bl[co] = bias && co < s->out_c ? bias[co] : 0;
  row_classes(s, cls);
  long count[2 * DIRECT_MAX_KERNEL], first[2 * DIRECT_MAX_KERNEL];
  lanes_tables(s, cls, classes, pitch, plane, tabs, count, first);
  // With a 3-wide kernel and pad 1, a row's first pixel meets padding at kernel column 0,
  // and its last at column 2 when the last window ends past the row.
  const long by_rows = s->kernel == 3, edges = by_rows && s->pad == 1;
  const long left = edges ? LEFT_EDGE : 0;
  const long right = edges && (s->out_w - 1) * st + 1 == s->in_w ? RIGHT_EDGE : 0;
  // The quads of a row on each edge (0 to 3): `row_edges[e]` of them, `edge_quads[e]`.
  long edge_quads[4][LANES_MAX_WIDTH / QUAD], row_edges[4] = {0};
  for (long j = 0; j < row_quads; j++) {
    long e = (j == 0 ? left : 0) | (j == row_quads - 1 ? right : 0);
    edge_quads[e][row_edges[e]++] = j;
  }
  if (copy) memset(xs, 0, sizeof(float) * (size_t)(min_l(S, n1 - n0) * sample));
  memset(zs + S * ohw * ldz, 0, sizeof(float) * (size_t)(LANES * ldz));
  for (long c0 = n0; c0 < n1; c0 += S) {
    const long ns = min_l(S, n1 - c0), quads = ns * ohw / QUAD;
    const float *src = copy ? xs : x + c0 * in_chw;
    if (copy) lanes_copy_input(s, x, c0, ns, xs);
    // Quads grouped by edge and row class: a tile takes quads of one group, so that it
    // skips every tap that meets padding. The group's last tile repeats its last quad
    // where the group runs short (the same values stored twice).
    long q = 0, groups = 0, ends[4 * 2 * DIRECT_MAX_KERNEL], kinds[4 * 2 * DIRECT_MAX_KERNEL];
    long tiles[3] = {0};
    for (long e = 0; e < 4; e++)
      for (long c = 0; c < classes && row_edges[e]; c++) {
        for (long i = 0; i < ns; i++)
          for (long oh = first[c]; oh < s->out_h && cls[oh] == c; oh++) {
            const float *xr = src + i * sample + oh * st * pitch;
            float *zr = zs + (i * ohw + oh * s->out_w) * ldz;
            for (long k = 0; k < row_edges[e]; k++, q++) {
              xq[q] = xr + edge_quads[e][k] * QUAD * st;
              zq[q] = zr + edge_quads[e][k] * QUAD * ldz;
            }
          }
        long size = q - (groups ? ends[groups - 1] : 0);
        for (long g = 1; g <= 3; g++) tiles[g - 1] += (size + quad_count(g) - 1) / quad_count(g);
        kinds[groups] = c * 4 + e;
        ends[groups++] = q;
      }
    // The next chunk's input and this chunk's output come into L2 a few lines per tile,
    // so that the next chunk's tiles (or copy) and the stores below do not wait on memory.
    long all_tiles = 0;
    for (long b0 = 0; b0 < nb; b0 += group(nb - b0)) all_tiles += tiles[group(nb - b0) - 1];
    ahead xa = ahead_over(x + (c0 + ns) * in_chw, min_l(S, n1 - c0 - ns) * in_chw, all_tiles);
    ahead ya = ahead_over(y + c0 * out_chw, ns * out_chw, all_tiles);
    for (long b0 = 0; b0 < nb;) {
      const long g = group(nb - b0), Q = quad_count(g);
      const lanes_tile_fn *fns = lanes_tiles[g - 1][st - 1];
      for (long k = 0, q0 = 0; k < groups; k++) {
        const long c = kinds[k] >> 2, e = kinds[k] & 3, end = ends[k];
        const lanes_tile_fn fn = fns[by_rows ? e : 4];
        for (; q0 < end; q0 += Q) {
          const float *tx[6];
          float *tz[6];
          for (long j = 0; j < Q; j++) {
            long qj = min_l(q0 + j, end - 1);
            tx[j] = xq[qj];
            tz[j] = zq[qj] + b0 * LANES;
          }
          for (long i = 0; i < xa.step && xa.p < xa.end; i++, xa.p += 64)
            __builtin_prefetch(xa.p, 0, 2);
          for (long i = 0; i < ya.step && ya.p < ya.end; i++, ya.p += 64)
            __builtin_prefetch(ya.p, 1, 2);
          fn(count[c], packed_w + b0 * taps * LANES, taps * LANES, tabs + c * taps, tx, tz,
             ldz, bl + b0 * LANES);
        }
        q0 = end;
      }
      b0 += g;
    }
    for (long i = 0; i < ns; i++)
      lanes_store(s, zs + i * ohw * ldz, ldz, y + (c0 + i) * out_chw);
  }
}
#else
int llal_conv_lanes_fits(int level, const llal_conv_shape *s) {
  (void)level;
  (void)s;
  return 0;
}

size_t llal_conv_lanes_workspace(const llal_conv_shape *s) {
  (void)s;
  return 0;
}

size_t llal_conv_lanes_weight_size(const llal_conv_shape *s) {
  (void)s;
  return 0;
}

void llal_conv_lanes_pack_weight(const llal_conv_shape *s, const float *w, float *dst) {
  (void)s, (void)w, (void)dst;
}

void llal_conv_lanes_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                             const float *bias, float *y, long n0, long n1, float *workspace) {
  (void)s, (void)x, (void)packed_w, (void)bias, (void)y, (void)n0, (void)n1, (void)workspace;
}
#endif
