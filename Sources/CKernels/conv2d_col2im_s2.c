// col2im for stride 2 on AVX-512: the input gradient's scatter of a column-gradient block
// back onto dx.
//
// Output pixels ow … ow + len − 1 of one output row, through kernel column kw, land on
// the input columns iw = 2·ow − pad + kw: every other element of dx's row. The generic
// col2im adds them one by one per tap; at small maps (rows of 4 or 8 output pixels) that
// scalar loop cost as much as the GEMM before it. Here, per piece of ≤ 15 output pixels
// of a row and per (ci, kh), the K taps kw are spread into their lanes by permutes and
// summed in two registers (32 lanes of dx's row from 2·ow − pad on), which are then
// added to dx with one masked load and store each.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>

int llal_conv_col2im_s2_fits(int level, const llal_conv_shape *s) {
  return level >= 3 && s->stride == 2 && s->kernel <= DIRECT_MAX_KERNEL;
}

// Where tap column kw of a piece of `len` output pixels goes: lane l of the 32 from the
// piece's first input column takes element (l − kw) / 2 when l − kw is even and in range.
typedef struct {
  __m512i idx[2][DIRECT_MAX_KERNEL];
  __mmask16 take[2][DIRECT_MAX_KERNEL];
} spread;

LLAL_TARGET_AVX512 static void make_spread(long K, long len, spread *sp) {
  for (long kw = 0; kw < K; kw++)
    for (int h = 0; h < 2; h++) {
      int32_t idx[16];
      unsigned take = 0;
      for (int l = 0; l < 16; l++) {
        long t = 16 * h + l - kw;
        int ok = t >= 0 && t % 2 == 0 && t / 2 < len;
        idx[l] = ok ? (int32_t)(t / 2) : 0;
        take |= (unsigned)ok << l;
      }
      sp->idx[h][kw] = _mm512_loadu_si512(idx);
      sp->take[h][kw] = (__mmask16)take;
    }
}

// The scatter of `count` pieces, with `halves` (1 or 2) registers of 16 lanes per piece.
INLINE LLAL_TARGET_AVX512 void scatter_body(const int halves, const llal_conv_shape *s,
                                            const float *dcol, long np, float *dx,
                                            const col2im_piece *pieces, long count,
                                            const spread *sp) {
  const long H = s->in_h, W = s->in_w, K = s->kernel;
  for (long ci = 0; ci < s->in_c; ci++)
    for (long kh = 0; kh < K; kh++) {
      const float *src = dcol + ((ci * K + kh) * K) * np;
      for (long r = 0; r < count; r++) {
        const col2im_piece *pc = &pieces[r];
        const long ih = pc->ih0 + kh;
        if (ih < 0 || ih >= H) continue;
        const spread *t = &sp[pc->len];
        const __mmask16 in_run = (__mmask16)((1u << pc->len) - 1);
        __m512 acc[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
        for (long kw = 0; kw < K; kw++) {
          __m512 v = _mm512_maskz_loadu_ps(in_run, src + kw * np + pc->pp);
          for (int h = 0; h < halves; h++)
            acc[h] = _mm512_add_ps(
                acc[h], _mm512_maskz_permutexvar_ps(t->take[h][kw], t->idx[h][kw], v));
        }
        // NOTE: the row pointer may lie before dx for lanes left of column 0; those lanes
        // are masked off, and masked-off lanes are never touched.
        float *row = dx + pc->base + (ci * H + ih) * W;
        for (int h = 0; h < halves; h++) {
          const __mmask16 keep = (__mmask16)(pc->keep >> (16 * h));
          float *d = row + 16 * h;
          _mm512_mask_storeu_ps(d, keep, _mm512_add_ps(_mm512_maskz_loadu_ps(keep, d), acc[h]));
        }
      }
    }
}
LLAL_TARGET_AVX512 static void scatter_1(const llal_conv_shape *s, const float *dcol, long np,
                                         float *dx, const col2im_piece *pieces, long count,
                                         const spread *sp) {
  scatter_body(1, s, dcol, np, dx, pieces, count, sp);
}
LLAL_TARGET_AVX512 static void scatter_2(const llal_conv_shape *s, const float *dcol, long np,
                                         float *dx, const col2im_piece *pieces, long count,
                                         const spread *sp) {
  scatter_body(2, s, dcol, np, dx, pieces, count, sp);
}

LLAL_TARGET_AVX512 void llal_conv_col2im_s2(const llal_conv_shape *s, const float *dcol,
                                            long p0, long np, float *dx, void *table) {
  const long W = s->in_w, K = s->kernel, pad = s->pad;
  const long ohw = s->out_h * s->out_w, ow_n = s->out_w, chw = s->in_c * s->in_h * W;
  // The pieces, found once for all taps; a spread per piece length that occurs.
  col2im_piece *pieces = table;
  spread sp[17];
  int made[17] = {0};
  long count = 0, lanes = 0;
  for (long pp = 0; pp < np; count++) {
    const long p = p0 + pp, n = p / ohw, oh = p % ohw / ow_n, ow = p % ow_n;
    // At most 16 source values, whose 2·(len − 1) + K lanes fit in the two registers.
    const long len = min_l(min_l(np - pp, ow_n - ow), min_l(16, (32 - K) / 2 + 1));
    if (!made[len]) {
      make_spread(K, len, &sp[len]);
      made[len] = 1;
    }
    // The lanes inside dx's row: input columns iw0 + l in [0, W).
    const long iw0 = 2 * ow - pad, span = 2 * (len - 1) + K;
    lanes = max_l(lanes, span);
    uint32_t keep = 0;
    for (int h = 0; h < 2; h++) {
      long lo = max_l(0, -iw0 - 16 * h), hi = min_l(16, min_l(W, iw0 + span) - iw0 - 16 * h);
      if (hi > lo) keep |= (((1u << hi) - 1) & ~((1u << lo) - 1)) << (16 * h);
    }
    pieces[count] = (col2im_piece){.pp = (int32_t)pp, .len = (int32_t)len,
                                   .ih0 = (int32_t)(2 * oh - pad), .keep = keep,
                                   .base = n * chw + iw0};
    pp += len;
  }
  if (lanes <= 16) scatter_1(s, dcol, np, dx, pieces, count, sp);
  else scatter_2(s, dcol, np, dx, pieces, count, sp);
}
#else
int llal_conv_col2im_s2_fits(int level, const llal_conv_shape *s) {
  (void)level;
  (void)s;
  return 0;
}
void llal_conv_col2im_s2(const llal_conv_shape *s, const float *dcol, long p0, long np,
                         float *dx, void *table) {
  (void)s, (void)dcol, (void)p0, (void)np, (void)dx, (void)table;
}
#endif
