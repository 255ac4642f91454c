// The forward 3×3, stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin
// and Gray, 2016). Each 2×2 block of output pixels (a tile) comes from the 4×4 input patch
// d that covers it as Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, with ⊙ elementwise: 16 multiplications
// per tile and channel pair instead of 36. Summed over the input channels, the 16 products
// are 16 independent GEMMs, M[ξ] = U[ξ] · V[ξ] ([out_c × in_c] times [in_c × tiles]), which
// run on the GEMM micro-kernels.
//
// Per chunk of samples the input is copied into a zero-padded scratch whose rows are split
// into even and odd columns, so that a run of tiles along a row reads contiguous values.
// The tiles go in blocks whose V and M stay in L2: the block's patches are transformed
// straight into V as the GEMM's packed B panels, the 16 GEMMs write M, and M is transformed
// back into y's NCHW rows with the bias added.
#include "conv2d_internal.h"
#include "gemm.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <stdint.h>
#include <string.h>

enum {
  ALPHA = 16,                   // transformed positions per tile (4 × 4)
  CHUNK_FLOATS = 65536,         // the padded input of a chunk of samples
  BLOCK_FLOATS = 98304,         // V and M of a block of tiles
  MAX_RUN = 32,                 // tiles per run of one tile row in the output transform
  // Floats between the 16 matrices of V (and of M) beyond their size: strides of a power
  // of two would put the 16 streams of a transform in one cache set.
  SKEW = 16,
};

int llal_conv_winograd_fits(int level, const llal_conv_shape *s) {
  (void)level;
  return s->kernel == 3 && s->stride == 1 && s->pad <= 2 && s->in_c >= 8 && s->out_c >= 8;
}

// The sizes one sample range is worked in.
typedef struct {
  long th, tw;     // tile rows and columns of an output plane
  long half;       // floats of the even (or odd) half of a scratch row: tw + 1
  long plane;      // floats of a padded input plane in the scratch
  long samples;    // samples per chunk
  long block;      // tiles per block, a multiple of NR
  long rows;       // output channels rounded up to MR
} wino_geom;

static wino_geom geometry(int level, const llal_conv_shape *s) {
  wino_geom g;
  g.th = (s->out_h + 1) / 2, g.tw = (s->out_w + 1) / 2;
  g.half = g.tw + 1;
  g.plane = (2 * g.th + 2) * 2 * g.half;
  g.samples = max_l(1, min_l(s->batch, CHUNK_FLOATS / (s->in_c * g.plane)));
  long nr = llal_gemm_nr(level);
  g.rows = round_up(s->out_c, llal_gemm_mr(level));
  long fit = BLOCK_FLOATS / (ALPHA * (s->in_c + g.rows)) / nr * nr;
  g.block = min_l(round_up(g.samples * g.th * g.tw, nr), max_l(nr, fit));
  return g;
}

size_t llal_conv_winograd_weight_size(int level, const llal_conv_shape *s) {
  return (size_t)(ALPHA * round_up(s->out_c, llal_gemm_mr(level)) * s->in_c);
}

size_t llal_conv_winograd_workspace(int level, const llal_conv_shape *s) {
  wino_geom g = geometry(level, s);
  // The chunk, then (64-byte aligned) V and M of one block.
  return (size_t)(g.samples * s->in_c * g.plane + 16 +
                  ALPHA * ((s->in_c + g.rows) * g.block + 2 * SKEW));
}

// U[ξ] = (G g Gᵀ)[ξ] for every channel pair, as the GEMM's A operand per ξ: panels of MR
// output channels, [in_c][MR] each, zero past out_c.
void llal_conv_winograd_pack_weight(int level, const llal_conv_shape *s, const float *w,
                                    float *dst) {
  const long C = s->in_c, mr = llal_gemm_mr(level), rows = round_up(s->out_c, mr);
  memset(dst, 0, sizeof(float) * llal_conv_winograd_weight_size(level, s));
  for (long co = 0; co < s->out_c; co++)
    for (long ci = 0; ci < C; ci++) {
      const float *k = w + (co * C + ci) * 9;
      double t[4][3], u[4][4];  // t = G g, u = t Gᵀ
      for (int j = 0; j < 3; j++) {
        t[0][j] = k[j];
        t[1][j] = 0.5 * ((double)k[j] + k[3 + j] + k[6 + j]);
        t[2][j] = 0.5 * ((double)k[j] - k[3 + j] + k[6 + j]);
        t[3][j] = k[6 + j];
      }
      for (int i = 0; i < 4; i++) {
        u[i][0] = t[i][0];
        u[i][1] = 0.5 * (t[i][0] + t[i][1] + t[i][2]);
        u[i][2] = 0.5 * (t[i][0] - t[i][1] + t[i][2]);
        u[i][3] = t[i][2];
      }
      float *d = dst + (co / mr) * C * mr + ci * mr + co % mr;
      for (int x = 0; x < ALPHA; x++) d[x * rows * C] = (float)u[x / 4][x % 4];
    }
}

