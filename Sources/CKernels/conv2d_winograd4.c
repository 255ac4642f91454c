// The forward 3×3, stride-1 convolution by Winograd's minimal filtering F(4×4, 3×3) (Lavin
// and Gray, 2016; points 0, ±1, ±2). Each 4×4 block of output pixels (a tile) comes from the
// 6×6 input patch d that covers it as Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A: 36 multiplications
// per tile and channel pair instead of 144 (F(2×2, 3×3), conv2d_winograd.c, needs 64 for
// the same 16 outputs). The 36 products summed over the input channels are 36 GEMMs,
// M[ξ] = U[ξ] · V[ξ], on the GEMM micro-kernels.
//
// The design is F(2×2)'s without its copy of the input: per block of tiles (across tile
// rows and samples) whose V and M stay in L2, the patches are transformed straight from x
// into V as packed B panels (conv2d_winograd4_input.c), the GEMMs write M, and M is
// transformed back into y's NCHW rows with the bias added.
//
// NOTE: the larger transforms round more: their entries reach 8 (Aᵀ) and 5 (Bᵀ), G's 1/6
// is inexact, and the products U ⊙ V outgrow the outputs they cancel into (rounding M
// alone to float costs about 8e-7 of Σ|w·x|, in a NumPy model). The error reaches a few
// 1e-6 of Σ|w·x| (F(2×2): about 2e-7); the tests bound it at 1e-5.
#include "conv2d_winograd4.h"
#include "gemm.h"

#include <stdint.h>
#include <string.h>

enum {
  ALPHA = WINO4_ALPHA,
  SKEW = WINO4_SKEW,
  BLOCK_FLOATS = 196608,  // V and M of a block of tiles
};

int llal_conv_winograd4_fits(int level, const llal_conv_shape *s) {
  // Measured on AVX-512 against F(2×2) and the lanes and direct kernels (32 samples, 8 to
  // 128 channels, maps of 6 to 16): F(4×4) was faster on every shape it takes, by 10 to
  // 45 %; with AVX2 (plain transforms), by 4 to 18 % on the engine cases of maps 8 and 16.
  (void)level;
  return s->kernel == 3 && s->stride == 1 && s->in_c >= 8 && s->out_c >= 8 &&
         s->out_h >= 6 && s->out_w >= 6 && llal_wino4_vector_fits(s);
}

// Tiles per block (a multiple of NR) for a range of `samples`, and output channels rounded
// up to MR.
typedef struct {
  long block, rows;
} wino4_blocks;

static wino4_blocks blocking(int level, const llal_conv_shape *s, long samples) {
  const wino4_geom g = wino4_geometry(s);
  wino4_blocks b;
  long nr = llal_gemm_nr(level);
  b.rows = round_up(s->out_c, llal_gemm_mr(level));
  long fit = BLOCK_FLOATS / (ALPHA * (s->in_c + b.rows)) / nr * nr;
  b.block = min_l(round_up(samples * g.th * g.tw, nr), max_l(nr, fit));
  return b;
}

size_t llal_conv_winograd4_weight_size(int level, const llal_conv_shape *s) {
  return (size_t)(ALPHA * round_up(s->out_c, llal_gemm_mr(level)) * s->in_c);
}

size_t llal_conv_winograd4_workspace(int level, const llal_conv_shape *s) {
  const wino4_blocks b = blocking(level, s, s->batch);
  // V and M of one block, V 64-byte aligned.
  return (size_t)(16 + ALPHA * ((s->in_c + b.rows) * b.block + 2 * SKEW));
}

// G on three values (a column of g, or a row of G g), into six.
#define WINO4_G(g0, g1, g2, u, at)                                                   \
  do {                                                                               \
    const float s_ = (g0) + (g2), d_ = (g0) / 4 + (g2);                              \
    (u)[at(0)] = (g0) / 4, (u)[at(5)] = (g2);                                        \
    (u)[at(1)] = -(s_ + (g1)) * SIXTH, (u)[at(2)] = -(s_ - (g1)) * SIXTH;            \
    (u)[at(3)] = (d_ + (g1) / 2) * SIXTH, (u)[at(4)] = (d_ - (g1) / 2) * SIXTH;      \
  } while (0)

