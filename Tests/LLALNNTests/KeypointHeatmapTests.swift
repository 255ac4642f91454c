import LLALTensor
import XCTest

@testable import LLALNN

/// Heatmap rendering and PCK against the pose peer's own functions
/// (`shared/peers/al_pose.py`, `heatmaps` and `pck`, copied verbatim into a script with
/// NumPy 2.4.6):
///
///     y = np.array([[[5.3, 7.9], [16.0, 16.0], [2.25, 29.0]],
///                   [[31.9, 0.1], [10.5, 20.75], [24.0, 3.0]]], dtype=np.float32)
///     h = heatmaps(y.astype(np.float64), 16)        # args.sigma = 1.0, then 1.5
///     float(h[n, j, r, c]); h.astype(np.float64).sum(axis=(2, 3)).ravel()
///
///     i = np.arange(50 * 3 * 16 * 16)
///     out = (((i * 7919) % 1000) / 1000.0).astype(np.float32).reshape(50, 3, 16, 16)
///     i2 = np.arange(50 * 3 * 2)
///     kp = (((i2 * 37) % 320) / 10.0).astype(np.float32).reshape(50, 3, 2)
///     pck(out, kp)                                  # args.pck_thresh = 3.0, then 8.0
///     np.mean(d <= args.pck_thresh, axis=0)         # per joint, inside pck
final class KeypointHeatmapTests: XCTestCase {
  private let keypoints: [Float] = [5.3, 7.9, 16, 16, 2.25, 29, 31.9, 0.1, 10.5, 20.75, 24, 3]

  private func render(sigma: Float) throws -> Tensor {
    try Heatmaps.render(
      keypoints: Tensor(shape: [2, 3, 2], keypoints), size: 16, sigma: sigma, imageHeight: 32,
      imageWidth: 32)
  }

  private func assertMatches(
    _ maps: Tensor, _ cells: [(Int, Int, Int, Int, Double)], sums: [Double],
    line: UInt = #line
  ) {
    XCTAssertEqual(maps.shape, [2, 3, 16, 16], line: line)
    let v = maps.scalars
    for (n, j, r, c, expected) in cells {
      let got = Double(v[((n * 3 + j) * 16 + r) * 16 + c])
      XCTAssertEqual(
        got, expected, accuracy: expected * 1e-6 + 1e-44, "(\(n), \(j), \(r), \(c))", line: line)
    }
    for (m, expected) in sums.enumerated() {
      let sum = v[(m * 256)..<((m + 1) * 256)].reduce(0.0) { $0 + Double($1) }
      XCTAssertEqual(sum, expected, accuracy: 1e-9, "map \(m)", line: line)
    }
  }

  func testRenderingMatchesThePeerWithSigma1() throws {
    assertMatches(
      try render(sigma: 1),
      [
        (0, 0, 3, 2, 0.8935973048210144), (0, 0, 4, 3, 0.5989962816238403),
        (0, 0, 0, 15, 3.62668794383288e-39), (0, 1, 7, 7, 0.7788007855415344),
        (0, 1, 8, 8, 0.7788007855415344), (0, 2, 14, 1, 0.9321025013923645),
        (1, 0, 0, 15, 0.8166865706443787), (1, 1, 10, 5, 0.9616906046867371),
        (1, 2, 1, 12, 0.8824968934059143), (1, 2, 9, 0, 2.4242463432819335e-43),
      ],
      sums: [
        6.265041661753158, 6.2831853011050836, 5.206425246771426, 1.7045540742060377,
        6.283185208237361, 5.915158575018346,
      ])
  }

  func testRenderingMatchesThePeerWithSigma1_5() throws {
    assertMatches(
      try render(sigma: 1.5),
      [
        (0, 0, 3, 2, 0.9512293934822083), (0, 0, 4, 3, 0.7963012456893921),
        (0, 0, 0, 15, 8.228824993721409e-18), (0, 1, 7, 7, 0.894839346408844),
        (0, 1, 8, 8, 0.894839346408844), (0, 2, 14, 1, 0.9692332148551941),
        (1, 0, 0, 15, 0.9139311909675598), (1, 1, 10, 5, 0.9827887415885925),
        (1, 2, 1, 12, 0.9459594488143921), (1, 2, 9, 0, 1.1479820628633763e-19),
      ],
      sums: [
        13.57975272915684, 14.137165398747769, 9.300659084911716, 3.7284741386623383,
        14.13363767688233, 11.919839266915483,
      ])
  }

