// The input side of Winograd's F(4×4, 3×3) (see conv2d_winograd4.c): the padded copy of
// the input into the scratch, and the transform of its 6×6 patches, V = Bᵀ d B, written as
// the GEMM's operand. Bᵀ (points 0, ±1, ±2) is
//   [4  0 −5  0 1 0]
//   [0 −4 −4  1 1 0]
//   [0  4 −4 −1 1 0]
//   [0 −2 −1  2 1 0]
//   [0  2 −1 −2 1 0]
//   [0  4  0 −5 0 1].
#include "conv2d_winograd4.h"

#include <string.h>

// Tile t of a range of samples from n0 is tile t % (th·tw), row-major, of sample
// n0 + t / (th·tw). The transform reads the patches straight from x, zero outside it: the
// plain version value by value, the AVX-512 one 16 tiles to a vector from whole input rows
// (see wino4_input_avx512).
// Bᵀ on six values, factored into 12 operations: (d4 − 4·d2) ± (d3 − 4·d1) and
// (d4 − d2) ± 2·(d3 − d1) give rows 1 to 4.
#define WINO4_BT(T, d, v, ADD, SUB, MUL)                                   \
  do {                                                                    \
    T a_ = SUB(d[4], MUL(4, d[2])), b_ = SUB(d[3], MUL(4, d[1]));          \
    T c_ = SUB(d[4], d[2]), e_ = MUL(2, SUB(d[3], d[1]));                  \
    v[0] = ADD(SUB(d[4], MUL(5, d[2])), MUL(4, d[0]));                     \
    v[1] = ADD(a_, b_), v[2] = SUB(a_, b_), v[3] = ADD(c_, e_);            \
    v[4] = SUB(c_, e_);                                                    \
    v[5] = ADD(SUB(d[5], MUL(5, d[3])), MUL(4, d[1]));                     \
  } while (0)
#define S_ADD(a, b) ((a) + (b))
#define S_SUB(a, b) ((a) - (b))
#define S_MUL(c, a) ((float)(c) * (a))

int llal_wino4_vector_fits(const llal_conv_shape *s) {
  const long tw = (s->out_w + 3) / 4;
  return (tw == 2 || tw == 4) && s->in_w <= 4 * tw && s->pad <= 2;
}

