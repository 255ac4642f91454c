import LLALTensor

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Keypoints as Gaussian heatmaps, and the PCK metric on predicted heatmaps, with the
/// conventions of the pose peer (`shared/peers/al_pose.py`).
///
/// Coordinates are continuous image coordinates in input pixels: pixel (row i, column j)
/// covers `[j, j+1) × [i, i+1)`, so its centre is `(j + 0.5, i + 0.5)`; a keypoint is
/// `(x, y)`, x along the columns. A `size × size` heatmap covers the whole `H × W` image:
/// a point `(x, y)` sits at heatmap coordinates `(x·size/W, y·size/H)` and heatmap cell
/// `(r, c)` has its centre at `(c + 0.5, r + 0.5)`.
public enum Heatmaps {
  /// One Gaussian per keypoint: `keypoints` `[N, K, 2]` in input pixels of an
  /// `imageHeight × imageWidth` image give `[N, K, size, size]` with cell `(r, c)` equal to
  ///
  ///     exp(−((c + 0.5 − x·size/W)² + (r + 0.5 − y·size/H)²) / (2σ²))
  ///
  /// computed in Double (as the peer's float64 NumPy) and rounded to Float: the peak is 1
  /// when the keypoint is at a cell centre, and nothing is normalised. `sigma` is in
  /// heatmap cells.
  public static func render(
    keypoints: Tensor, size: Int, sigma: Float, imageHeight: Int, imageWidth: Int
  ) throws -> Tensor {
    try checkKeypoints(keypoints, "heatmaps")
    guard size >= 1, sigma > 0, sigma.isFinite, imageHeight >= 1, imageWidth >= 1 else {
      throw TaskError(
        "heatmaps need a positive size, sigma and image size, got size \(size), sigma "
          + "\(sigma), image \(imageHeight)x\(imageWidth)")
    }
    let (n, k) = (keypoints.shape[0], keypoints.shape[1])
    let out = try Tensor.zeros([n, k, size, size])
    let points = keypoints.storage.base, maps = out.storage.base
    let scaleX = Double(size) / Double(imageWidth), scaleY = Double(size) / Double(imageHeight)
    let denominator = 2 * Double(sigma) * Double(sigma)
    let plane = size * size
    Parallel.forRanges(n * k, grain: max(1, (1 << 14) / plane)) { range in
      var gx = [Double](repeating: 0, count: size)
      var gy = [Double](repeating: 0, count: size)
      for m in range {
        let cx = Double(points[2 * m]) * scaleX, cy = Double(points[2 * m + 1]) * scaleY
        for j in 0..<size {
          let c = Double(j) + 0.5
          gx[j] = exp(-(c - cx) * (c - cx) / denominator)
          gy[j] = exp(-(c - cy) * (c - cy) / denominator)
        }
        let map = maps + m * plane
        for r in 0..<size {
          for c in 0..<size { map[r * size + c] = Float(gy[r] * gx[c]) }
        }
      }
    }
    return out
  }

  /// The fraction of keypoints found: per joint, the predicted location is the centre of
  /// the heatmap's largest cell (the first in row-major order on ties), taken back to
  /// input pixels, `((c + 0.5)·W/size, (r + 0.5)·H/size)`; it is correct when its
  /// Euclidean distance to the true keypoint is at most `threshold` input pixels.
  ///
  /// - Parameters:
  ///   - heatmaps: predictions `[N, K, size, size]` (square maps).
  ///   - keypoints: the true keypoints `[N, K, 2]`, in input pixels.
  /// - Returns: the fraction per joint (K values) and over all joints and samples; NaN for
  ///   an empty set.
  public static func pck(
    heatmaps: Tensor, keypoints: Tensor, threshold: Double, imageHeight: Int, imageWidth: Int
  ) throws -> (perJoint: [Double], mean: Double) {
    try checkKeypoints(keypoints, "pck")
    guard heatmaps.rank == 4, heatmaps.shape[2] == heatmaps.shape[3],
      Array(heatmaps.shape.prefix(2)) == Array(keypoints.shape.prefix(2))
    else {
      throw TaskError(
        "pck needs heatmaps [N, K, size, size] for keypoints \(describeShape(keypoints.shape)), "
          + "got \(describeShape(heatmaps.shape))")
    }
    let (n, k, size) = (heatmaps.shape[0], heatmaps.shape[1], heatmaps.shape[2])
    guard n > 0 else { return ([Double](repeating: .nan, count: k), .nan) }
    let cells = try heatmaps.spatialArgmax().scalars
    let truth = keypoints.scalars
    let stepX = Double(imageWidth) / Double(size), stepY = Double(imageHeight) / Double(size)
    var hits = [Int](repeating: 0, count: k)
    for i in 0..<(n * k) {
      let px = (Double(cells[2 * i]) + 0.5) * stepX
      let py = (Double(cells[2 * i + 1]) + 0.5) * stepY
      if hypot(px - Double(truth[2 * i]), py - Double(truth[2 * i + 1])) <= threshold {
        hits[i % k] += 1
      }
    }
    return (hits.map { Double($0) / Double(n) }, Double(hits.reduce(0, +)) / Double(n * k))
  }

  /// Checks that `keypoints` is `[N, K, 2]` of finite values.
  private static func checkKeypoints(_ keypoints: Tensor, _ what: String) throws {
    guard keypoints.rank == 3, keypoints.shape[2] == 2 else {
      throw TaskError(
        "\(what): keypoints must be [N, K, 2], got \(describeShape(keypoints.shape))")
    }
    if let i = keypoints.scalars.firstIndex(where: { !$0.isFinite }) {
      throw TaskError(
        "\(what): keypoint \(i / 2 % keypoints.shape[1]) of sample "
          + "\(i / (2 * keypoints.shape[1])) is not finite")
    }
  }
}
