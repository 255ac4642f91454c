// The forward 3×3, stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin
// and Gray, 2016). Each 2×2 block of output pixels (a tile) comes from the 4×4 input patch
// d that covers it as Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, with ⊙ elementwise: 16 multiplications
// per tile and channel pair instead of 36. Summed over the input channels, the 16 products
// are 16 independent GEMMs, M[ξ] = U[ξ] · V[ξ] ([out_c × in_c] times [in_c × tiles]), which
// run on the GEMM micro-kernels.
//
// Per chunk of samples the input is copied into the zero-padded scratch of
// conv2d_winograd_input.c, in which a run of tiles reads contiguous values. The tiles go in
// blocks whose V and M stay in L2: the block's patches are transformed straight into V as
// the GEMM's packed B panels, the 16 GEMMs write M, and M is transformed back into y's
// NCHW rows with the bias added.
#include "conv2d_winograd.h"
#include "gemm.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <stdint.h>
#include <string.h>

enum {
  ALPHA = WINO_ALPHA,
  SKEW = WINO_SKEW,
  CHUNK_FLOATS = 65536,  // the padded input of a chunk of samples
  BLOCK_FLOATS = 98304,  // V and M of a block of tiles
};

int llal_conv_winograd_fits(int level, const llal_conv_shape *s) {
  // With AVX-512 the lanes and direct kernels win on maps under 6 × 6 and with fewer than
  // 16 output channels (measured).
  return llal_wino_shape_fits(s) &&
         (level < 3 || (s->out_c >= 16 && s->out_h * s->out_w >= 36));
}

// How one sample range is worked: samples per chunk, tiles per block (a multiple of NR),
// output channels rounded up to MR.
typedef struct {
  long samples, block, rows;
} wino_blocks;

static wino_blocks blocking(int level, const llal_conv_shape *s) {
  const wino_geom g = wino_geometry(s);
  wino_blocks b;
  b.samples = max_l(1, min_l(s->batch, CHUNK_FLOATS / (s->in_c * 8 * g.part)));
  long nr = llal_gemm_nr(level);
  b.rows = round_up(s->out_c, llal_gemm_mr(level));
  long fit = BLOCK_FLOATS / (ALPHA * (s->in_c + b.rows)) / nr * nr;
  b.block = min_l(round_up(b.samples * g.th * g.tw, nr), max_l(nr, fit));
  return b;
}

size_t llal_conv_winograd_weight_size(int level, const llal_conv_shape *s) {
  return (size_t)(ALPHA * round_up(s->out_c, llal_gemm_mr(level)) * s->in_c);
}

size_t llal_conv_winograd_workspace(int level, const llal_conv_shape *s) {
  const wino_geom g = wino_geometry(s);
  const wino_blocks b = blocking(level, s);
  // The chunk, then (64-byte aligned) V and M of one block.
  return (size_t)(b.samples * s->in_c * 8 * g.part + 16 +
                  ALPHA * ((s->in_c + b.rows) * b.block + 2 * SKEW));
}

// U[ξ] = (G g Gᵀ)[ξ] for every channel pair, as the GEMM's A operand per ξ: panels of MR
// output channels, [in_c][MR] each, zero past out_c. The MR channels of one input channel
// are transformed together, so that each ξ gets MR contiguous floats at a time (16 streams
// of single floats would meet in one cache set).
void llal_conv_winograd_pack_weight(int level, const llal_conv_shape *s, const float *w,
                                    float *dst) {
  enum { MAX_MR = 16 };
  const long C = s->in_c, mr = llal_gemm_mr(level), rows = round_up(s->out_c, mr);
  for (long c0 = 0; c0 < rows; c0 += mr)
    for (long ci = 0; ci < C; ci++) {
      float u[ALPHA][MAX_MR];
      for (long r = 0; r < mr; r++) {
        if (c0 + r >= s->out_c) {
          for (int x = 0; x < ALPHA; x++) u[x][r] = 0;
          continue;
        }
        const float *k = w + ((c0 + r) * C + ci) * 9;
        float t[4][3];  // G g, then (G g) Gᵀ
        for (int j = 0; j < 3; j++) {
          t[0][j] = k[j], t[3][j] = k[6 + j];
          t[1][j] = 0.5f * (k[j] + k[3 + j] + k[6 + j]);
          t[2][j] = 0.5f * (k[j] - k[3 + j] + k[6 + j]);
        }
        for (int i = 0; i < 4; i++) {
          u[4 * i][r] = t[i][0], u[4 * i + 3][r] = t[i][2];
          u[4 * i + 1][r] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
          u[4 * i + 2][r] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
        }
      }
      float *d = dst + c0 * C + ci * mr;
      for (int x = 0; x < ALPHA; x++) memcpy(d + x * rows * C, u[x], sizeof(float) * (size_t)mr);
    }
}