// U[ξ] = (G g Gᵀ)[ξ] for every channel pair, as the GEMM's A operand per ξ: panels of MR
// output channels, [in_c][MR] each, zero past out_c. The MR channels of one input channel
// are transformed together (the inner loops run over them, MR a constant in each caller),
// so that each ξ gets MR contiguous floats at a time. G's rows: [1/4 0 0],
// [−1/6 −1/6 −1/6], [−1/6 1/6 −1/6], [1/24 1/12 1/6], [1/24 −1/12 1/6], [0 0 1]; rows 3
// and 4 are (g0/4 + g2 ± g1/2)/6, so that only 1/6 is inexact.
INLINE void wino4_pack_weight_body(const llal_conv_shape *s, const float *w, float *dst,
                                   const long mr) {
  enum { MAX_MR = 16 };
  static const float SIXTH = 1.0f / 6;
  const long C = s->in_c, rows = round_up(s->out_c, mr);
  for (long c0 = 0; c0 < rows; c0 += mr)
    for (long ci = 0; ci < C; ci++) {
      float k[9][MAX_MR], t[6][3][MAX_MR], u[ALPHA][MAX_MR];
      for (long r = 0; r < mr; r++)
        for (int e = 0; e < 9; e++)
          k[e][r] = c0 + r < s->out_c ? w[((c0 + r) * C + ci) * 9 + e] : 0.0f;
      for (int j = 0; j < 3; j++)  // t = G g, a column at a time
        for (long r = 0; r < mr; r++) {
#define AT_T(i) i][j][r
          WINO4_G(k[j][r], k[3 + j][r], k[6 + j][r], t, AT_T);
#undef AT_T
        }
      for (int i = 0; i < 6; i++)  // u = (G g) Gᵀ, a row at a time
        for (long r = 0; r < mr; r++) {
#define AT_U(b) 6 * i + (b)][r
          WINO4_G(t[i][0][r], t[i][1][r], t[i][2][r], u, AT_U);
#undef AT_U
        }
      float *d = dst + c0 * C + ci * mr;
      for (int x = 0; x < ALPHA; x++) memcpy(d + x * rows * C, u[x], sizeof(float) * (size_t)mr);
    }
}

