import LLALTensor

/// Keypoint localisation by heatmap regression, as in human pose estimation: the targets
/// are keypoints `[K, 2]` per sample in input pixels, the model outputs one
/// `size × size` map per keypoint, `[K, size, size]`. The keypoints are rendered as
/// Gaussian heatmaps (`Heatmaps.render`), the per-sample loss is the mean squared error
/// over the maps, and the metric is PCK: the fraction of keypoints whose heatmap maximum
/// lies within `pck` input pixels (`pck`, then `pck_j0`, `pck_j1`, … per joint).
public struct HeatmapTask: ModelTask {
  /// The side of each heatmap, in cells.
  public let size: Int
  /// The Gaussians' standard deviation, in heatmap cells.
  public let sigma: Float
  /// The PCK threshold, in input pixels.
  public let pck: Double

  /// A heatmap task; `size` must be positive, `sigma` and `pck` positive and finite.
  public init(size: Int, sigma: Float = 1, pck: Double) throws {
    guard size >= 1 else { throw TaskError("heatmaps(size:) must be >= 1, got \(size)") }
    guard sigma > 0, sigma.isFinite else {
      throw TaskError("heatmaps(sigma:) must be positive and finite, got \(sigma)")
    }
    guard pck > 0, pck.isFinite else {
      throw TaskError("heatmaps(pck:) must be positive and finite, got \(pck)")
    }
    self.size = size
    self.sigma = sigma
    self.pck = pck
  }

  /// `heatmaps`.
  public var name: String { "heatmaps" }
  /// `heatmaps`.
  public var gives: String { "heatmaps" }
  /// False.
  public var hasClassProbabilities: Bool { false }
  /// `pck`.
  public var metricName: String { "pck" }
  /// True.
  public var higherIsBetter: Bool { true }
  /// `heatmaps(size: 16, sigma: 1.0, pck: 3.0)`.
  public var description: String { "heatmaps(size: \(size), sigma: \(sigma), pck: \(pck))" }

  /// Needs image inputs `[C, H, W]`, keypoint targets `[K, 2]` and an output
  /// `[K, size, size]`.
  public func check(input: [Int], output: [Int], target: [Int]) throws {
    guard input.count == 3 else {
      throw TaskError(
        "task heatmaps needs image inputs [channels, height, width], got \(describeShape(input))")
    }
    guard target.count == 2, target[1] == 2 else {
      throw TaskError(
        "task heatmaps needs keypoints [joints, 2] per sample as targets, got "
          + describeShape(target))
    }
    guard output == [target[0], size, size] else {
      throw TaskError(
        "task heatmaps(size: \(size)) needs an output [\(target[0]), \(size), \(size)] per "
          + "sample (one map per joint), got \(describeShape(output))")
    }
  }

  /// The keypoints `[N, K, 2]` rendered as heatmaps `[N, K, size, size]` over images of
  /// the input's height and width.
  public func lossTargets(_ targets: Tensor, input: [Int]) throws -> Tensor {
    let (h, w) = try imageSize(input)
    return try Heatmaps.render(
      keypoints: targets, size: size, sigma: sigma, imageHeight: h, imageWidth: w)
  }

  /// The mean squared error of each sample over its heatmaps.
  public func perSampleLoss(output: Tensor, lossTargets: Tensor) throws -> Tensor {
    guard output.shape == lossTargets.shape else {
      throw TaskError(
        "task heatmaps needs outputs shaped like the target heatmaps, got "
          + "\(describeShape(output.shape)) and \(describeShape(lossTargets.shape))")
    }
    return try Tensor.perSampleMSE(output, lossTargets)
  }

  /// `pck` over all joints and samples, then `pck_j0`, `pck_j1`, … per joint.
  public func metrics(output: Tensor, targets: Tensor, input: [Int]) throws -> [TaskMetric] {
    let (h, w) = try imageSize(input)
    let r = try Heatmaps.pck(
      heatmaps: output, keypoints: targets, threshold: pck, imageHeight: h, imageWidth: w)
    return [TaskMetric("pck", r.mean)]
      + r.perJoint.enumerated().map { TaskMetric("pck_j\($0.offset)", $0.element) }
  }

  /// The height and width of a per-sample input shape `[C, H, W]`.
  private func imageSize(_ input: [Int]) throws -> (Int, Int) {
    guard input.count == 3 else {
      throw TaskError(
        "task heatmaps needs image inputs [channels, height, width], got \(describeShape(input))")
    }
    return (input[1], input[2])
  }
}
