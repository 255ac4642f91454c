/// A convolution (NCHW, weights [co, c, k, k]) and its gradients for an output gradient,
/// by direct loops in Double, each value with the sum of the magnitudes of its products
/// (the scale of a float kernel's rounding): the reference of the convolution kernels'
/// tests (Conv2dTests, lanes, Winograd, weight gradient).
struct ConvReference {
  var y: [Double], yScale: [Double], dx: [Double], dxScale: [Double]
  var dw: [Double], dwScale: [Double], db: [Double], dbScale: [Double]

  /// y = conv(x, w) + b with `stride` and `pad`, and dx, dw, db for the output gradient g.
  init(
    x: [Float], w: [Float], b: [Float]?, g: [Float], n: Int, c: Int, h: Int, width: Int,
    co: Int, k: Int, stride s: Int, pad p: Int
  ) {
    let (oh, ow) = ((h + 2 * p - k) / s + 1, (width + 2 * p - k) / s + 1)
    y = [Double](repeating: 0, count: n * co * oh * ow)
    yScale = y
    dx = [Double](repeating: 0, count: x.count)
    dxScale = dx
    dw = [Double](repeating: 0, count: w.count)
    dwScale = dw
    db = [Double](repeating: 0, count: co)
    dbScale = db
    for ni in 0..<n {
      for o in 0..<co {
        for i in 0..<oh {
          for j in 0..<ow {
            let yi = ((ni * co + o) * oh + i) * ow + j
            var acc = b.map { Double($0[o]) } ?? 0
            var mag = abs(acc)
            let gv = Double(g[yi])
            db[o] += gv
            dbScale[o] += abs(gv)
            for ci in 0..<c {
              for u in 0..<k {
                for v in 0..<k {
                  let (ih, iw) = (i * s + u - p, j * s + v - p)
                  guard ih >= 0, ih < h, iw >= 0, iw < width else { continue }
                  let xi = ((ni * c + ci) * h + ih) * width + iw
                  let wi = ((o * c + ci) * k + u) * k + v
                  let (xv, wv) = (Double(x[xi]), Double(w[wi]))
                  acc += wv * xv
                  mag += abs(wv * xv)
                  dx[xi] += wv * gv
                  dxScale[xi] += abs(wv * gv)
                  dw[wi] += xv * gv
                  dwScale[wi] += abs(xv * gv)
                }
              }
            }
            y[yi] = acc
            yScale[yi] = mag
          }
        }
      }
    }
  }
}
