// The forward convolution with output channels in the vector lanes: AVX-512, stride 1 or
// 2, output rows of a multiple of 4 pixels up to 16 (small maps, where a row fills too few
// lanes for the pixels-in-lanes kernel of conv2d_direct.c and packing dominates the GEMM
// path).
//
// Per chunk of samples the input is copied into a zero-padded scratch, so no tap needs a
// mask or a bounds test. A micro-tile is NB blocks of 16 output channels × Q "quads" (4
// consecutive output pixels of one row). For each tap (ci, kh, kw) it loads NB weight
// vectors (packed once as [block][tap][16]) and broadcasts the 4·Q input values the quads'
// pixels meet, so every weight load feeds 4·Q FMAs and every broadcast NB; NB·Q·4
// accumulators (24) hold the tile over all taps. Quads are grouped by the kernel rows their
// output row meets, so that tiles skip the rows lying wholly in the padding. The tile goes
// to a scratch of [pixel][channel] rows, which 16 × 16 in-register transposes turn into
// y's NCHW planes.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

#if defined(LLAL_HAVE_X86_KERNELS)
enum { LANES = 16, QUAD = 4 };

// Largest output width the path takes: from 32 up the direct kernel fills its lanes.
enum { LANES_MAX_WIDTH = 16 };
// Scratch floats per chunk of samples (padded input and the tile rows): about L2/8.
enum { LANES_CHUNK_FLOATS = 65536 };

// The padded image one sample takes in the scratch: rows × cols.
static long padded_rows(const llal_conv_shape *s) { return s->in_h + 2 * s->pad; }
static long padded_cols(const llal_conv_shape *s) { return s->in_w + 2 * s->pad; }

int llal_conv_lanes_fits(int level, const llal_conv_shape *s) {
  // pad < kernel ≤ 7 bounds the row classes (below) by 2·kernel − 1. With rows of 16 and
  // a single block of output channels, the direct kernel is as fast (measured).
  long min_c = s->out_w < LANES ? LANES : 2 * LANES;
  return level >= 3 && (s->stride == 1 || s->stride == 2) && s->out_w % QUAD == 0 &&
         s->out_w <= LANES_MAX_WIDTH && s->out_c >= min_c && s->pad < s->kernel &&
         s->kernel <= DIRECT_MAX_KERNEL && padded_cols(s) <= 4 * LANES;
}


static long blocks(const llal_conv_shape *s) { return (s->out_c + LANES - 1) / LANES; }

// Floats one sample takes in the chunk: its padded input and its tile rows.
static long sample_floats(const llal_conv_shape *s) {
  return s->in_c * padded_rows(s) * padded_cols(s) + s->out_h * s->out_w * blocks(s) * LANES;
}

static long chunk_samples(const llal_conv_shape *s) {
  return max_l(1, min_l(s->batch, LANES_CHUNK_FLOATS / sample_floats(s)));
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

// A tap: its offset in the padded input and its weights' offset in a block.
typedef struct {
  int32_t x, w;
} lanes_tap;

size_t llal_conv_lanes_workspace(const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, S = chunk_samples(s);
  long quads = S * s->out_h * s->out_w / QUAD;
  // The bias, the chunk, LANES rows of slack for the transpose's reads, a tap
  // table per row class and one of all taps, the row classes, and per quad two pointers
  // and a class (2 floats each on 64-bit).
  return (size_t)(blocks(s) * LANES + S * sample_floats(s) +
                  LANES * blocks(s) * LANES + 2 * taps * (row_classes(s, NULL) + 1) +
                  2 * s->out_h + 6 * quads + 64);
}

// init bias; acc[b][j] += w[b, tap] · x[pixel j at tap] for all taps; store to rows of z.
INLINE LLAL_TARGET_AVX512 void lanes_tile_body(const int NB, const int Q, const int S,
                                               long taps, const float *w, long wstride,
                                               const lanes_tap *tab, const float **xq,
                                               float **zq, long ldz, const float *bias) {
  __m512 acc[NB][Q * QUAD];
  const float *x[Q];
#pragma GCC unroll 8
  for (int q = 0; q < Q; q++) x[q] = xq[q];
#pragma GCC unroll 8
  for (int b = 0; b < NB; b++) {
    __m512 v = _mm512_loadu_ps(bias + b * LANES);
#pragma GCC unroll 32
    for (int j = 0; j < Q * QUAD; j++) acc[b][j] = v;
  }
  for (long t = 0; t < taps; t++) {
    const long o = tab[t].x;
    const float *wt = w + tab[t].w;
    __m512 wv[NB];
#pragma GCC unroll 8
    for (int b = 0; b < NB; b++) wv[b] = _mm512_loadu_ps(wt + b * wstride);
#pragma GCC unroll 8
    for (int q = 0; q < Q; q++) {
#pragma GCC unroll 4
      for (int c = 0; c < QUAD; c++) {
        __m512 xv = _mm512_set1_ps(x[q][o + c * S]);
#pragma GCC unroll 8
        for (int b = 0; b < NB; b++)
          acc[b][q * QUAD + c] = _mm512_fmadd_ps(wv[b], xv, acc[b][q * QUAD + c]);
      }
    }
  }
#pragma GCC unroll 8
  for (int q = 0; q < Q; q++)
#pragma GCC unroll 4
    for (int c = 0; c < QUAD; c++)
#pragma GCC unroll 8
      for (int b = 0; b < NB; b++)
        _mm512_storeu_ps(zq[q] + c * ldz + b * LANES, acc[b][q * QUAD + c]);
}

typedef void (*lanes_tile_fn)(long, const float *, long, const lanes_tap *, const float **,
                              float **, long, const float *);

#define LANES_TILE(NB, Q, S)                                                                \
  LLAL_TARGET_AVX512 static void lanes_tile_##NB##_##Q##_##S(                              \
      long taps, const float *w, long wstride, const lanes_tap *tab, const float **xq,     \
      float **zq, long ldz, const float *bias) {                                           \
    lanes_tile_body(NB, Q, S, taps, w, wstride, tab, xq, zq, ldz, bias);                   \
  }
