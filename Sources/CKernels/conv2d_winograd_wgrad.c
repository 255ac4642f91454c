// The 3×3, stride-1 weight gradient by Winograd's F(2×2, 3×3), the adjoint of the forward
// (conv2d_winograd.c). With y = Aᵀ[U ⊙ V]A per tile and U = G g Gᵀ,
//   dU[ξ] = Σ over tiles of D[ξ] · V[ξ], D = A dy Aᵀ (dy's 2×2 tile, zero past the map),
//   dg = Gᵀ dU G,
// so that per ξ the sum over tiles is a GEMM, dU[ξ] [out_c × in_c] = D[ξ] [out_c × tiles] ·
// V[ξ]ᵀ [tiles × in_c]: 16 multiplications per tile and channel pair instead of 36.
//
// Per chunk of samples x and dy are copied into scratches (the parts of
// conv2d_winograd_input.c; dy as an unpadded "input"); per block of up to KC tiles V[ξ]
// and D[ξ] are written row-major, packed as the GEMM's operands and multiplied into dU[ξ];
// the range ends with dw += Gᵀ dU G.
#include "conv2d_winograd.h"
#include "gemm.h"

#include <stdint.h>
#include <string.h>

enum {
  ALPHA = WINO_ALPHA,
  SKEW = WINO_SKEW,
  CHUNK_FLOATS = 65536,  // the copies of x and dy of a chunk of samples
};

int llal_conv_winograd_wgrad_fits(int level, const llal_conv_shape *s) {
  // Measured against the other paths: on AVX-512 the direct kernels of conv2d_wgrad.c win
  // (the packing of the 16 GEMMs' operands costs as much as the multiply-adds saved); with
  // AVX2 this wins from 64 input channels, portably from 16 channels on both sides.
  if (!llal_wino_shape_fits(s) || level >= 3 || s->out_c < 16) return 0;
  return s->in_c >= (level == 2 ? 64 : 16);
}

// dy as the input of the copy: its rows 2·i + parity, columns 2·tw + q go to the parts.
static llal_conv_shape dy_as_input(const llal_conv_shape *s) {
  llal_conv_shape d = *s;
  d.in_c = s->out_c, d.in_h = s->out_h, d.in_w = s->out_w, d.pad = 0;
  return d;
}

static long chunk_samples(const llal_conv_shape *s, const wino_geom *g) {
  return max_l(1, min_l(s->batch, CHUNK_FLOATS / ((s->in_c + s->out_c) * 8 * g->part)));
}

static long block_tiles(const llal_conv_shape *s, const wino_geom *g) {
  return min_l(LLAL_GEMM_KC, chunk_samples(s, g) * g->th * g->tw);
}

size_t llal_conv_winograd_wgrad_workspace(int level, const llal_conv_shape *s) {
  const wino_geom g = wino_geometry(s);
  const long T = block_tiles(s, &g), C = s->in_c, Co = s->out_c;
  // Packed B and A, V and D of a block, dU, the copies of x and dy.
  return (size_t)(16 + round_up(C, llal_gemm_nr(level)) * T +
                  round_up(Co, llal_gemm_mr(level)) * T + ALPHA * ((C + Co) * T + 2 * SKEW) +
                  ALPHA * Co * C + chunk_samples(s, &g) * (C + Co) * 8 * g.part);
}

