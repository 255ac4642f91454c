// The 3×3, stride-1, same-size weight gradient with pixels in the vector lanes (AVX-512),
// reading x and dy where they lie: for convolutions with few channels, such as a network's
// first layer on grey images, where conv2d_wgrad.c's 16 output channels in the lanes and
// its transposed, padded copies of dy and x cost more than its FMAs save.
//
// With out_h = in_h, out_w = in_w and pad 1, tap (kh, kw) of output pixel p = oh·W + ow
// reads x at p + (kh − 1)·W + (kw − 1): sixteen consecutive output pixels read sixteen
// consecutive inputs, whatever rows they span. So per block of 16 pixels, per group of R
// ≤ 3 output channels and one input channel,
//   acc[r][tap] += dy[co + r][block] · x[ci][block + off(tap)]
// — R + 9 vector loads per 9·R FMAs, and no output channel lane wasted. Lanes whose tap
// falls outside the image (the border rows and columns) load zeros: the blocks are walked
// by kind (first, middle, last of a row or of the image), each kind with its masks known
// at compile time, so the middle blocks' taps load unmasked. The 16 lanes of each
// accumulator are summed when a group of samples ends.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>

// A group's x and dy stay in L2.
enum { TAPS = 9, GROUP_FLOATS = 192 * 1024 };

int llal_conv_wgrad_pix_fits(int level, const llal_conv_shape *s) {
  const long W = s->in_w, hw = s->in_h * W;
  // Beyond a few channels, conv2d_wgrad.c's broadcasts reach more of the FMA peak.
  const int few = s->in_c == 1 || (s->out_c <= 8 && s->in_c < 16);
  return level >= 3 && few && s->kernel == 3 && s->stride == 1 && s->pad == 1 &&
         hw % 16 == 0 && (W % 16 == 0 || 16 % W == 0);
}

static long group_samples(const llal_conv_shape *s) {
  long per = (s->in_c + s->out_c) * s->in_h * s->in_w;
  return max_l(1, min_l(s->batch, GROUP_FLOATS / per));
}

// The lane masks of a shape: kl, kr the lanes whose left (kw = 0) and right (kw = 2)
// neighbour lies in the row (for rows narrower than a block; for wider rows, of the block
// at the row's start and end); kt, kb the lanes whose upper (kh = 0) and lower (kh = 2)
// row lies in the image, of the first and last block (rows narrower than a block).
typedef struct {
  __mmask16 kl, kr, kt, kb;
} lane_masks;

static lane_masks masks_of(const llal_conv_shape *s) {
  const long H = s->in_h, W = s->in_w;
  lane_masks m = {0, 0, 0, 0};
  for (long l = 0; l < 16; l++) {
    const long ow = l % W, oh = l / W, ohb = H - 16 / min_l(W, 16) + oh;
    if (ow > 0) m.kl |= (__mmask16)(1u << l);
    if (ow < min_l(W, 16) - 1) m.kr |= (__mmask16)(1u << l);
    if (oh > 0) m.kt |= (__mmask16)(1u << l);
    if (ohb < H - 1) m.kb |= (__mmask16)(1u << l);
  }
  return m;
}

// Sixteen vectors v' given in the order v'[4a + b] = v[4b + a] summed across their lanes:
// lane q of the result is Σ v[q].
INLINE LLAL_TARGET_AVX512 __m512 reduce16(const __m512 v[16]) {
  __m512 w[8], u[4], z[2];
  for (int i = 0; i < 8; i++)
    w[i] = _mm512_add_ps(_mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0x44),
                         _mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0xee));
  for (int i = 0; i < 4; i++)
    u[i] = _mm512_add_ps(_mm512_shuffle_f32x4(w[2 * i], w[2 * i + 1], 0x88),
                         _mm512_shuffle_f32x4(w[2 * i], w[2 * i + 1], 0xdd));
  for (int i = 0; i < 2; i++) {
    __m512d a = _mm512_castps_pd(u[2 * i]), b = _mm512_castps_pd(u[2 * i + 1]);
    z[i] = _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(a, b)),
                         _mm512_castpd_ps(_mm512_unpackhi_pd(a, b)));
  }
  return _mm512_add_ps(_mm512_shuffle_ps(z[0], z[1], 0x88), _mm512_shuffle_ps(z[0], z[1], 0xdd));
}