// llal_wino4_input in plain C.
INLINE void wino4_input_body(const llal_conv_shape *s, const wino4_geom *g, const float *x,
                             long n0, long t0, long nt, long nr, long vs, float *v) {
  const long C = s->in_c, H = s->in_h, W = s->in_w, pad = s->pad, per = g->th * g->tw;
  for (long t = t0; t < t0 + nt; t++) {
    const long n = n0 + t / per, l = t % per;
    const long ih = l / g->tw * 4 - pad, iw = l % g->tw * 4 - pad;
    float *dst = v + (t - t0) / nr * C * nr + (t - t0) % nr;
    for (long c = 0; c < C; c++, dst += nr) {
      const float *src = x + (n * C + c) * H * W;
      float h[6][6];  // d B (B on the patch's rows), then Bᵀ (d B)
      for (int k = 0; k < 6; k++) {
        float d[6], w[6];
        for (int q = 0; q < 6; q++) {
          const long r = ih + k, col = iw + q;
          d[q] = r >= 0 && r < H && col >= 0 && col < W ? src[r * W + col] : 0.0f;
        }
        WINO4_BT(float, d, w, S_ADD, S_SUB, S_MUL);
        for (int b = 0; b < 6; b++) h[b][k] = w[b];
      }
      for (int b = 0; b < 6; b++) {
        float w[6];
        WINO4_BT(float, h[b], w, S_ADD, S_SUB, S_MUL);
        for (int a = 0; a < 6; a++) dst[(6 * a + b) * vs] = w[a];
      }
    }
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)
#define V_ADD(a, b) _mm512_add_ps(a, b)
#define V_SUB(a, b) _mm512_sub_ps(a, b)
#define V_MUL(c, a) _mm512_mul_ps(_mm512_set1_ps((float)(c)), a)

// As wino4_input_body, 16 tiles to a vector: 16 / tw tile rows ("instances") of tw tiles
// each. For patch row k, each instance's input row (4·i + k − pad) is loaded whole into a
// slot of 4·tw lanes of one of four registers (one slot each for tw = 4, two for tw = 2);
// two masked permutes then pick patch column q of all 16 tiles, zero in the padding. `tw`
// is a constant in each caller, so that the slot arithmetic folds.
LLAL_TARGET_AVX512 INLINE void wino4_input_rows(const llal_conv_shape *s, const wino4_geom *g,
                                                const float *x, long n0, long t0, long nt,
                                                long nr, long vs, float *v, const long tw) {
  const long C = s->in_c, H = s->in_h, W = s->in_w, pad = s->pad, th = g->th;
  const long insts = 16 / tw, slots = insts / 4, HW = H * W;
  const __mmask16 row_lanes = (__mmask16)((1u << W) - 1);
  __m512i idx[6];
  __mmask16 inside[6];  // per q: the lanes whose patch column lies inside the row
  for (int q = 0; q < 6; q++) {
    int e[16];
    unsigned bits = 0;
    for (int lane = 0; lane < 16; lane++) {
      const long inst = lane / tw, col = lane % tw * 4 + q - pad;
      e[lane] = (int)((inst / slots & 1) * 16 + inst % slots * 4 * tw + (col < 0 ? 0 : col));
      if (col >= 0 && col < W) bits |= 1u << lane;
    }
    idx[q] = _mm512_loadu_si512(e);
    inside[q] = (__mmask16)bits;
  }
  for (long t = t0; t < t0 + nt; t += 16) {
    const __mmask16 m = (__mmask16)((1u << min_l(16, t0 + nt - t)) - 1);
    float *dst = v + (t - t0) / nr * C * nr + (t - t0) % nr;
    // Per instance: its first input row's offset (channel 0), and the patch rows inside.
    long at[16], n = n0 + t / (th * tw), i = t % (th * tw) / tw;
    unsigned rows[16];
    for (long p = 0; p < insts; p++) {
      const long ih = 4 * i - pad;
      at[p] = n * C * HW + ih * W;
      rows[p] = 0;
      for (int k = 0; k < 6 && t + p * tw < t0 + nt; k++)
        if (ih + k >= 0 && ih + k < H) rows[p] |= 1u << k;
      if (++i == th) i = 0, n++;
    }
    for (long c = 0; c < C; c++, dst += nr) {
      const float *xc = x + c * HW;
      __m512 h[6][6];  // d B (B on the patch's rows), then Bᵀ (d B)
      for (int k = 0; k < 6; k++) {
        __m512 z[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                       _mm512_setzero_ps()};
        for (long p = 0; p < insts; p++) {
          if (!(rows[p] >> k & 1)) continue;
          const float *src = xc + at[p] + k * W;
          if (p % slots == 0) z[p / slots] = _mm512_maskz_loadu_ps(row_lanes, src);
          else z[p / slots] = _mm512_mask_loadu_ps(z[p / slots], (__mmask16)(row_lanes << 8),
                                                   src - 8);
        }
        __m512 d[6], w[6];
        for (int q = 0; q < 6; q++) {
          __m512 lo = _mm512_maskz_permutex2var_ps(inside[q] & 0x00ff, z[0], idx[q], z[1]);
          __m512 hi = _mm512_maskz_permutex2var_ps(inside[q] & 0xff00, z[2], idx[q], z[3]);
          d[q] = _mm512_mask_blend_ps(0xff00, lo, hi);
        }
        WINO4_BT(__m512, d, w, V_ADD, V_SUB, V_MUL);
        for (int b = 0; b < 6; b++) h[b][k] = w[b];
      }
      for (int b = 0; b < 6; b++) {
        __m512 w[6];
        WINO4_BT(__m512, h[b], w, V_ADD, V_SUB, V_MUL);
        for (int a = 0; a < 6; a++) _mm512_mask_storeu_ps(dst + (6 * a + b) * vs, m, w[a]);
      }
    }
  }
}

LLAL_TARGET_AVX512 static void wino4_input_rows_avx512(const llal_conv_shape *s,
                                                       const wino4_geom *g,
                                                       const float *x, long n0, long t0,
                                                       long nt, long nr, long vs, float *v) {
  if (g->tw == 4) wino4_input_rows(s, g, x, n0, t0, nt, nr, vs, v, 4);
  else wino4_input_rows(s, g, x, n0, t0, nt, nr, vs, v, 2);
}

LLAL_TARGET_AVX2 static void wino4_input_avx2(const llal_conv_shape *s, const wino4_geom *g,
                                              const float *x, long n0, long t0, long nt,
                                              long nr, long vs, float *v) {
  wino4_input_body(s, g, x, n0, t0, nt, nr, vs, v);
}
#endif
static void wino4_input_portable(const llal_conv_shape *s, const wino4_geom *g,
                                 const float *x, long n0, long t0, long nt, long nr, long vs,
                                 float *v) {
  wino4_input_body(s, g, x, n0, t0, nt, nr, vs, v);
}

void llal_wino4_input(int level, const llal_conv_shape *s, const wino4_geom *g,
                      const float *x, long n0, long t0, long nt, long nr, long vs, float *v) {
#if defined(LLAL_HAVE_X86_KERNELS)
  if (level >= 3) {  // llal_conv_winograd4_fits asks for llal_wino4_vector_fits
    wino4_input_rows_avx512(s, g, x, n0, t0, nt, nr, vs, v);
    return;
  }
  if (level >= 2) {
    wino4_input_avx2(s, g, x, n0, t0, nt, nr, vs, v);
    return;
  }
#endif
  (void)level;
  wino4_input_portable(s, g, x, n0, t0, nt, nr, vs, v);
}
