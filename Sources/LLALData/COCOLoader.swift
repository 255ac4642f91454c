import Foundation
import LLALJSON
import LLALTensor

/// Detection datasets from a COCO-style annotation file.
extension Datasets {
  /// A detection dataset from a COCO-style JSON file: `images` (`id`, `width`,
  /// `height`, `file_name`), `annotations` (`image_id`, `category_id`, `bbox` `[x, y,
  /// w, h]` in pixels) and `categories` (`id`, `name`).
  ///
  /// Images come in the order of the `images` list, all of one size. Their pixels are
  /// the `.npy` array at `imagesPath` (`[N, C, H, W]`, one image per entry; `uint8` read
  /// as x/255), or else each entry's `file_name`, a PGM file (`P5` or `P2`) relative to
  /// the annotation file's folder, read as value/maxval. Classes are the categories in
  /// increasing `id`, numbered from 0 and named by `name`. Each annotation becomes the
  /// box row `(class, x, y, x + w, y + h)` of its image, in file order; annotations with
  /// `iscrowd: 1` are left out, as COCO's evaluation ignores them. Errors name the file
  /// and the entry (`annotations[3].bbox`), or the line and column of a JSON syntax error.
  public static func coco(annotations path: String, images imagesPath: String? = nil) throws
    -> Dataset
  {
    let json: JSON
    do {
      json = try JSON.parse([UInt8](try FileReader.read(path)))
    } catch let error as JSONSyntaxError {
      throw DataError(
        .malformed, path: path, location: "line \(error.line), column \(error.column)",
        error.message)
    }
    let file = COCOFile(path: path)
    let top = try file.object(json, "the file")
    let classes = try file.categories(try file.array(top, "categories"))
    let entries = try file.images(try file.array(top, "images"), needFiles: imagesPath == nil)
    guard let first = entries.first else {
      throw DataError(.malformed, path: path, location: "images", "lists no images")
    }
    let x: Tensor
    if let imagesPath {
      x = try detectionImages(imagesPath)
      guard x.shape[0] == entries.count, x.shape[2] == first.height, x.shape[3] == first.width
      else {
        throw DataError(
          .malformed, path: imagesPath,
          "images \(describeShape(x.shape)) do not match \(path): \(entries.count) images of "
            + "\(first.width) × \(first.height) pixels ([\(entries.count), C, \(first.height), "
            + "\(first.width)])")
      }
    } else {
      x = try pgmImages(entries, folder: URL(fileURLWithPath: path).deletingLastPathComponent())
    }
    let rows = try file.annotations(
      try file.array(top, "annotations"), images: entries, classes: classes.ids)
    let m = max(1, rows.map(\.count).max() ?? 0)
    let boxes = try Tensor.zeros([entries.count, m, 5])
    for (i, list) in rows.enumerated() {
      for k in 0..<m {
        let out = boxes.storage.base + (i * m + k) * 5
        guard k < list.count else {
          out[0] = DetectionBoxes.padding
          continue
        }
        for j in 0..<5 { out[j] = list[k].row[j] }
      }
    }
    return try Dataset(
      x: x, boxes: boxes, classCount: classes.names.count, classNames: classes.names
    ) { image, row, reason in
      DataError(
        .malformed, path: path, location: "annotations[\(rows[image][row].index)]", reason)
    }
  }

  /// The images of `entries` read from their PGM files in `folder`, `[N, 1, H, W]`.
  private static func pgmImages(_ entries: [COCOFile.ImageEntry], folder: URL) throws -> Tensor {
    let (w, h) = (entries[0].width, entries[0].height)
    let x = try allocate([entries.count, 1, h, w], path: nil)
    for (i, entry) in entries.enumerated() {
      let file = folder.appendingPathComponent(entry.fileName).path
      let image = try PGMReader.read(try FileReader.read(file), path: file)
      guard image.width == w, image.height == h else {
        throw DataError(
          .malformed, path: file,
          "the image is \(image.width) × \(image.height) pixels; the annotations say \(w) × \(h)")
      }
      (x.storage.base + i * w * h).update(from: image.pixels, count: w * h)
    }
    return x
  }
}

/// The reading of one COCO file's entries, with errors that name the file and entry.
struct COCOFile {
  /// One entry of `images`.
  struct ImageEntry {
    let id: Int
    let width: Int
    let height: Int
    let fileName: String
  }

  /// One box row and the index of the annotation it came from.
  struct Row {
    let row: [Float]
    let index: Int
  }

  let path: String