// y = Aᵀ M A + bias for tiles t0..<t0+nt of the chunk whose first sample is n0; M[ξ] is
// [rows][ld] from m + ξ·ms, column t − t0 for tile t. A tile's second row or column is
// dropped where it falls past the output.
INLINE void wino_output_body(const llal_conv_shape *s, const wino_geom *g, const float *m,
                             long ms, long ld, const float *bias, long n0, long t0, long nt,
                             float *y) {
  const long per = g->th * g->tw, ohw = s->out_h * s->out_w, ow = s->out_w;
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, l = t % per, len = min_l(per - l, t0 + nt - t);
    for (long co = 0; co < s->out_c; co++) {
      const float *mc = m + co * ld + (t - t0);
      const float b = bias ? bias[co] : 0.0f;
      float *yp = y + ((n0 + nl) * s->out_c + co) * ohw;
      for (long j = 0; j < len; j++) {
        // Aᵀ on the rows, then A on the columns: (a, b, c, d) ↦ (a + b + c, b − c − d).
        float u[2][4];
        for (int q = 0; q < 4; q++) {
          float a = mc[q * ms + j], bb = mc[(4 + q) * ms + j];
          float c = mc[(8 + q) * ms + j], d = mc[(12 + q) * ms + j];
          u[0][q] = a + bb + c, u[1][q] = bb - c - d;
        }
        const long oh = (l + j) / g->tw * 2, owc = (l + j) % g->tw * 2;
        for (int r = 0; r < 2 && oh + r < s->out_h; r++) {
          float *yr = yp + (oh + r) * ow + owc;
          yr[0] = u[r][0] + u[r][1] + u[r][2] + b;
          if (owc + 1 < ow) yr[1] = u[r][1] - u[r][2] - u[r][3] + b;
        }
      }
    }
    t += len;
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)
// Where the 32 interleaved outputs of a vector of tiles go that lie on one tile row: lanes
// of the two 16-lane halves (m0, m1) and the offset of lane 0 in the plane.
typedef struct {
  __mmask16 m0, m1;
  long at;
  int second;  // whether the tiles' second output row exists
} wino_piece;