// Samples n0..<n0+ns into the scratch: per channel, rows −pad ..< 2·th + 2 − pad of the
// image (zero outside), each as its even columns then its odd ones (−pad ..< 2·tw + 2 − pad).
INLINE void wino_copy_body(const int NR, const llal_conv_shape *s, const wino_geom *g,
                           const float *x, long n0, long ns, float *xs) {
  (void)NR;
  const long pad = s->pad, in_h = s->in_h, in_w = s->in_w, half = g->half;
  for (long r = 0; r < ns * s->in_c; r++) {
    const float *src = x + (n0 * s->in_c + r) * in_h * in_w;
    float *dst = xs + r * g->plane;
    for (long i = 0; i < 2 * g->th + 2; i++, dst += 2 * half) {
      long ih = i - pad;
      if (ih < 0 || ih >= in_h) {
        memset(dst, 0, sizeof(float) * (size_t)(2 * half));
        continue;
      }
      const float *row = src + ih * in_w;
      for (long k = 0; k < half; k++) {
        long c0 = 2 * k - pad, c1 = c0 + 1;
        dst[k] = c0 >= 0 && c0 < in_w ? row[c0] : 0.0f;
        dst[half + k] = c1 >= 0 && c1 < in_w ? row[c1] : 0.0f;
      }
    }
  }
}
VERSIONS(wino_copy,
         (const llal_conv_shape *s, const wino_geom *g, const float *x, long n0, long ns,
          float *xs),
         s, g, x, n0, ns, xs)