#if defined(LLAL_HAVE_X86_KERNELS)
// As wino4_pack_weight_body for MR = 8, two input channels at a time: the 16 kernels (2
// input channels × 8 output channels) are loaded as rows and transposed, so that each of
// their 9 taps is a vector, lanes (input channel, output channel) — the order of the 16
// floats the two input channels take in a panel — and the 36 results are stored whole.
// (Compilers gather and scatter the plain loops' loads and stores, which is slower.)
LLAL_TARGET_AVX512 static void wino4_pack_weight_avx512(const llal_conv_shape *s,
                                                        const float *w, float *dst) {
#if LLAL_AVX512_MR == 8
  const long C = s->in_c, rows = round_up(s->out_c, 8);
  const __m512 quarter = _mm512_set1_ps(0.25f), half = _mm512_set1_ps(0.5f);
  const __m512 sixth = _mm512_set1_ps(1.0f / 6), minus_sixth = _mm512_set1_ps(-1.0f / 6);
#define WINO4_G_V(g0, g1, g2, u, at)                                                 \
  do {                                                                               \
    const __m512 s_ = _mm512_add_ps(g0, g2);                                         \
    const __m512 d_ = _mm512_add_ps(_mm512_mul_ps(g0, quarter), g2);                 \
    const __m512 h_ = _mm512_mul_ps(g1, half);                                       \
    (u)[at(0)] = _mm512_mul_ps(g0, quarter), (u)[at(5)] = (g2);                      \
    (u)[at(1)] = _mm512_mul_ps(_mm512_add_ps(s_, g1), minus_sixth);                  \
    (u)[at(2)] = _mm512_mul_ps(_mm512_sub_ps(s_, g1), minus_sixth);                  \
    (u)[at(3)] = _mm512_mul_ps(_mm512_add_ps(d_, h_), sixth);                        \
    (u)[at(4)] = _mm512_mul_ps(_mm512_sub_ps(d_, h_), sixth);                        \
  } while (0)
  for (long c0 = 0; c0 < rows; c0 += 8)
    for (long ci = 0; ci < C; ci += 2) {
      const long pairs = min_l(2, C - ci);
      __m512 g[16], t[6][3], u[ALPHA];
      for (int row = 0; row < 16; row++) {
        const long r = row % 8, cl = row / 8;
        g[row] = c0 + r < s->out_c && cl < pairs
                     ? _mm512_maskz_loadu_ps(0x1ff, w + ((c0 + r) * C + ci + cl) * 9)
                     : _mm512_setzero_ps();
      }
      llal_transpose16(g);  // g[e]: tap e, lanes (input channel, output channel)
      for (int j = 0; j < 3; j++) {
#define AT_T(i) i][j
        WINO4_G_V(g[j], g[3 + j], g[6 + j], t, AT_T);
#undef AT_T
      }
      for (int i = 0; i < 6; i++) {
#define AT_U(b) 6 * i + (b)
        WINO4_G_V(t[i][0], t[i][1], t[i][2], u, AT_U);
#undef AT_U
      }
#undef WINO4_G_V
      const __mmask16 keep = pairs == 2 ? 0xffff : 0x00ff;
      float *d = dst + c0 * C + ci * 8;
      for (int x = 0; x < ALPHA; x++) _mm512_mask_storeu_ps(d + x * rows * C, keep, u[x]);
    }
#else
  wino4_pack_weight_body(s, w, dst, LLAL_AVX512_MR);
#endif
}
LLAL_TARGET_AVX2 static void wino4_pack_weight_avx2(const llal_conv_shape *s, const float *w,
                                                    float *dst) {
  wino4_pack_weight_body(s, w, dst, LLAL_AVX2_MR);
}
#endif
static void wino4_pack_weight_portable(const llal_conv_shape *s, const float *w, float *dst) {
  wino4_pack_weight_body(s, w, dst, LLAL_PORTABLE_MR);
}

void llal_conv_winograd4_pack_weight(int level, const llal_conv_shape *s, const float *w,
                                     float *dst) {
  DISPATCH(level, wino4_pack_weight, (s, w, dst));
}

// Aᵀ on six values: (m1 ± m2) and (m3 ± m4) give the four rows
// [1 1 1 1 1 0], [0 1 −1 2 −2 0], [0 1 1 4 4 0], [0 1 −1 8 −8 1].
#define WINO4_AT(m, o, ADD, SUB, MUL)                                      \
  do {                                                                    \
    const __typeof__(m[0]) p_ = ADD(m[1], m[2]), q_ = SUB(m[1], m[2]);     \
    const __typeof__(m[0]) r_ = ADD(m[3], m[4]), s_ = SUB(m[3], m[4]);     \
    o[0] = ADD(ADD(m[0], p_), r_), o[1] = ADD(q_, MUL(2, s_));             \
    o[2] = ADD(p_, MUL(4, r_)), o[3] = ADD(ADD(q_, MUL(8, s_)), m[5]);     \
  } while (0)
#define S_ADD(a, b) ((a) + (b))
#define S_SUB(a, b) ((a) - (b))
#define S_MUL(c, a) ((float)(c) * (a))

