// The weight gradient of a 3×3 convolution without im2col (AVX-512), for any stride and
// padding.
//
// dw[co, ci, kh, kw] = Σ_{n, oh, ow} dy[n, co, oh, ow] · x[n, ci, oh·s − pad + kh,
//                                                         ow·s − pad + kw]
//
// Output channels go in vector lanes. For a group of samples the driver writes
//   dyT[cb][n][p][16]  dy transposed: pixel-major, 16 output channels per block cb
//                      (channels past out_c are zero),
//   xp[n][ci][Hp][Wp]  x with a zero border of `pad`, so that no tap needs a bounds test
//                      (other paddings),
// and then, per pair of channel blocks and input channel, keeps the 2 × 9 accumulators
// acc[b][tap] in registers over all pixels of the group:
//   acc[b][tap] += dyT[p][b] · xp[ci][p's corner + off(tap)]   (a broadcast)
// — 2 vector loads and 9 broadcasts per 18 FMAs. At small maps this beats the GEMM, whose
// operand packing (an im2col block transposed per pixel slice) costs as much as its
// arithmetic. Sums land in dwT[ci][tap][co] and are transposed into dw at the end.
// With pad 1 (inplace_tile) x is read in place instead of xp, and the border pixels take
// only their taps inside the image: no copy of x, and no FMAs on the zero border (a sixth
// of them at 8 × 8).
// With ≤ 16 output channels and 16+ input channels, conv2d_wgrad_ci.c swaps the roles;
// with one input channel or few output channels (a first layer), conv2d_wgrad_pix.c puts
// pixels in the lanes.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

enum { TAPS = 9, GROUP_FLOATS = 48 * 1024 };  // a group's xp + dyT stay in L2

#if defined(LLAL_HAVE_X86_KERNELS)
// Whether x is read in place (inplace_tile): pad 1, stride 1 or 2, at least 2 × 2 output
// pixels.
static int in_place(const llal_conv_shape *s) {
  return s->pad == 1 && s->stride <= 2 && s->out_h >= 2 && s->out_w >= 2;
}

// Floats of the padded copy of x per sample (none when x is read in place).
static long xp_floats(const llal_conv_shape *s) {
  return in_place(s) ? 0 : s->in_c * (s->in_h + 2 * s->pad) * (s->in_w + 2 * s->pad);
}

// Samples per group: as many as fit GROUP_FLOATS, at least 1.
static long group_samples(const llal_conv_shape *s) {
  long per = xp_floats(s) + round_up(s->out_c, 16) * s->out_h * s->out_w;
  return max_l(1, min_l(s->batch, GROUP_FLOATS / per));
}

int llal_conv_wgrad_direct_fits(int level, const llal_conv_shape *s) {
  return level >= 3 && s->kernel == 3;
}

size_t llal_conv_wgrad_direct_workspace(const llal_conv_shape *s) {
  if (llal_conv_wgrad_pix_fits(3, s)) return 0;
  if (llal_conv_wgrad_ci_fits(s)) return llal_conv_wgrad_ci_workspace(s);
  long g = group_samples(s), cb16 = round_up(s->out_c, 16), ohw = s->out_h * s->out_w;
  // dwT, xp, dyT and the pixel offset table (ints, counted as floats).
  return (size_t)(s->in_c * TAPS * cb16 + g * xp_floats(s) + g * cb16 * ohw + ohw);
}

// acc[b][i][tap] over the samples of a group for channel blocks dyT_b (B of them, at
// `bstride` floats apart) and input channels xp_i (I of them, at `istride` floats apart),
// added into dwT[ci_i][tap][16 lanes of block b] (rows of `ld` floats).
INLINE LLAL_TARGET_AVX512 void wgrad_tile_body(const int B, const int I, const float *dyT,
                                               long bstride, const float *xp, long istride,
                                               long chw, long g, long ohw,
                                               const int32_t *xoff, long wp, float *dwT,
                                               long ld) {
  __m512 acc[2][2][TAPS];
  for (int b = 0; b < B; b++)
    for (int i = 0; i < I; i++)
      for (int t = 0; t < TAPS; t++) acc[b][i][t] = _mm512_setzero_ps();
  for (long n = 0; n < g; n++) {
    const float *xs = xp + n * chw, *d = dyT + n * ohw * 16;
    for (long p = 0; p < ohw; p++) {
      __m512 v[2];
      for (int b = 0; b < B; b++) v[b] = _mm512_loadu_ps(d + b * bstride + 16 * p);
      const float *c = xs + xoff[p];
      for (int i = 0; i < I; i++)
        for (int t = 0; t < TAPS; t++) {
          __m512 xb = _mm512_set1_ps(c[i * istride + t / 3 * wp + t % 3]);
          for (int b = 0; b < B; b++) acc[b][i][t] = _mm512_fmadd_ps(v[b], xb, acc[b][i][t]);
        }
    }
  }
  for (int b = 0; b < B; b++)
    for (int i = 0; i < I; i++)
      for (int t = 0; t < TAPS; t++) {
        float *dst = dwT + (i * TAPS + t) * ld + 16 * b;
        _mm512_storeu_ps(dst, _mm512_add_ps(_mm512_loadu_ps(dst), acc[b][i][t]));
      }
}
#define WGRAD_TILE(B, I)                                                                   \
  LLAL_TARGET_AVX512 static void wgrad_tile_##B##_##I(                                     \
      const float *dyT, long bstride, const float *xp, long istride, long chw, long g,     \
      long ohw, const int32_t *xoff, long wp, float *dwT, long ld) {                       \
    wgrad_tile_body(B, I, dyT, bstride, xp, istride, chw, g, ohw, xoff, wp, dwT, ld);      \
  }
