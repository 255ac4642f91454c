import Foundation
import LLALActive
import LLALLanguage
import LLALRender
import LLALTensor

/// `q.save("to_label.csv")`: a query for an annotator — a CSV of the picks' pool indices
/// with an empty `label` column to fill, and for a pool of images one PNG per pick next
/// to the CSV, named in its `image` column. `s.label(path)` reads the filled file back.
enum QueryFiles {
  static let save = Builtin(
    "save", [.init("path", .string)], returns: "list", receiver: "query",
    doc: """
      Writes the picks for an annotator: a CSV with the columns index and label (empty, \
      to fill with class ids), and for a pool of images an image column naming one PNG \
      per pick written next to the CSV (NAME-INDEX.png; channels averaged to grey unless \
      there are 3, each image scaled between its own extremes). Every file is written \
      atomically. Returns the paths written, the CSV first.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let q = h as? QueryValue else {
      throw RuntimeError("save needs a query")
    }
    let path = try args.string("path")
    guard path.hasSuffix(".csv") else {
      throw args.error("path", "must name a .csv file, found \"\(path)\"")
    }
    return .list(try write(q, to: path).map { .string($0) })
  }

  /// Writes the CSV (and the PNGs) of `q`; returns the paths, the CSV first.
  static func write(_ q: QueryValue, to path: String) throws -> [String] {
    let x = (q.asker.learner as? GraphLearner)?.pool.x
    let indices = q.selection.indices
    guard let x, x.rank == 4 else {
      try AtomicFile.write("index,label\n" + indices.map { "\($0),\n" }.joined(), to: path)
      return [path]
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    let stem = url.deletingPathExtension().lastPathComponent
    var written: [String] = []
    var rows = "index,image,label\n"
    for index in indices {
      let name = "\(stem)-\(index).png"
      let image = folder.appendingPathComponent(name).path
      try AtomicFile.write(Data(try png(x, index).bytes), to: image)
      written.append(image)
      rows += "\(index),\(name),\n"
    }
    try AtomicFile.write(rows, to: path)
    return [path] + written
  }

  /// Sample `index` of images `x` `[N, C, H, W]` as a PNG: RGB for 3 channels, else the
  /// channels' mean as grey; values scaled linearly from the image's minimum (0) to its
  /// maximum (255), a constant image black.
  static func png(_ x: Tensor, _ index: Int) throws -> PNGImage {
    let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
    let area = h * w
    let base = x.storage.base + index * c * area
    let channels = c == 3 ? 3 : 1
    var values = [Double](repeating: 0, count: area * channels)
    for p in 0..<area {
      if channels == 3 {
        for ch in 0..<3 { values[p * 3 + ch] = Double(base[ch * area + p]) }
      } else {
        for ch in 0..<c { values[p] += Double(base[ch * area + p]) / Double(c) }
      }
    }
    let finite = values.filter(\.isFinite)
    let lo = finite.min() ?? 0, hi = finite.max() ?? 0
    let bytes = values.map { v -> UInt8 in
      guard hi > lo, v.isFinite else { return 0 }
      return UInt8(((v - lo) / (hi - lo) * 255).rounded())
    }
    guard let image = PNGImage(width: w, height: h, channels: channels, pixels: bytes) else {
      throw RuntimeError("cannot write a PNG of \(w)×\(h) pixels")
    }
    return image
  }
}