// y = Aᵀ M A + bias for tiles t0..<t0+nt of the chunk whose first sample is n0; M[ξ] is
// [rows][ld] from m + ξ·ms, column t − t0 for tile t. A tile's rows and columns past the
// output are dropped.
static void wino4_output_portable(const llal_conv_shape *s, const wino4_geom *g,
                                  const float *m, long ms, long ld, const float *bias, long n0,
                                  long t0, long nt, float *y) {
  const long per = g->th * g->tw, ohw = s->out_h * s->out_w, ow = s->out_w;
  for (long t = t0; t < t0 + nt; t++) {
    const long nl = t / per, l = t % per, oh = l / g->tw * 4, owc = l % g->tw * 4;
    for (long co = 0; co < s->out_c; co++) {
      const float *mc = m + co * ld + (t - t0);
      float u[4][6];  // Aᵀ on the columns of M, then A on the rows
      for (int b = 0; b < 6; b++) {
        float col[6], o[4];
        for (int a = 0; a < 6; a++) col[a] = mc[(6 * a + b) * ms];
        WINO4_AT(col, o, S_ADD, S_SUB, S_MUL);
        for (int r = 0; r < 4; r++) u[r][b] = o[r];
      }
      float *yp = y + ((n0 + nl) * s->out_c + co) * ohw + oh * ow + owc;
      const float bv = bias ? bias[co] : 0.0f;
      for (int r = 0; r < 4 && oh + r < s->out_h; r++) {
        float o[4];
        WINO4_AT(u[r], o, S_ADD, S_SUB, S_MUL);
        for (int c = 0; c < 4 && owc + c < ow; c++) yp[r * ow + c] = o[c] + bv;
      }
    }
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)
#define V_ADD(a, b) _mm512_add_ps(a, b)
#define V_SUB(a, b) _mm512_sub_ps(a, b)
#define V_MUL(c, a) _mm512_mul_ps(_mm512_set1_ps((float)(c)), a)

// As wino4_output_portable, 16 tiles to a vector: 16 / tw tile rows ("instances") of tw
// tiles (see wino4_input_rows). Per output row r of the tiles, the four vectors of columns
// s, lanes (instance, tile), are transposed by unpacks into the tiles' rows of 4 (128-bit
// lane = instance, or instance pair for tw = 2) and shuffled into whole output rows of
// 4·tw, stored masked to the map.
LLAL_TARGET_AVX512 INLINE void wino4_output_rows(const llal_conv_shape *s, const wino4_geom *g,
                                                 const float *m, long ms, long ld,
                                                 const float *bias, long n0, long t0, long nt,
                                                 float *y, const long tw) {
  const long ohw = s->out_h * s->out_w, ow = s->out_w, th = g->th, insts = 16 / tw;
  const __mmask16 cols = (__mmask16)((1u << ow) - 1);
  // For tw = 2: rows of instances 4·h + p0 (low half) and 4·h + 2 + p0 (high half) from
  // the pair for p0, h.
  const __m512i pair[2] = {
      _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23),
      _mm512_setr_epi32(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31)};
  for (long j0 = 0; j0 < nt; j0 += 16) {
    const __mmask16 k = (__mmask16)((1u << min_l(16, nt - j0)) - 1);
    // Per instance: its first output (channel 0), and its rows inside the map.
    long at[16], t = t0 + j0, n = n0 + t / (th * tw), i = t % (th * tw) / tw;
    int rows[16];
    for (long p = 0; p < insts; p++) {
      at[p] = n * s->out_c * ohw + 4 * i * ow;
      rows[p] = t + p * tw < t0 + nt ? (int)min_l(4, s->out_h - 4 * i) : 0;
      if (++i == th) i = 0, n++;
    }
    for (long co = 0; co < s->out_c; co++) {
      const float *mc = m + co * ld + j0;
      const __m512 bv = _mm512_set1_ps(bias ? bias[co] : 0.0f);
      __m512 u[4][6];
      for (int b = 0; b < 6; b++) {
        __m512 col[6], c4[4];
        for (int a = 0; a < 6; a++) col[a] = _mm512_maskz_loadu_ps(k, mc + (6 * a + b) * ms);
        WINO4_AT(col, c4, V_ADD, V_SUB, V_MUL);
        for (int r = 0; r < 4; r++) u[r][b] = c4[r];
      }
      float *yc = y + co * ohw;
      for (int r = 0; r < 4; r++) {
        __m512 o[4];
        WINO4_AT(u[r], o, V_ADD, V_SUB, V_MUL);
        for (int c = 0; c < 4; c++) o[c] = _mm512_add_ps(o[c], bv);
        // Per 128-bit lane, rows of 4 of its first (e0 / o0) and last two tiles.
        const __m512 t0v = _mm512_unpacklo_ps(o[0], o[1]), t1v = _mm512_unpackhi_ps(o[0], o[1]);
        const __m512 t2v = _mm512_unpacklo_ps(o[2], o[3]), t3v = _mm512_unpackhi_ps(o[2], o[3]);
        __m512 e[4];  // tile e of each 128-bit lane, its row r
        e[0] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t0v), _mm512_castps_pd(t2v)));
        e[1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t0v), _mm512_castps_pd(t2v)));
        e[2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t1v), _mm512_castps_pd(t3v)));
        e[3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t1v), _mm512_castps_pd(t3v)));
        if (tw == 4) {  // lane p holds instance p's tiles e: rows [e0.p e1.p e2.p e3.p]
          const __m512 a0 = _mm512_shuffle_f32x4(e[0], e[1], 0x44);
          const __m512 a1 = _mm512_shuffle_f32x4(e[2], e[3], 0x44);
          const __m512 a2 = _mm512_shuffle_f32x4(e[0], e[1], 0xee);
          const __m512 a3 = _mm512_shuffle_f32x4(e[2], e[3], 0xee);
          const __m512 row[4] = {
              _mm512_shuffle_f32x4(a0, a1, 0x88), _mm512_shuffle_f32x4(a0, a1, 0xdd),
              _mm512_shuffle_f32x4(a2, a3, 0x88), _mm512_shuffle_f32x4(a2, a3, 0xdd)};
          for (int p = 0; p < 4; p++)
            if (r < rows[p]) _mm512_mask_storeu_ps(yc + at[p] + r * ow, cols, row[p]);
        } else {  // lane h holds instances 2·h (tiles e0, e1) and 2·h + 1 (e2, e3)
          for (int p0 = 0; p0 < 2; p0++)
            for (int h = 0; h < 2; h++) {
              const __m512 two = _mm512_permutex2var_ps(e[2 * p0], pair[h], e[2 * p0 + 1]);
              const long lo = 4 * h + p0, hi = lo + 2;
              if (r < rows[lo]) _mm512_mask_storeu_ps(yc + at[lo] + r * ow, cols & 0xff, two);
              if (r < rows[hi])
                _mm512_mask_storeu_ps(yc + at[hi] + r * ow - 8, (__mmask16)(cols << 8), two);
            }
        }
      }
    }
  }
}