// 24 accumulators each: NB blocks × Q quads.
LANES_TILE(1, 6, 1)
LANES_TILE(2, 3, 1)
LANES_TILE(3, 2, 1)
LANES_TILE(1, 6, 2)
LANES_TILE(2, 3, 2)
LANES_TILE(3, 2, 2)

// 16 × 16 transpose: r[i] holds row i, afterwards column i.
LLAL_TARGET_AVX512 static inline void transpose16(__m512 r[16]) {
  __m512 t[16], u[16];
  for (int i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  // u[4g + m] holds, in each 128-bit lane L, column 4L + m of rows 4g..<4g+4.
  for (int g = 0; g < 4; g++) {
    for (int h = 0; h < 2; h++) {
      __m512d a = _mm512_castps_pd(t[4 * g + h]), b = _mm512_castps_pd(t[4 * g + h + 2]);
      u[4 * g + 2 * h] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
      u[4 * g + 2 * h + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
    }
  }
  for (int m = 0; m < 4; m++) {
    __m512 va = _mm512_shuffle_f32x4(u[m], u[4 + m], 0x88);
    __m512 vb = _mm512_shuffle_f32x4(u[m], u[4 + m], 0xdd);
    __m512 wa = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0x88);
    __m512 wb = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0xdd);
    r[m] = _mm512_shuffle_f32x4(va, wa, 0x88);
    r[8 + m] = _mm512_shuffle_f32x4(va, wa, 0xdd);
    r[4 + m] = _mm512_shuffle_f32x4(vb, wb, 0x88);
    r[12 + m] = _mm512_shuffle_f32x4(vb, wb, 0xdd);
  }
}

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
      transpose16(r);
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
      transpose16(r);
      for (long t = 0; t < nt; t++) _mm512_storeu_ps(block + (t0 + t) * LANES, r[t]);
    }
  }
}