// One block of 16 pixels at x + p, dy + p: acc[r][tap] += dy_r · x_tap. Compile-time
// flags pick the masks: L, RT the block holds a row's start, end; TOP, BOT it holds the
// first, last row (for rows of 16+ pixels the taps above, below are skipped whole).
INLINE LLAL_TARGET_AVX512 void pix_step(const int R, const int L, const int RT, const int TOP,
                                        const int BOT, const int wide, __m512 acc[3][TAPS],
                                        const float *x, const float *dy, long hw, long p,
                                        const long off[TAPS], lane_masks m) {
  __m512 v[3];
  for (int r = 0; r < R; r++) v[r] = _mm512_loadu_ps(dy + r * hw + p);
  for (int t = 0; t < TAPS; t++) {
    const int kh = t / 3, kw = t % 3;
    if (wide && ((TOP && kh == 0) || (BOT && kh == 2))) continue;
    const int masked = (L && kw == 0) || (RT && kw == 2) || (!wide && TOP && kh == 0) ||
                       (!wide && BOT && kh == 2);
    __m512 xv;
    if (masked) {
      __mmask16 k = 0xffff;
      if (L && kw == 0) k &= m.kl;
      if (RT && kw == 2) k &= m.kr;
      if (!wide && TOP && kh == 0) k &= m.kt;
      if (!wide && BOT && kh == 2) k &= m.kb;
      xv = _mm512_maskz_loadu_ps(k, x + p + off[t]);
    } else {
      xv = _mm512_loadu_ps(x + p + off[t]);
    }
    for (int r = 0; r < R; r++) acc[r][t] = _mm512_fmadd_ps(v[r], xv, acc[r][t]);
  }
}

// dw[r][tap] (rows `ld` floats apart) += Σ over samples 0..<g and pixels of dy_r · x_tap,
// for R output channels at dy + r·hw (samples `dyn` floats apart) and one input channel
// at x (samples `xn` floats apart).
INLINE LLAL_TARGET_AVX512 void pix_tile_body(const int R, const float *x, long xn,
                                             const float *dy, long dyn, long g, long H,
                                             long W, lane_masks m, float *dw, long ld) {
  const long hw = H * W, nb = hw / 16;
  long off[TAPS];
  for (int t = 0; t < TAPS; t++) off[t] = (t / 3 - 1) * W + t % 3 - 1;
  __m512 acc[3][TAPS];
  for (int r = 0; r < R; r++)
    for (int t = 0; t < TAPS; t++) acc[r][t] = _mm512_setzero_ps();
  // One loop over the samples per kind of block, so that acc stays in registers.
#define EACH(P0, P1, STEP, FL, FR, FT, FB, WIDE)                                           \
  for (long n = 0; n < g; n++)                                                            \
    for (long p = (P0); p < (P1); p += (STEP))                                            \
      pix_step(R, FL, FR, FT, FB, WIDE, acc, x + n * xn, dy + n * dyn, hw, p, off, m)
  if (W < 16) {
    if (nb == 1) {
      EACH(0, 16, 16, 1, 1, 1, 1, 0);
    } else {
      EACH(0, 16, 16, 1, 1, 1, 0, 0);
      EACH(16, hw - 16, 16, 1, 1, 0, 0, 0);
      EACH(hw - 16, hw, 16, 1, 1, 0, 1, 0);
    }
  } else if (H == 1) {
    EACH(0, 16, 16, 1, W == 16, 1, 1, 1);
    EACH(16, W - 16, 16, 0, 0, 1, 1, 1);
    if (W > 16) EACH(W - 16, W, 16, 0, 1, 1, 1, 1);
  } else if (W == 16) {
    EACH(0, 16, 16, 1, 1, 1, 0, 1);
    EACH(16, hw - 16, 16, 1, 1, 0, 0, 1);
    EACH(hw - 16, hw, 16, 1, 1, 0, 1, 1);
  } else {
    // Rows of several blocks: the first row, the rows between, the last row, each by
    // its first, middle and last blocks.
    EACH(0, 16, 16, 1, 0, 1, 0, 1);
    EACH(16, W - 16, 16, 0, 0, 1, 0, 1);
    EACH(W - 16, W, 16, 0, 1, 1, 0, 1);
    EACH(W, hw - W, W, 1, 0, 0, 0, 1);
    for (long j = 16; j + 16 < W; j += 16) EACH(W + j, hw - W, W, 0, 0, 0, 0, 1);
    EACH(2 * W - 16, hw - W, W, 0, 1, 0, 0, 1);
    EACH(hw - W, hw - W + 16, 16, 1, 0, 0, 1, 1);
    EACH(hw - W + 16, hw - 16, 16, 0, 0, 0, 1, 1);
    EACH(hw - 16, hw, 16, 0, 1, 0, 1, 1);
  }
#undef EACH
  // Lane sums, 16 accumulators at a time in reduce16's order.
  float sums[32];
  for (int h = 0; h < R * TAPS; h += 16) {
    __m512 q[16];
    for (int j = 0; j < 16; j++) {
      int k = h + 4 * (j % 4) + j / 4;
      q[j] = k < R * TAPS ? acc[k / TAPS][k % TAPS] : _mm512_setzero_ps();
    }
    _mm512_storeu_ps(sums + h, reduce16(q));
  }
  for (int r = 0; r < R; r++)
    for (int t = 0; t < TAPS; t++) dw[r * ld + t] += sums[r * TAPS + t];
}
#define PIX_TILE(R)                                                                        \
  LLAL_TARGET_AVX512 static void pix_tile_##R(const float *x, long xn, const float *dy,   \
                                              long dyn, long g, long H, long W,            \
                                              lane_masks m, float *dw, long ld) {          \
    pix_tile_body(R, x, xn, dy, dyn, g, H, W, m, dw, ld);                                  \
  }