WGRAD_TILE(2, 1)
WGRAD_TILE(1, 2)
WGRAD_TILE(1, 1)

// One output pixel: the taps kh in K0..K1, kw in J0..J1 (those inside the image) of input
// channels i at x[q + i·istride + kh·W + kw], q the index of the pixel's upper-left tap.
INLINE LLAL_TARGET_AVX512 void inplace_step(const int B, const int I, const int K0,
                                            const int K1, const int J0, const int J1,
                                            __m512 acc[2][2][TAPS], const float *d,
                                            long bstride, const float *x, long q, long istride,
                                            long W) {
  __m512 v[2];
  for (int b = 0; b < B; b++) v[b] = _mm512_loadu_ps(d + b * bstride);
  for (int i = 0; i < I; i++)
    for (int kh = K0; kh <= K1; kh++)
      for (int kw = J0; kw <= J1; kw++) {
        __m512 xb = _mm512_set1_ps(x[q + i * istride + kh * W + kw]);
        for (int b = 0; b < B; b++)
          acc[b][i][kh * 3 + kw] = _mm512_fmadd_ps(v[b], xb, acc[b][i][kh * 3 + kw]);
      }
}

// The sizes inplace_tile walks: input H × W, output OH × OW, and whether the last output
// row (column) lacks its lower (right) taps.
typedef struct {
  long H, W, OH, OW, bottom, right;
} walk;

// wgrad_tile_body for pad 1 and stride S with x read in place (planes of H × W, samples `xn` floats
// apart): the border pixels take only their taps inside the image, so no padded copy is
// needed and no multiply-add is spent on the zero border. One loop nest per kind of pixel
// (corners, edges, interior) keeps acc in registers.
INLINE LLAL_TARGET_AVX512 void inplace_tile_body(const int B, const int I, const int S,
                                                 const float *dyT, long bstride,
                                                 const float *x, long istride, long xn,
                                                 long g, walk k, float *dwT, long ld) {
  const long W = k.W, OW = k.OW, ohw = k.OH * OW;
  // The rows, columns with all taps (at stride 1 all but the first and last).
  const long rb = S == 1 ? k.OH - 1 : k.OH - k.bottom, cr = S == 1 ? OW - 1 : OW - k.right;
  __m512 acc[2][2][TAPS];
  for (int b = 0; b < B; b++)
    for (int i = 0; i < I; i++)
      for (int t = 0; t < TAPS; t++) acc[b][i][t] = _mm512_setzero_ps();
#define PIXELS(OH0, OH1, OW0, OW1, K0, K1, J0, J1)                                       \
  for (long n = 0; n < g; n++)                                                          \
    for (long oh = (OH0); oh < (OH1); oh++)                                             \
      for (long ow = (OW0); ow < (OW1); ow++)                                           \
        inplace_step(B, I, K0, K1, J0, J1, acc, dyT + (n * ohw + oh * OW + ow) * 16,     \
                     bstride, x + n * xn, (oh * S - 1) * W + ow * S - 1, istride, W)
  // Rows: the first, those with all taps, the last if it lacks its lower taps; each by
  // the first column, those with all taps, the last if it lacks its right taps.
  PIXELS(0, 1, 0, 1, 1, 2, 1, 2);
  PIXELS(0, 1, 1, cr, 1, 2, 0, 2);
  PIXELS(0, 1, cr, OW, 1, 2, 0, 1);
  PIXELS(1, rb, 0, 1, 0, 2, 1, 2);
  PIXELS(1, rb, 1, cr, 0, 2, 0, 2);
  PIXELS(1, rb, cr, OW, 0, 2, 0, 1);
  PIXELS(rb, k.OH, 0, 1, 0, 1, 1, 2);
  PIXELS(rb, k.OH, 1, cr, 0, 1, 0, 2);
  PIXELS(rb, k.OH, cr, OW, 0, 1, 0, 1);
#undef PIXELS
  for (int b = 0; b < B; b++)
    for (int i = 0; i < I; i++)
      for (int t = 0; t < TAPS; t++) {
        float *dst = dwT + (i * TAPS + t) * ld + 16 * b;
        _mm512_storeu_ps(dst, _mm512_add_ps(_mm512_loadu_ps(dst), acc[b][i][t]));
      }
}
#define INPLACE_TILE(B, I, S)                                                              \
  LLAL_TARGET_AVX512 static void inplace_tile_##B##_##I##_s##S(                            \
      const float *dyT, long bstride, const float *x, long istride, long xn, long g,       \
      walk k, float *dwT, long ld) {                                                       \
    inplace_tile_body(B, I, S, dyT, bstride, x, istride, xn, g, k, dwT, ld);               \
  }