// D[ξ] = (A d Aᵀ)[ξ] for the 2×2 dy tiles d of tiles t0..<t0+nt of the copy `ds`,
// row-major [out_c][ld] from dm + ξ·stride. A = [1 0; 1 1; 1 −1; 0 −1].
INLINE void wino_dy_body(const llal_conv_shape *s, const wino_geom *g, const float *ds,
                         long t0, long nt, long ld, long stride, float *dm) {
  const long per = g->th * g->tw, part = g->part;
  for (long t = t0; t < t0 + nt;) {
    const long nl = t / per, l = t % per, len = min_l(per - l, t0 + nt - t);
    for (long co = 0; co < s->out_c; co++) {
      // Parts (q, parity): tile row 2·th + parity, column 2·tw + q at (2·q + parity)·part.
      const float *p = ds + (nl * s->out_c + co) * 8 * part + l;
      float *out = dm + co * ld + (t - t0);
      for (long j = 0; j < len; j++) {
        const float a = p[j], b = p[2 * part + j], c = p[part + j], d = p[3 * part + j];
        // A on the rows (a b; c d), then on the columns: (x, y) ↦ (x, x + y, x − y, −y).
        const float r[4][2] = {{a, b}, {a + c, b + d}, {a - c, b - d}, {-c, -d}};
        for (int i = 0; i < 4; i++) {
          out[(4 * i) * stride + j] = r[i][0];
          out[(4 * i + 1) * stride + j] = r[i][0] + r[i][1];
          out[(4 * i + 2) * stride + j] = r[i][0] - r[i][1];
          out[(4 * i + 3) * stride + j] = -r[i][1];
        }
      }
    }
    t += len;
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)
LLAL_TARGET_AVX512 static void wino_dy_avx512(const llal_conv_shape *s, const wino_geom *g,
                                              const float *ds, long t0, long nt, long ld,
                                              long stride, float *dm) {
  wino_dy_body(s, g, ds, t0, nt, ld, stride, dm);
}
LLAL_TARGET_AVX2 static void wino_dy_avx2(const llal_conv_shape *s, const wino_geom *g,
                                          const float *ds, long t0, long nt, long ld,
                                          long stride, float *dm) {
  wino_dy_body(s, g, ds, t0, nt, ld, stride, dm);
}
#endif
static void wino_dy_portable(const llal_conv_shape *s, const wino_geom *g, const float *ds,
                             long t0, long nt, long ld, long stride, float *dm) {
  wino_dy_body(s, g, ds, t0, nt, ld, stride, dm);
}

// dw [out_c, in_c, 3, 3] += Gᵀ dU G per channel pair, dU[ξ] [out_c][in_c] from du + ξ·Co·C.
static void add_weight_gradient(const llal_conv_shape *s, const float *du, float *dw) {
  const long C = s->in_c, pairs = s->out_c * C;
  for (long pc = 0; pc < pairs; pc++) {
    float u[4][4], t[3][4];
    for (int x = 0; x < ALPHA; x++) u[x / 4][x % 4] = du[x * pairs + pc];
    for (int j = 0; j < 4; j++) {  // Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1]
      t[0][j] = u[0][j] + 0.5f * (u[1][j] + u[2][j]);
      t[1][j] = 0.5f * (u[1][j] - u[2][j]);
      t[2][j] = 0.5f * (u[1][j] + u[2][j]) + u[3][j];
    }
    float *d = dw + pc * 9;
    for (int i = 0; i < 3; i++) {
      d[3 * i] += t[i][0] + 0.5f * (t[i][1] + t[i][2]);
      d[3 * i + 1] += 0.5f * (t[i][1] - t[i][2]);
      d[3 * i + 2] += 0.5f * (t[i][1] + t[i][2]) + t[i][3];
    }
  }
}

void llal_conv_winograd_wgrad(int level, const llal_conv_shape *s, const float *x,
                              const float *dy, float *dw, float *dbias, long n0, long n1,
                              float *workspace) {
  const wino_geom g = wino_geometry(s);
  const llal_conv_shape sd = dy_as_input(s);
  const long C = s->in_c, Co = s->out_c, per = g.th * g.tw, ohw = s->out_h * s->out_w;
  const long T = block_tiles(s, &g), S = chunk_samples(s, &g);
  const long vs = C * T + SKEW, dstride = Co * T + SKEW;
  // B's panels start on a 64-byte boundary: the micro-kernels load them aligned.
  float *pb = (float *)(((uintptr_t)workspace + 63) & ~(uintptr_t)63);
  float *pa = pb + round_up(C, llal_gemm_nr(level)) * T;
  float *v = pa + round_up(Co, llal_gemm_mr(level)) * T, *dm = v + ALPHA * vs;
  float *du = dm + ALPHA * dstride, *xs = du + ALPHA * Co * C, *ds = xs + S * C * 8 * g.part;
  memset(du, 0, sizeof(float) * (size_t)(ALPHA * Co * C));
  for (long c0 = n0; c0 < n1; c0 += S) {
    const long ns = min_l(S, n1 - c0), tiles = ns * per;
    llal_wino_copy(level, s, &g, x, c0, ns, xs);
    llal_wino_copy(level, &sd, &g, dy, c0, ns, ds);
    for (long t0 = 0; t0 < tiles; t0 += T) {
      const long nt = min_l(T, tiles - t0);
      llal_wino_input(level, s, &g, xs, t0, nt, T, vs, v);
      DISPATCH(level, wino_dy, (s, &g, ds, t0, nt, T, dstride, dm));
      for (long k = 0; k < ALPHA; k++) {
        llal_gemm_pack_a(level, 0, dm + k * dstride, T, Co, nt, pa);
        llal_gemm_pack_b(level, 1, v + k * vs, T, nt, C, pb);
        llal_gemm_macro(level, Co, C, nt, pa, pb, du + k * Co * C, C, 1);
      }
    }
  }
  add_weight_gradient(s, du, dw);
  if (dbias) {
    for (long n = n0; n < n1; n++)
      for (long co = 0; co < Co; co++) {
        const float *src = dy + (n * Co + co) * ohw;
        float acc = 0;
        for (long j = 0; j < ohw; j++) acc += src[j];
        dbias[co] += acc;
      }
  }
}