PIX_TILE(3)
PIX_TILE(2)
PIX_TILE(1)

// dbias[co] += Σ dy[n][co] over samples n0..<n1.
LLAL_TARGET_AVX512 static void add_bias_sums(const llal_conv_shape *s, const float *dy,
                                             long n0, long n1, float *dbias) {
  const long hw = s->out_h * s->out_w;
  for (long n = n0; n < n1; n++)
    for (long co = 0; co < s->out_c; co++) {
      const float *src = dy + (n * s->out_c + co) * hw;
      __m512 acc = _mm512_setzero_ps();
      for (long q = 0; q < hw; q += 16) {
        __mmask16 k = (__mmask16)(hw - q >= 16 ? 0xffff : (1u << (hw - q)) - 1);
        acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(k, src + q));
      }
      dbias[co] += _mm512_reduce_add_ps(acc);
    }
}

void llal_conv_wgrad_pix(const llal_conv_shape *s, const float *x, const float *dy, float *dw,
                         float *dbias, long n0, long n1) {
  const long H = s->in_h, W = s->in_w, hw = H * W, ci_n = s->in_c, co_n = s->out_c;
  const long G = group_samples(s), xn = ci_n * hw, dyn = co_n * hw, ld = ci_n * TAPS;
  const lane_masks m = masks_of(s);
  for (long n = n0; n < n1; n += G) {
    const long g = min_l(G, n1 - n);
    const float *xg = x + n * xn, *dg = dy + n * dyn;
    if (dbias) add_bias_sums(s, dy, n, n + g, dbias);
    long co = 0;
    for (; co + 3 <= co_n; co += 3)
      for (long ci = 0; ci < ci_n; ci++)
        pix_tile_3(xg + ci * hw, xn, dg + co * hw, dyn, g, H, W, m, dw + co * ld + ci * TAPS,
                   ld);
    for (long ci = 0; ci < ci_n && co < co_n; ci++) {
      if (co_n - co == 2)
        pix_tile_2(xg + ci * hw, xn, dg + co * hw, dyn, g, H, W, m, dw + co * ld + ci * TAPS,
                   ld);
      else
        pix_tile_1(xg + ci * hw, xn, dg + co * hw, dyn, g, H, W, m, dw + co * ld + ci * TAPS,
                   ld);
    }
  }
}
#endif