INPLACE_TILE(2, 1, 1)
INPLACE_TILE(1, 2, 1)
INPLACE_TILE(1, 1, 1)
INPLACE_TILE(2, 1, 2)
INPLACE_TILE(1, 2, 2)
INPLACE_TILE(1, 1, 2)

// dyT[cb][n − n0][p][16] for samples n0..<n0+g, and dbias += Σ dy when asked.
LLAL_TARGET_AVX512 static void transpose_dy(const llal_conv_shape *s, const float *dy, long n0,
                                            long g, float *dyT, float *dbias) {
  const long ohw = s->out_h * s->out_w, cb16 = round_up(s->out_c, 16);
  for (long cb = 0; cb < cb16 / 16; cb++)
    for (long n = 0; n < g; n++) {
      float *d = dyT + (cb * g + n) * ohw * 16;
      const float *src = dy + ((n0 + n) * s->out_c + cb * 16) * ohw;
      long lanes = min_l(16, s->out_c - cb * 16);
      long p = 0;
      if (lanes == 16) {
        for (; p + 16 <= ohw; p += 16) {
          __m512 r[16];
          for (int l = 0; l < 16; l++) r[l] = _mm512_loadu_ps(src + l * ohw + p);
          llal_transpose16(r);
          for (int j = 0; j < 16; j++) _mm512_storeu_ps(d + (p + j) * 16, r[j]);
        }
      }
      for (; p < ohw; p++)
        for (long l = 0; l < 16; l++) d[p * 16 + l] = l < lanes ? src[l * ohw + p] : 0.0f;
      if (dbias) {
        // The lanes past out_c are zero.
        __m512 a[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                       _mm512_setzero_ps()};
        for (long q = 0; q < ohw; q++)
          a[q % 4] = _mm512_add_ps(a[q % 4], _mm512_loadu_ps(d + 16 * q));
        __m512 sum = _mm512_add_ps(_mm512_add_ps(a[0], a[1]), _mm512_add_ps(a[2], a[3]));
        __mmask16 m = (__mmask16)((1u << lanes) - 1);
        float *db = dbias + cb * 16;
        _mm512_mask_storeu_ps(db, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, db), sum));
      }
    }
}

// The interiors of xp[n − n0][ci] = x[n][ci] (the zero border is written once).
LLAL_TARGET_AVX512 static void pad_x(const llal_conv_shape *s, const float *x, long n0, long g,
                                     float *xp) {
  const long H = s->in_h, W = s->in_w, pad = s->pad, wp = W + 2 * pad, hp = H + 2 * pad;
  for (long m = 0; m < g * s->in_c; m++) {
    float *d = xp + m * hp * wp + pad * wp + pad;
    const float *src = x + (n0 * s->in_c + m) * H * W;
    for (long h = 0; h < H; h++)
      for (long j = 0; j < W; j += 16) {
        __mmask16 mk = (__mmask16)(W - j >= 16 ? 0xffff : (1u << (W - j)) - 1);
        _mm512_mask_storeu_ps(d + h * wp + j, mk, _mm512_maskz_loadu_ps(mk, src + h * W + j));
      }
  }
}

// dw[co][k] += dwT[k][co] for k < taps, co < out_c: 16×16 blocks transposed in registers.
LLAL_TARGET_AVX512 static void add_transposed(const float *dwT, long taps, long out_c,
                                              long cb16, float *dw) {
  for (long k0 = 0; k0 < taps; k0 += 16)
    for (long c0 = 0; c0 < out_c; c0 += 16) {
      long kn = min_l(16, taps - k0), cn = min_l(16, out_c - c0);
      __m512 r[16];
      for (long i = 0; i < 16; i++)
        r[i] = i < kn ? _mm512_loadu_ps(dwT + (k0 + i) * cb16 + c0) : _mm512_setzero_ps();
      llal_transpose16(r);
      __mmask16 m = (__mmask16)((1u << kn) - 1);
      for (long j = 0; j < cn; j++) {
        float *dst = dw + (c0 + j) * taps + k0;
        _mm512_mask_storeu_ps(dst, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, dst), r[j]));
      }
    }
}