// Samples n0..<n0+ns of x into the scratch as zero-padded planes, a padded row at a time:
// vector j of a row takes lanes [pad, pad + in_w) from the input row, zeros elsewhere.
LLAL_TARGET_AVX512 static void lanes_copy_input(const llal_conv_shape *s, const float *x,
                                                long n0, long ns, float *xs) {
  const long wp = padded_cols(s), hp = padded_rows(s), pad = s->pad, in_w = s->in_w;
  const long vectors = (wp + LANES - 1) / LANES;  // at most 4 (llal_conv_lanes_fits)
  __mmask16 load[4], store[4];
  for (long v = 0; v < vectors; v++) {
    unsigned l = 0, st = 0;
    for (long j = 0; j < LANES; j++) {
      long c = v * LANES + j;
      l |= (unsigned)(c >= pad && c < pad + in_w) << j;
      st |= (unsigned)(c < wp) << j;
    }
    load[v] = (__mmask16)l, store[v] = (__mmask16)st;
  }
  const __m512 zero = _mm512_setzero_ps();
  for (long r = 0; r < ns * s->in_c; r++) {
    const float *src = x + (n0 * s->in_c + r) * s->in_h * in_w - pad;
    float *dst = xs + r * hp * wp;
    for (long h = 0; h < hp; h++, dst += wp) {
      if (h < pad || h >= pad + s->in_h) {
        for (long v = 0; v < vectors; v++) _mm512_mask_storeu_ps(dst + v * LANES, store[v], zero);
      } else {
        for (long v = 0; v < vectors; v++)
          _mm512_mask_storeu_ps(dst + v * LANES, store[v],
                                _mm512_maskz_loadu_ps(load[v], src + v * LANES));
        src += in_w;
      }
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

void llal_conv_lanes_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                             const float *bias, float *y, long n0, long n1, float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, K = s->kernel, nb = blocks(s);
  const long hp = padded_rows(s), wp = padded_cols(s), plane = hp * wp;
  const long ohw = s->out_h * s->out_w, ldz = nb * LANES, row_quads = s->out_w / QUAD;
  const long S = chunk_samples(s), st = s->stride, classes = row_classes(s, NULL);
  const float *wl = packed_w;
  // The bias, S padded samples, then S samples' tile rows (and slack), tables, quads.
  float *bl = workspace, *xs = bl + nb * LANES;
  float *zs = xs + S * s->in_c * plane;
  lanes_tap *tabs =
      (lanes_tap *)(((uintptr_t)(zs + S * ohw * ldz + LANES * ldz) + 63) & ~(uintptr_t)63);
  long *cls = (long *)(tabs + taps * (classes + 1)), *qcls = cls + s->out_h;
  const float **xq = (const float **)(qcls + S * ohw / QUAD);
  float **zq = (float **)(xq + S * ohw / QUAD);
  for (long co = 0; co < nb * LANES; co++) bl[co] = bias && co < s->out_c ? bias[co] : 0;
  row_classes(s, cls);
  // Tap tables: per class the kernel rows its output rows meet, then all taps (for tiles
  // that mix classes); `count[c]` entries each, at tabs + c·taps.
  long count[2 * DIRECT_MAX_KERNEL + 2] = {0}, first[2 * DIRECT_MAX_KERNEL + 2] = {0};
  for (long c = 0; c <= classes; c++) {
    long oh = 0;
    while (c < classes && cls[oh] != c) oh++;
    long ih = oh * st - s->pad;
    long lo = c < classes ? max_l(0, -ih) : 0, hi = c < classes ? min_l(K, s->in_h - ih) : K;
    first[c] = oh;
    lanes_tap *t = tabs + c * taps;
    for (long ci = 0; ci < s->in_c; ci++)
      for (long kh = lo; kh < hi; kh++)
        for (long kw = 0; kw < K; kw++, t++) {
          t->x = (int32_t)(ci * plane + kh * wp + kw);
          t->w = (int32_t)(((ci * K + kh) * K + kw) * LANES);
        }
    count[c] = t - (tabs + c * taps);
  }
  memset(zs + S * ohw * ldz, 0, sizeof(float) * (size_t)(LANES * ldz));
  const long in_chw = s->in_c * s->in_h * s->in_w, out_chw = s->out_c * ohw;
  for (long c0 = n0; c0 < n1; c0 += S) {
    const long ns = min_l(S, n1 - c0), quads = ns * ohw / QUAD;
    lanes_copy_input(s, x, c0, ns, xs);
    // Quads by class, so that most tiles skip the kernel rows that meet only padding.
    long q = 0;
    for (long c = 0; c < classes; c++)
      for (long i = 0; i < ns; i++)
        for (long oh = first[c]; oh < s->out_h && cls[oh] == c; oh++)
          for (long j = 0; j < row_quads; j++, q++) {
            xq[q] = xs + i * s->in_c * plane + oh * st * wp + j * QUAD * st;
            zq[q] = zs + (i * ohw + oh * s->out_w + j * QUAD) * ldz;
            qcls[q] = c;
          }
    // The next chunk's input and this chunk's output come into L2 a few lines per tile,
    // so that the copy and the stores below do not wait on memory.
    long tiles = 0;
    for (long b0 = 0; b0 < nb; b0 += group(nb - b0))
      tiles += (quads + quad_count(group(nb - b0)) - 1) / quad_count(group(nb - b0));
    ahead xa = ahead_over(x + (c0 + ns) * in_chw, min_l(S, n1 - c0 - ns) * in_chw, tiles);
    ahead ya = ahead_over(y + c0 * out_chw, ns * out_chw, tiles);
    for (long b0 = 0; b0 < nb;) {
      const long g = group(nb - b0), Q = quad_count(g);
      lanes_tile_fn fn = g == 1   ? (st == 1 ? lanes_tile_1_6_1 : lanes_tile_1_6_2)
                         : g == 2 ? (st == 1 ? lanes_tile_2_3_1 : lanes_tile_2_3_2)
                                  : (st == 1 ? lanes_tile_3_2_1 : lanes_tile_3_2_2);
      for (long q0 = 0; q0 < quads; q0 += Q) {
        const float *tx[6];
        float *tz[6];
        // A short last tile repeats its last quad: the same values stored twice.
        long c = qcls[q0];
        for (long j = 0; j < Q; j++) {
          long qj = min_l(q0 + j, quads - 1);
          tx[j] = xq[qj];
          tz[j] = zq[qj] + b0 * LANES;
          if (qcls[qj] != c) c = classes;
        }
        for (long i = 0; i < xa.step && xa.p < xa.end; i++, xa.p += 64)
          __builtin_prefetch(xa.p, 0, 2);
        for (long i = 0; i < ya.step && ya.p < ya.end; i++, ya.p += 64)
          __builtin_prefetch(ya.p, 1, 2);
        fn(count[c], wl + b0 * taps * LANES, taps * LANES, tabs + c * taps, tx, tz, ldz,
           bl + b0 * LANES);
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