  // A keypoint at a cell centre, (2·(c + 0.5), 2·(r + 0.5)) in input pixels, peaks at
  // exactly 1 there; the map is symmetric around it.
  func testPeakIsOneAtACellCentre() throws {
    let maps = try Heatmaps.render(
      keypoints: Tensor(shape: [1, 1, 2], [5, 9]), size: 16, sigma: 1, imageHeight: 32,
      imageWidth: 32)
    let v = maps.scalars
    XCTAssertEqual(v[4 * 16 + 2], 1)
    XCTAssertEqual(v[3 * 16 + 2], v[5 * 16 + 2])
    XCTAssertEqual(v.max(), 1)
  }

  func testPCKMatchesThePeer() throws {
    let n = 50 * 3 * 16 * 16
    let out = try Tensor(
      shape: [50, 3, 16, 16], (0..<n).map { Float(Double(($0 * 7919) % 1000) / 1000) })
    let kp = try Tensor(shape: [50, 3, 2], (0..<300).map { Float(Double(($0 * 37) % 320) / 10) })
    let at3 = try Heatmaps.pck(
      heatmaps: out, keypoints: kp, threshold: 3, imageHeight: 32, imageWidth: 32)
    XCTAssertEqual(at3.mean, 0.15333333333333332)
    XCTAssertEqual(at3.perJoint, [0.16, 0.18, 0.12])
    let at8 = try Heatmaps.pck(
      heatmaps: out, keypoints: kp, threshold: 8, imageHeight: 32, imageWidth: 32)
    XCTAssertEqual(at8.mean, 0.44666666666666666)
    XCTAssertEqual(at8.perJoint, [0.4, 0.6, 0.34])
  }

  // The maximum of a 16×16 map over a 32×32 image at cell (r 5, c 2) decodes to the input
  // point (2·2.5, 2·5.5) = (5, 11): a keypoint exactly 3 px away counts, one a hair
  // further does not. Map 1 has a tie: its first maximum (cell 0) decodes to (1, 1).
  func testPCKThresholdIsInclusiveAndTiesTakeTheFirstMaximum() throws {
    var values = [Float](repeating: 0, count: 2 * 256)
    values[5 * 16 + 2] = 1
    values[256] = 1
    values[256 + 200] = 1
    let maps = try Tensor(shape: [1, 2, 16, 16], values)
    func pck(_ points: [Float]) throws -> [Double] {
      try Heatmaps.pck(
        heatmaps: maps, keypoints: Tensor(shape: [1, 2, 2], points), threshold: 3,
        imageHeight: 32, imageWidth: 32
      ).perJoint
    }
    XCTAssertEqual(try pck([8, 11, 1, 4]), [1, 1])
    XCTAssertEqual(try pck([5, 14.000_01, 4.000_01, 1]), [0, 0])
  }

  func testRenderingAndPCKRefuseBadInput() throws {
    let kp = try Tensor.zeros([2, 3, 2])
    XCTAssertThrowsError(
      try Heatmaps.render(
        keypoints: Tensor.zeros([2, 3]), size: 16, sigma: 1, imageHeight: 32, imageWidth: 32)
    ) { e in XCTAssertEqual("\(e)", "heatmaps: keypoints must be [N, K, 2], got [2, 3]") }
    XCTAssertThrowsError(
      try Heatmaps.render(keypoints: kp, size: 16, sigma: 0, imageHeight: 32, imageWidth: 32)
    ) { e in
      XCTAssertEqual(
        "\(e)",
        "heatmaps need a positive size, sigma and image size, got size 16, sigma 0.0, image 32x32")
    }
    XCTAssertThrowsError(
      try Heatmaps.render(
        keypoints: Tensor(shape: [1, 2, 2], [1, 2, .nan, 4]), size: 16, sigma: 1,
        imageHeight: 32, imageWidth: 32)
    ) { e in XCTAssertEqual("\(e)", "heatmaps: keypoint 1 of sample 0 is not finite") }
    XCTAssertThrowsError(
      try Heatmaps.pck(
        heatmaps: Tensor.zeros([2, 3, 16, 8]), keypoints: kp, threshold: 3, imageHeight: 32,
        imageWidth: 32)
    ) { e in
      XCTAssertEqual(
        "\(e)", "pck needs heatmaps [N, K, size, size] for keypoints [2, 3, 2], got [2, 3, 16, 8]")
    }
    let empty = try Heatmaps.pck(
      heatmaps: Tensor.zeros([0, 3, 4, 4]), keypoints: Tensor.zeros([0, 3, 2]), threshold: 3,
      imageHeight: 8, imageWidth: 8)
    XCTAssertTrue(empty.mean.isNaN)
    XCTAssertEqual(empty.perJoint.count, 3)
  }
}
