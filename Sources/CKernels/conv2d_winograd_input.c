// The input side of Winograd's F(2×2, 3×3) (see conv2d_winograd.c): the padded copy of
// the input into the scratch, and the transform of its 4×4 patches, V = Bᵀ d B, written as
// the GEMM's operand. The forward pass and the weight gradient share them.
#include "conv2d_winograd.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

int llal_wino_shape_fits(const llal_conv_shape *s) {
  if (s->kernel != 3 || s->stride != 1 || s->pad > 2 || s->in_c < 8 || s->out_c < 8 ||
      s->out_h < 4 || s->out_w < 4 || s->out_w > 32 * WINO_MAX_CHUNKS)
    return 0;
  // Odd sizes end on tiles cut in half: maps of 3 and 5 lose, 7 and up win (measured).
  const wino_geom g = wino_geometry(s);
  return 80 * g.th * g.tw <= 27 * s->out_h * s->out_w;
}

// The scratch holds, per sample and input channel, 8 parts of (th + 1) × tw floats: part
// (q, parity) row i, column tw is the padded input at row 2·i + parity, column 2·tw + q
// (input row and column minus pad; zero outside the image). The 16 values of tile t's
// patch, row k column q, then lie at part (q, k & 1), offset (k >> 1)·tw + t: a run of
// tiles of one plane, across tile rows, reads contiguous floats.
static long part_offset(const wino_geom *g, int q, int k) {
  return (2 * q + (k & 1)) * g->part + (k >> 1) * g->tw;
}

// llal_wino_copy in plain C.
static void wino_copy_body(const llal_conv_shape *s, const wino_geom *g, const float *x,
                           long n0, long ns, float *xs) {
  const long pad = s->pad, in_h = s->in_h, in_w = s->in_w, tw = g->tw;
  for (long r = 0; r < ns * s->in_c; r++) {
    const float *src = x + (n0 * s->in_c + r) * in_h * in_w;
    float *dst = xs + r * 8 * g->part;
    for (long row = 0; row < 2 * g->th + 2; row++) {
      const long ih = row - pad;
      for (int q = 0; q < 4; q++) {
        float *d = dst + (2 * q + (row & 1)) * g->part + (row >> 1) * tw;
        for (long k = 0; k < tw; k++) {
          const long iw = 2 * k + q - pad;
          d[k] = ih >= 0 && ih < in_h && iw >= 0 && iw < in_w ? src[ih * in_w + iw] : 0.0f;
        }
      }
    }
  }
}