LLAL_TARGET_AVX512 static void wino4_output_avx512(const llal_conv_shape *s,
                                                   const wino4_geom *g, const float *m, long ms,
                                                   long ld, const float *bias, long n0,
                                                   long t0, long nt, float *y) {
  if (g->tw == 4) wino4_output_rows(s, g, m, ms, ld, bias, n0, t0, nt, y, 4);
  else wino4_output_rows(s, g, m, ms, ld, bias, n0, t0, nt, y, 2);
}

LLAL_TARGET_AVX2 static void wino4_output_avx2(const llal_conv_shape *s, const wino4_geom *g,
                                               const float *m, long ms, long ld,
                                               const float *bias, long n0, long t0, long nt,
                                               float *y) {
  wino4_output_portable(s, g, m, ms, ld, bias, n0, t0, nt, y);
}
#endif

void llal_conv_winograd4_forward(int level, const llal_conv_shape *s, const float *x,
                                 const float *packed_w, const float *bias, float *y, long n0,
                                 long n1, float *workspace) {
  const wino4_geom g = wino4_geometry(s);
  const wino4_blocks b = blocking(level, s, n1 - n0);
  const long C = s->in_c, T = b.block, nr = llal_gemm_nr(level);
  const long tiles = (n1 - n0) * g.th * g.tw;
  // V's panels start on a 64-byte boundary: the micro-kernels load them aligned.
  float *v = (float *)(((uintptr_t)workspace + 63) & ~(uintptr_t)63);
  const long vs = C * T + SKEW, ms = b.rows * T + SKEW;
  float *m = v + ALPHA * vs;
  for (long t0 = 0; t0 < tiles; t0 += T) {
    const long nt = min_l(T, tiles - t0);
    llal_wino4_input(level, s, &g, x, n0, t0, nt, nr, vs, v);
    for (long k = 0; k < ALPHA; k++)
      llal_gemm_macro(level, b.rows, round_up(nt, nr), C, packed_w + k * b.rows * C,
                      v + k * vs, m + k * ms, T, 0);
    DISPATCH(level, wino4_output, (s, &g, m, ms, T, bias, n0, t0, nt, y));
  }
}