// As wino_output_body, 16 tiles to a vector; the two columns of a tile row are interleaved
// into 32 outputs, stored masked, a piece per tile row the vector covers.
LLAL_TARGET_AVX512 static void wino_output_avx512(const llal_conv_shape *s, const wino_geom *g,
                                                  const float *m, long ms, long ld,
                                                  const float *bias, long n0, long t0,
                                                  long nt, float *y) {
  const long per = g->th * g->tw, ohw = s->out_h * s->out_w, ow = s->out_w;
  const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i hi = _mm512_add_epi32(lo, _mm512_set1_epi32(8));
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, l = t % per, len = min_l(per - l, t0 + nt - t);
    for (long j0 = 0; j0 < len; j0 += 16) {
      const long nj = min_l(16, len - j0), a = l + j0;
      const __mmask16 k = (__mmask16)((1u << nj) - 1);
      // 16 tiles of whole tile rows of 8 or 4 on an even map: the common case, stored
      // without pieces.
      const int whole = nj == 16 && (g->tw == 8 || g->tw == 4) && a % g->tw == 0 &&
                        ow == 2 * g->tw && s->out_h % 2 == 0;
      wino_piece pieces[16];
      int count = 0;
      for (long r = a / g->tw; r * g->tw < a + nj; r++, count++) {
        const long b = max_l(a, r * g->tw), e = min_l(a + nj, (r + 1) * g->tw);
        const long col = 2 * (b - r * g->tw), js = b - a;
        const long cols = min_l(2 * (e - b), ow - col);
        const unsigned long long bits = ((1ull << cols) - 1) << (2 * js);
        pieces[count] = (wino_piece){(__mmask16)(bits & 0xffff), (__mmask16)(bits >> 16),
                                     2 * r * ow + col - 2 * js, 2 * r + 1 < s->out_h};
      }
      for (long co = 0; co < s->out_c; co++) {
        const float *mc = m + co * ld + (t - t0) + j0;
        const __m512 bv = _mm512_set1_ps(bias ? bias[co] : 0.0f);
        __m512 u[2][4];
        for (int q = 0; q < 4; q++) {
          __m512 a0 = _mm512_maskz_loadu_ps(k, mc + q * ms);
          __m512 b0 = _mm512_maskz_loadu_ps(k, mc + (4 + q) * ms);
          __m512 c0 = _mm512_maskz_loadu_ps(k, mc + (8 + q) * ms);
          __m512 d0 = _mm512_maskz_loadu_ps(k, mc + (12 + q) * ms);
          u[0][q] = _mm512_add_ps(_mm512_add_ps(a0, b0), c0);
          u[1][q] = _mm512_sub_ps(_mm512_sub_ps(b0, c0), d0);
        }
        __m512 out[2][2];
        for (int r = 0; r < 2; r++) {
          __m512 e = _mm512_add_ps(_mm512_add_ps(u[r][0], u[r][1]), _mm512_add_ps(u[r][2], bv));
          __m512 o = _mm512_sub_ps(_mm512_sub_ps(u[r][1], u[r][2]), _mm512_sub_ps(u[r][3], bv));
          out[r][0] = _mm512_permutex2var_ps(e, lo, o);
          out[r][1] = _mm512_permutex2var_ps(e, hi, o);
        }
        float *yp = y + ((n0 + nl) * s->out_c + co) * ohw;
        if (whole) {  // 4 output rows of 16, or 8 rows of 8: 64 contiguous floats
          float *d = yp + 2 * (a / g->tw) * ow;
          if (g->tw == 8) {
            _mm512_storeu_ps(d, out[0][0]), _mm512_storeu_ps(d + 16, out[1][0]);
            _mm512_storeu_ps(d + 32, out[0][1]), _mm512_storeu_ps(d + 48, out[1][1]);
          } else {
            _mm512_storeu_ps(d, _mm512_shuffle_f32x4(out[0][0], out[1][0], 0x44));
            _mm512_storeu_ps(d + 16, _mm512_shuffle_f32x4(out[0][0], out[1][0], 0xee));
            _mm512_storeu_ps(d + 32, _mm512_shuffle_f32x4(out[0][1], out[1][1], 0x44));
            _mm512_storeu_ps(d + 48, _mm512_shuffle_f32x4(out[0][1], out[1][1], 0xee));
          }
          continue;
        }
        for (int i = 0; i < count; i++) {
          const wino_piece pc = pieces[i];
          for (int r = 0; r <= pc.second; r++) {
            float *d = yp + pc.at + r * ow;
            if (pc.m0) _mm512_mask_storeu_ps(d, pc.m0, out[r][0]);
            if (pc.m1) _mm512_mask_storeu_ps(d + 16, pc.m1, out[r][1]);
          }
        }
      }
    }
    t += len;
  }
}

LLAL_TARGET_AVX2 static void wino_output_avx2(const llal_conv_shape *s, const wino_geom *g,
                                              const float *m, long ms, long ld,
                                              const float *bias, long n0, long t0, long nt,
                                              float *y) {
  wino_output_body(s, g, m, ms, ld, bias, n0, t0, nt, y);
}
#endif
static void wino_output_portable(const llal_conv_shape *s, const wino_geom *g, const float *m,
                                 long ms, long ld, const float *bias, long n0, long t0, long nt,
                                 float *y) {
  wino_output_body(s, g, m, ms, ld, bias, n0, t0, nt, y);
}

void llal_conv_winograd_forward(int level, const llal_conv_shape *s, const float *x,
                                const float *packed_w, const float *bias, float *y, long n0,
                                long n1, float *workspace) {
  const wino_geom g = wino_geometry(s);
  const wino_blocks b = blocking(level, s);
  const long C = s->in_c, T = b.block, nr = llal_gemm_nr(level), per = g.th * g.tw;
  float *xs = workspace;
  // V's panels start on a 64-byte boundary: the micro-kernels load them aligned.
  float *v = (float *)(((uintptr_t)(xs + b.samples * C * 8 * g.part) + 63) & ~(uintptr_t)63);
  const long vs = C * T + SKEW, ms = b.rows * T + SKEW;
  float *m = v + ALPHA * vs;
  for (long c0 = n0; c0 < n1; c0 += b.samples) {
    const long ns = min_l(b.samples, n1 - c0), tiles = ns * per;
    llal_wino_copy(level, s, &g, x, c0, ns, xs);
    for (long t0 = 0; t0 < tiles; t0 += T) {
      const long nt = min_l(T, tiles - t0);
      llal_wino_input(level, s, &g, xs, t0, nt, nr, vs, v);
      for (long k = 0; k < ALPHA; k++)
        llal_gemm_macro(level, b.rows, round_up(nt, nr), C, packed_w + k * b.rows * C,
                        v + k * vs, m + k * ms, T, 0);
      DISPATCH(level, wino_output, (s, &g, m, ms, T, bias, c0, t0, nt, y));
    }
  }
}