  /// An error about the entry at `location`.
  func fail(_ location: String, _ reason: String) -> DataError {
    DataError(.malformed, path: path, location: location, reason)
  }

  func object(_ value: JSON, _ location: String) throws -> JSONObject {
    guard let o = value.object else {
      throw fail(location, "must be an object, found \(value.kindName)")
    }
    return o
  }

  func array(_ o: JSONObject, _ key: String) throws -> [JSON] {
    guard let value = o[key] else {
      throw fail(key, "is missing (a COCO file needs images, annotations and categories)")
    }
    guard let a = value.array else { throw fail(key, "must be an array, found \(value.kindName)") }
    return a
  }

  func int(_ o: JSONObject, _ key: String, _ location: String, atLeast low: Int = 0) throws -> Int {
    guard let value = o[key] else { throw fail(location, "has no \(key)") }
    guard let n = value.int, n >= low else {
      throw fail("\(location).\(key)", "must be a whole number >= \(low), found \(text(value))")
    }
    return n
  }

  /// `categories` in increasing id: the ids (index = class) and names.
  func categories(_ list: [JSON]) throws -> (ids: [Int: Int], names: [String]) {
    var seen: [Int: String] = [:]
    for (i, entry) in list.enumerated() {
      let o = try object(entry, "categories[\(i)]")
      let id = try int(o, "id", "categories[\(i)]")
      guard let name = o["name"]?.string else {
        throw fail("categories[\(i)].name", "must be a string")
      }
      guard seen[id] == nil else { throw fail("categories[\(i)].id", "repeats the id \(id)") }
      seen[id] = name
    }
    let ids = seen.keys.sorted()
    return (
      Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) }),
      ids.map { seen[$0] ?? "" }
    )
  }

  /// `images`, all of one size; `file_name` is required when `needFiles`.
  func images(_ list: [JSON], needFiles: Bool) throws -> [ImageEntry] {
    var entries: [ImageEntry] = []
    var ids = Set<Int>()
    for (i, entry) in list.enumerated() {
      let at = "images[\(i)]"
      let o = try object(entry, at)
      let id = try int(o, "id", at)
      guard ids.insert(id).inserted else { throw fail("\(at).id", "repeats the id \(id)") }
      let width = try int(o, "width", at, atLeast: 1)
      let height = try int(o, "height", at, atLeast: 1)
      let name = o["file_name"]?.string
      if needFiles, name == nil {
        throw fail(at, "has no file_name (give the pixels as an .npy array, or name PGM files)")
      }
      if let first = entries.first, first.width != width || first.height != height {
        throw fail(
          at,
          "is \(width) × \(height) pixels, the first image \(first.width) × \(first.height); "
            + "all images must have one size")
      }
      entries.append(ImageEntry(id: id, width: width, height: height, fileName: name ?? ""))
    }
    return entries
  }

  /// The box rows of each image (in the order of `images`), from `annotations`.
  func annotations(_ list: [JSON], images: [ImageEntry], classes: [Int: Int]) throws -> [[Row]] {
    let position = Dictionary(uniqueKeysWithValues: images.enumerated().map { ($1.id, $0) })
    var rows = [[Row]](repeating: [], count: images.count)
    for (i, entry) in list.enumerated() {
      let at = "annotations[\(i)]"
      let o = try object(entry, at)
      if o["iscrowd"]?.int == 1 { continue }
      let imageID = try int(o, "image_id", at)
      guard let image = position[imageID] else {
        throw fail("\(at).image_id", "\(imageID) is not the id of an image")
      }
      let categoryID = try int(o, "category_id", at)
      guard let c = classes[categoryID] else {
        throw fail("\(at).category_id", "\(categoryID) is not the id of a category")
      }
      let values = o["bbox"]?.array?.compactMap(\.double) ?? []
      guard values.count == 4, o["bbox"]?.array?.count == 4, values.allSatisfy(\.isFinite) else {
        throw fail(
          "\(at).bbox",
          "must be 4 numbers [x, y, width, height], found \(o["bbox"].map(text) ?? "nothing")")
      }
      let (x, y, w, h) = (values[0], values[1], values[2], values[3])
      rows[image].append(
        Row(row: [Float(c), Float(x), Float(y), Float(x + w), Float(y + h)], index: i))
    }
    return rows
  }

  /// A short rendering of a value for messages.
  private func text(_ value: JSON) -> String {
    switch value {
    case .number(let t): return t
    case .string(let s): return "\"\(s)\""
    case .array(let a): return "an array of \(a.count)"
    default: return value.kindName
    }
  }
}