// V[ξ] = (Bᵀ d B)[ξ] for tiles t0..<t0+nt of the chunk (tile t: sample t / (th·tw), then
// row-major), as packed B panels of NR tiles, [in_c][NR] each; ξ's panels start at v + ξ·vs.
// Runs of tiles along a tile row, cut at panel boundaries, read their patches' columns
// 2·tw .. 2·tw + 3 as even[tw], odd[tw], even[tw + 1], odd[tw + 1].
INLINE void wino_input_body(const int NR, const llal_conv_shape *s, const wino_geom *g,
                            const float *xs, long t0, long nt, long vs, float *v) {
  const long C = s->in_c, per = g->th * g->tw, half = g->half, rs = 2 * half;
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, th = t % per / g->tw, tw = t % g->tw, lane = (t - t0) % NR;
    const long len = min_l(min_l(g->tw - tw, t0 + nt - t), NR - lane);
    const float *r0 = xs + nl * C * g->plane + 2 * th * rs + tw;
    float *dst = v + (t - t0) / NR * C * NR + lane;
    for (long c = 0; c < C; c++, r0 += g->plane, dst += NR) {
      const float *r1 = r0 + rs, *r2 = r1 + rs, *r3 = r2 + rs;
      for (long j = 0; j < len; j++) {
        // Bᵀ on the rows, then B on the columns: (a, b, c, d) ↦ (a − c, b + c, c − b, b − d).
        float w[4][4];
        for (int q = 0; q < 4; q++) {
          const long o = (q & 1) * half + (q >> 1) + j;
          w[0][q] = r0[o] - r2[o], w[1][q] = r1[o] + r2[o];
          w[2][q] = r2[o] - r1[o], w[3][q] = r1[o] - r3[o];
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
LLAL_TARGET_AVX2 static void wino_input_avx2(const llal_conv_shape *s, const wino_geom *g,
                                             const float *xs, long t0, long nt, long vs,
                                             float *v) {
  wino_input_body(LLAL_AVX2_NR, s, g, xs, t0, nt, vs, v);
}

// As wino_input_body, 16 tiles to a vector, masked at the end of a run.
LLAL_TARGET_AVX512 static void wino_input_avx512(const llal_conv_shape *s, const wino_geom *g,
                                                 const float *xs, long t0, long nt, long vs,
                                                 float *v) {
  enum { NR = LLAL_AVX512_NR };
  const long C = s->in_c, per = g->th * g->tw, half = g->half, rs = 2 * half;
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, th = t % per / g->tw, tw = t % g->tw, lane = (t - t0) % NR;
    const long len = min_l(min_l(g->tw - tw, t0 + nt - t), NR - lane);
    for (long j0 = 0; j0 < len; j0 += 16) {
      const __mmask16 k = (__mmask16)((1u << min_l(16, len - j0)) - 1);
      const float *p = xs + nl * C * g->plane + 2 * th * rs + tw + j0;
      float *d = v + (t - t0) / NR * C * NR + lane + j0;
      for (long c = 0; c < C; c++, p += g->plane, d += NR) {
        __m512 w[4][4];
        for (int q = 0; q < 4; q++) {
          const float *o = p + (q & 1) * half + (q >> 1);
          __m512 a = _mm512_maskz_loadu_ps(k, o), b = _mm512_maskz_loadu_ps(k, o + rs);
          __m512 cc = _mm512_maskz_loadu_ps(k, o + 2 * rs);
          __m512 dd = _mm512_maskz_loadu_ps(k, o + 3 * rs);
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
static void wino_input_portable(const llal_conv_shape *s, const wino_geom *g, const float *xs,
                                long t0, long nt, long vs, float *v) {
  wino_input_body(LLAL_PORTABLE_NR, s, g, xs, t0, nt, vs, v);
}

// y = Aᵀ M A + bias for tiles t0..<t0+nt of the chunk whose first sample is n0; M[ξ] is
// [rows][ld] from m + ξ·ms, column t − t0 for tile t. A tile's second row or column is
// dropped where it falls past the output.
INLINE void wino_output_body(const int NR, const llal_conv_shape *s, const wino_geom *g,
                             const float *m, long ms, long ld, const float *bias, long n0,
                             long t0, long nt, float *y) {
  (void)NR;
  const long per = g->th * g->tw, ohw = s->out_h * s->out_w;
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, th = t % per / g->tw, tw = t % g->tw;
    const long len = min_l(min_l(g->tw - tw, t0 + nt - t), MAX_RUN);
    const long cols = min_l(2 * len, s->out_w - 2 * tw);
    const int second = 2 * th + 1 < s->out_h;
    float *yt = y + (n0 + nl) * s->out_c * ohw + 2 * th * s->out_w + 2 * tw;
    for (long co = 0; co < s->out_c; co++) {
      const float *mc = m + co * ld + (t - t0);
      const float b = bias ? bias[co] : 0.0f;
      float row0[2 * MAX_RUN], row1[2 * MAX_RUN];
      for (long j = 0; j < len; j++) {
        // Aᵀ on the rows, then A on the columns: (a, b, c, d) ↦ (a + b + c, b − c − d).
        float u[2][4];
        for (int q = 0; q < 4; q++) {
          float a = mc[q * ms + j], bb = mc[(4 + q) * ms + j];
          float c = mc[(8 + q) * ms + j], d = mc[(12 + q) * ms + j];
          u[0][q] = a + bb + c, u[1][q] = bb - c - d;
        }
        row0[2 * j] = u[0][0] + u[0][1] + u[0][2] + b;
        row0[2 * j + 1] = u[0][1] - u[0][2] - u[0][3] + b;
        row1[2 * j] = u[1][0] + u[1][1] + u[1][2] + b;
        row1[2 * j + 1] = u[1][1] - u[1][2] - u[1][3] + b;
      }
      memcpy(yt + co * ohw, row0, sizeof(float) * (size_t)cols);
      if (second) memcpy(yt + co * ohw + s->out_w, row1, sizeof(float) * (size_t)cols);
    }
    t += len;
  }
}
#if defined(LLAL_HAVE_X86_KERNELS)
LLAL_TARGET_AVX2 static void wino_output_avx2(const llal_conv_shape *s, const wino_geom *g,
                                              const float *m, long ms, long ld,
                                              const float *bias, long n0, long t0, long nt,
                                              float *y) {
  wino_output_body(LLAL_AVX2_NR, s, g, m, ms, ld, bias, n0, t0, nt, y);
}

// As wino_output_body, 16 tiles to a vector; the two columns of a tile row are
// interleaved into 32 output pixels and stored masked.
LLAL_TARGET_AVX512 static void wino_output_avx512(const llal_conv_shape *s, const wino_geom *g,
                                                  const float *m, long ms, long ld,
                                                  const float *bias, long n0, long t0,
                                                  long nt, float *y) {
  const long per = g->th * g->tw, ohw = s->out_h * s->out_w;
  const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i hi = _mm512_add_epi32(lo, _mm512_set1_epi32(8));
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, th = t % per / g->tw, tw = t % g->tw;
    const long len = min_l(g->tw - tw, t0 + nt - t), cols = min_l(2 * len, s->out_w - 2 * tw);
    const int second = 2 * th + 1 < s->out_h;
    float *yt = y + (n0 + nl) * s->out_c * ohw + 2 * th * s->out_w + 2 * tw;
    for (long j0 = 0; j0 < len; j0 += 16) {
      const __mmask16 k = (__mmask16)((1u << min_l(16, len - j0)) - 1);
      const long c = min_l(32, cols - 2 * j0);
      const __mmask16 k0 = (__mmask16)((1u << min_l(16, c)) - 1);
      const __mmask16 k1 = (__mmask16)((1u << max_l(0, c - 16)) - 1);
      for (long co = 0; co < s->out_c; co++) {
        const float *mc = m + co * ld + (t - t0) + j0;
        const __m512 b = _mm512_set1_ps(bias ? bias[co] : 0.0f);
        __m512 u[2][4];
        for (int q = 0; q < 4; q++) {
          __m512 a = _mm512_maskz_loadu_ps(k, mc + q * ms);
          __m512 bb = _mm512_maskz_loadu_ps(k, mc + (4 + q) * ms);
          __m512 cc = _mm512_maskz_loadu_ps(k, mc + (8 + q) * ms);
          __m512 dd = _mm512_maskz_loadu_ps(k, mc + (12 + q) * ms);
          u[0][q] = _mm512_add_ps(_mm512_add_ps(a, bb), cc);
          u[1][q] = _mm512_sub_ps(_mm512_sub_ps(bb, cc), dd);
        }
        float *yr = yt + co * ohw + 2 * j0;
        for (int r = 0; r <= second; r++, yr += s->out_w) {
          __m512 e = _mm512_add_ps(_mm512_add_ps(u[r][0], u[r][1]), _mm512_add_ps(u[r][2], b));
          __m512 o = _mm512_sub_ps(_mm512_sub_ps(u[r][1], u[r][2]), _mm512_sub_ps(u[r][3], b));
          _mm512_mask_storeu_ps(yr, k0, _mm512_permutex2var_ps(e, lo, o));
          _mm512_mask_storeu_ps(yr + 16, k1, _mm512_permutex2var_ps(e, hi, o));
        }
      }
    }
    t += len;
  }
}
#endif
static void wino_output_portable(const llal_conv_shape *s, const wino_geom *g, const float *m,
                                 long ms, long ld, const float *bias, long n0, long t0, long nt,
                                 float *y) {
  wino_output_body(LLAL_PORTABLE_NR, s, g, m, ms, ld, bias, n0, t0, nt, y);
}

void llal_conv_winograd_forward(int level, const llal_conv_shape *s, const float *x,
                                const float *packed_w, const float *bias, float *y, long n0,
                                long n1, float *workspace) {
  const wino_geom g = geometry(level, s);
  const long C = s->in_c, T = g.block, nr = llal_gemm_nr(level), per = g.th * g.tw;
  float *xs = workspace;
  // V's panels start on a 64-byte boundary: the micro-kernels load them aligned.
  float *v = (float *)(((uintptr_t)(xs + g.samples * C * g.plane) + 63) & ~(uintptr_t)63);
  const long vs = C * T + SKEW, ms = g.rows * T + SKEW;
  float *m = v + ALPHA * vs;
  for (long c0 = n0; c0 < n1; c0 += g.samples) {
    const long ns = min_l(g.samples, n1 - c0), tiles = ns * per;
    DISPATCH(level, wino_copy, (s, &g, x, c0, ns, xs));
    for (long t0 = 0; t0 < tiles; t0 += T) {
      const long nt = min_l(T, tiles - t0);
      DISPATCH(level, wino_input, (s, &g, xs, t0, nt, vs, v));
      for (long k = 0; k < ALPHA; k++)
        llal_gemm_macro(level, g.rows, round_up(nt, nr), C, packed_w + k * g.rows * C,
                        v + k * vs, m + k * ms, T, 0);
      DISPATCH(level, wino_output, (s, &g, m, ms, T, bias, c0, t0, nt, y));
    }
  }
}
