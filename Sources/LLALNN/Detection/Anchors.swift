import LLALTensor

/// The anchor boxes of a single-shot detector, in the order of its output rows: feature
/// map by feature map (as the model concatenates them), then cell by cell in row-major
/// order (y, then x), then per cell size by size and, within a size, offset by offset.
/// Anchor `offset_of_map + (y·W + x)·A + s·P + p` of a map with `W` columns, `S` sizes
/// and `P` offsets (`A = S·P`) is the square of side `sizes[s]` centred at
/// `((x + ½)·stride + dx_p, (y + ½)·stride + dy_p)` in input pixels: the layout of
/// `shared/peers/al_detect.py`'s `make_anchors`.
public struct Anchors: Sendable, Equatable {
  /// One feature map's anchors: its grid, stride in input pixels, sizes and offsets.
  public struct Map: Sendable, Equatable {
    /// Rows and columns of the grid.
    public let height: Int, width: Int
    /// Input pixels per cell, vertically and horizontally.
    public let strideY: Double, strideX: Double
    /// Side lengths of the square anchors, in input pixels.
    public let sizes: [Double]
    /// Offsets `(dx, dy)` of the anchors' centres from the cell centre, in input pixels.
    public let offsets: [(Double, Double)]

    /// A map of `height × width` cells of `strideY × strideX` input pixels.
    public init(
      height: Int, width: Int, strideY: Double, strideX: Double, sizes: [Double],
      offsets: [(Double, Double)]
    ) {
      self.height = height
      self.width = width
      self.strideY = strideY
      self.strideX = strideX
      self.sizes = sizes
      self.offsets = offsets
    }

    /// Anchors per cell: sizes × offsets.
    public var perCell: Int { sizes.count * offsets.count }

    public static func == (a: Map, b: Map) -> Bool {
      a.height == b.height && a.width == b.width && a.strideY == b.strideY
        && a.strideX == b.strideX && a.sizes == b.sizes
        && a.offsets.map { [$0.0, $0.1] } == b.offsets.map { [$0.0, $0.1] }
    }
  }

  /// The maps, in output order.
  public let maps: [Map]
  /// Every anchor's box, in output order.
  public let boxes: [Box]

  /// The anchors of `maps`, laid out as the type's documentation says.
  public init(maps: [Map]) {
    self.maps = maps
    var boxes: [Box] = []
    for m in maps {
      for y in 0..<m.height {
        for x in 0..<m.width {
          for s in m.sizes {
            for (dx, dy) in m.offsets {
              boxes.append(
                Box(
                  cx: (Double(x) + 0.5) * m.strideX + dx, cy: (Double(y) + 0.5) * m.strideY + dy,
                  w: s, h: s))
            }
          }
        }
      }
    }
    self.boxes = boxes
  }

  /// The number of anchors.
  public var count: Int { boxes.count }
}