// llal_wino_input in plain C: runs of tiles within one sample and one panel.
INLINE void wino_input_body(const llal_conv_shape *s, const wino_geom *g, const float *xs,
                            long t0, long nt, long nr, long vs, float *v) {
  const long C = s->in_c, per = g->th * g->tw;
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, l = t % per, lane = (t - t0) % nr;
    const long len = min_l(min_l(per - l, t0 + nt - t), nr - lane);
    const float *p = xs + nl * C * 8 * g->part + l;
    float *dst = v + (t - t0) / nr * C * nr + lane;
    for (long c = 0; c < C; c++, p += 8 * g->part, dst += nr) {
      for (long j = 0; j < len; j++) {
        // Bᵀ on the rows, then B on the columns: (a, b, c, d) ↦ (a − c, b + c, c − b, b − d).
        float w[4][4];
        for (int q = 0; q < 4; q++) {
          float a = p[part_offset(g, q, 0) + j], b = p[part_offset(g, q, 1) + j];
          float cc = p[part_offset(g, q, 2) + j], d = p[part_offset(g, q, 3) + j];
          w[0][q] = a - cc, w[1][q] = b + cc, w[2][q] = cc - b, w[3][q] = b - d;
        }
        for (int i = 0; i < 4; i++) {
          dst[(4 * i) * vs + j] = w[i][0] - w[i][2];
          dst[(4 * i + 1) * vs + j] = w[i][1] + w[i][2];
          dst[(4 * i + 2) * vs + j] = w[i][2] - w[i][1];
          dst[(4 * i + 3) * vs + j] = w[i][1] - w[i][3];
        }
      }
    }
    t += len;
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)
// Lanes i of 16 with 0 ≤ start + i < n.
static __mmask16 lanes_inside(long start, long n) {
  long lo = max_l(0, -start), hi = min_l(16, n - start);
  return hi <= lo ? 0 : (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

// As wino_copy_body, 16 columns of a part at a time: two pairs of masked loads of the input
// row, split into even and odd columns by permutes.
LLAL_TARGET_AVX512 static void wino_copy_avx512(const llal_conv_shape *s, const wino_geom *g,
                                                const float *x, long n0, long ns, float *xs) {
  const long pad = s->pad, in_h = s->in_h, in_w = s->in_w, tw = g->tw, part = g->part;
  const long rows = 2 * g->th + 2, chunks = (tw + 15) / 16;
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                         28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  // Per chunk of 16 columns of a part, and per pair of parts: the lanes kept and the input
  // columns the two loads read.
  __mmask16 keep[WINO_MAX_CHUNKS], first[WINO_MAX_CHUNKS][2], second[WINO_MAX_CHUNKS][2];
  for (long i = 0; i < chunks; i++) {
    keep[i] = (__mmask16)((1u << min_l(16, tw - 16 * i)) - 1);
    for (int h = 0; h < 2; h++) {
      first[i][h] = lanes_inside(32 * i + 2 * h - pad, in_w);
      second[i][h] = lanes_inside(32 * i + 2 * h - pad + 16, in_w);
    }
  }
  const __m512 zero = _mm512_setzero_ps();
  for (long r = 0; r < ns * s->in_c; r++) {
    const float *src = x + (n0 * s->in_c + r) * in_h * in_w - pad;
    float *dst = xs + r * 8 * part;
    for (long row = 0; row < rows; row++) {
      const long ih = row - pad;
      float *d = dst + (row & 1) * part + (row >> 1) * tw;
      for (long i = 0; i < chunks; i++, d += 16) {
        for (int h = 0; h < 2; h++) {  // parts q = h (even columns) and h + 2 (odd)
          __m512 e = zero, o = zero;
          if (ih >= 0 && ih < in_h) {
            const float *c = src + ih * in_w + 32 * i + 2 * h;
            __m512 a = _mm512_maskz_loadu_ps(first[i][h], c);
            __m512 b = _mm512_maskz_loadu_ps(second[i][h], c + 16);
            e = _mm512_permutex2var_ps(a, even, b), o = _mm512_permutex2var_ps(a, odd, b);
          }
          _mm512_mask_storeu_ps(d + 4 * h * part, keep[i], e);
          _mm512_mask_storeu_ps(d + (4 * h + 2) * part, keep[i], o);
        }
      }
    }
  }
}

// As wino_input_body, 16 tiles to a vector, masked at the end of a run.
LLAL_TARGET_AVX512 static void wino_input_avx512(const llal_conv_shape *s, const wino_geom *g,
                                                 const float *xs, long t0, long nt, long nr,
                                                 long vs, float *v) {
  const long C = s->in_c, per = g->th * g->tw;
  long off[4][4];
  for (int q = 0; q < 4; q++)
    for (int k = 0; k < 4; k++) off[k][q] = part_offset(g, q, k);
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, l = t % per, lane = (t - t0) % nr;
    const long len = min_l(min_l(per - l, t0 + nt - t), nr - lane);
    for (long j0 = 0; j0 < len; j0 += 16) {
      const __mmask16 k = (__mmask16)((1u << min_l(16, len - j0)) - 1);
      const float *p = xs + nl * C * 8 * g->part + l + j0;
      float *d = v + (t - t0) / nr * C * nr + lane + j0;
      for (long c = 0; c < C; c++, p += 8 * g->part, d += nr) {
        __m512 w[4][4];
        for (int q = 0; q < 4; q++) {
          __m512 a = _mm512_maskz_loadu_ps(k, p + off[0][q]);
          __m512 b = _mm512_maskz_loadu_ps(k, p + off[1][q]);
          __m512 cc = _mm512_maskz_loadu_ps(k, p + off[2][q]);
          __m512 dd = _mm512_maskz_loadu_ps(k, p + off[3][q]);
          w[0][q] = _mm512_sub_ps(a, cc), w[1][q] = _mm512_add_ps(b, cc);
          w[2][q] = _mm512_sub_ps(cc, b), w[3][q] = _mm512_sub_ps(b, dd);
        }
        for (int i = 0; i < 4; i++) {
          _mm512_mask_storeu_ps(d + 4 * i * vs, k, _mm512_sub_ps(w[i][0], w[i][2]));
          _mm512_mask_storeu_ps(d + (4 * i + 1) * vs, k, _mm512_add_ps(w[i][1], w[i][2]));
          _mm512_mask_storeu_ps(d + (4 * i + 2) * vs, k, _mm512_sub_ps(w[i][2], w[i][1]));
          _mm512_mask_storeu_ps(d + (4 * i + 3) * vs, k, _mm512_sub_ps(w[i][1], w[i][3]));
        }
      }
    }
    t += len;
  }
}
#endif

void llal_wino_copy(int level, const llal_conv_shape *s, const wino_geom *g, const float *x,
                    long n0, long ns, float *xs) {
#if defined(LLAL_HAVE_X86_KERNELS)
  if (level >= 3) {
    wino_copy_avx512(s, g, x, n0, ns, xs);
    return;
  }
#endif
  (void)level;
  wino_copy_body(s, g, x, n0, ns, xs);
}

#if defined(LLAL_HAVE_X86_KERNELS)
LLAL_TARGET_AVX2 static void wino_input_avx2(const llal_conv_shape *s, const wino_geom *g,
                                             const float *xs, long t0, long nt, long nr,
                                             long vs, float *v) {
  wino_input_body(s, g, xs, t0, nt, nr, vs, v);
}
#endif

void llal_wino_input(int level, const llal_conv_shape *s, const wino_geom *g, const float *xs,
                     long t0, long nt, long nr, long vs, float *v) {
#if defined(LLAL_HAVE_X86_KERNELS)
  if (level >= 3) {
    wino_input_avx512(s, g, xs, t0, nt, nr, vs, v);
    return;
  }
  if (level >= 2) {
    wino_input_avx2(s, g, xs, t0, nt, nr, vs, v);
    return;
  }
#endif
  (void)level;
  wino_input_body(s, g, xs, t0, nt, nr, vs, v);
}