void llal_conv_wgrad_direct(const llal_conv_shape *s, const float *x, const float *dy,
                            float *dw, float *dbias, long n0, long n1, float *workspace) {
  if (llal_conv_wgrad_pix_fits(3, s)) {
    llal_conv_wgrad_pix(s, x, dy, dw, dbias, n0, n1);
    return;
  }
  if (llal_conv_wgrad_ci_fits(s)) {
    llal_conv_wgrad_ci(s, x, dy, dw, dbias, n0, n1, workspace);
    return;
  }
  const long hp = s->in_h + 2 * s->pad, wp = s->in_w + 2 * s->pad, chw = xp_floats(s);
  const long cb16 = round_up(s->out_c, 16), ohw = s->out_h * s->out_w, G = group_samples(s);
  const long ci_n = s->in_c, blocks = cb16 / 16, H = s->in_h, W = s->in_w, hw = H * W;
  const int inplace = in_place(s);
  // The last output row (column) lacks its lower (right) taps when they pass the image.
  const walk k = {H, W, s->out_h, s->out_w, (s->out_h - 1) * s->stride + 1 >= H,
                  (s->out_w - 1) * s->stride + 1 >= W};
  float *dwT = workspace, *xp = dwT + ci_n * TAPS * cb16, *dyT = xp + G * chw;
  int32_t *xoff = (int32_t *)(dyT + G * cb16 * ohw);
  for (long p = 0; p < ohw; p++)
    xoff[p] = (int32_t)(p / s->out_w * s->stride * wp + p % s->out_w * s->stride);
  memset(dwT, 0, sizeof(float) * (size_t)(ci_n * TAPS * cb16));
  memset(xp, 0, sizeof(float) * (size_t)(min_l(G, n1 - n0) * chw));
  for (long n = n0; n < n1; n += G) {
    const long g = min_l(G, n1 - n), bstride = g * ohw * 16;
    const float *xs = x + n * ci_n * hw;
    if (!inplace) pad_x(s, x, n, g, xp);
    transpose_dy(s, dy, n, g, dyT, dbias);
    // The tile for channel block cb and input channel ci, x in place or padded.
#define TILE(B, I, cb, ci)                                                                  \
  do {                                                                                      \
    float *dst_ = dwT + (ci) * TAPS * cb16 + (cb) * 16;                                     \
    if (inplace && s->stride == 1)                                                          \
      inplace_tile_##B##_##I##_s1(dyT + (cb) * bstride, bstride, xs + (ci) * hw, hw,        \
                                  ci_n * hw, g, k, dst_, cb16);                             \
    else if (inplace)                                                                       \
      inplace_tile_##B##_##I##_s2(dyT + (cb) * bstride, bstride, xs + (ci) * hw, hw,        \
                                  ci_n * hw, g, k, dst_, cb16);                             \
    else                                                                                    \
      wgrad_tile_##B##_##I(dyT + (cb) * bstride, bstride, xp + (ci) * hp * wp, hp * wp,     \
                           chw, g, ohw, xoff, wp, dst_, cb16);                              \
  } while (0)
    for (long cb = 0; cb + 1 < blocks; cb += 2)
      for (long ci = 0; ci < ci_n; ci++) TILE(2, 1, cb, ci);
    if (blocks % 2) {
      const long cb = blocks - 1;
      long ci = 0;
      for (; ci + 1 < ci_n; ci += 2) TILE(1, 2, cb, ci);
      if (ci < ci_n) TILE(1, 1, cb, ci);
    }
#undef TILE
  }
  add_transposed(dwT, ci_n * TAPS, s->out_c, cb16, dw);
}
#else
int llal_conv_wgrad_direct_fits(int level, const llal_conv_shape *s) {
  (void)level;
  (void)s;
  return 0;
}
size_t llal_conv_wgrad_direct_workspace(const llal_conv_shape *s) {
  (void)s;
  return 0;
}
void llal_conv_wgrad_direct(const llal_conv_shape *s, const float *x, const float *dy,
                            float *dw, float *dbias, long n0, long n1, float *workspace) {
  (void)s, (void)x, (void)dy, (void)dw, (void)dbias, (void)n0, (void)n1, (void)workspace;
}
#endif
