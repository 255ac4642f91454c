import Foundation
import LLALTensor

/// NumPy `.npy` files (format 1.0, little-endian, C order), as `numpy.load` reads them:
/// the export's data.
enum NPYFile {
  /// A float32 array of `tensor`'s shape and values.
  static func float32(_ tensor: Tensor) -> Data {
    var body = Data(capacity: tensor.count * 4)
    tensor.withUnsafeBuffer { b in
      for v in b { withUnsafeBytes(of: v.bitPattern.littleEndian) { body.append(contentsOf: $0) } }
    }
    return header("<f4", tensor.shape) + body
  }

  /// An int64 vector of `values`.
  static func int64(_ values: [Int]) -> Data {
    var body = Data(capacity: values.count * 8)
    for v in values { withUnsafeBytes(of: Int64(v).littleEndian) { body.append(contentsOf: $0) } }
    return header("<i8", [values.count]) + body
  }

  /// The magic, version and header dictionary, padded with spaces so the data starts at
  /// a multiple of 64 bytes.
  private static func header(_ descr: String, _ shape: [Int]) -> Data {
    let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
    let unpadded = 10 + dict.utf8.count + 1
    dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    let length = UInt16(dict.utf8.count)
    data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    data.append(contentsOf: Array(dict.utf8))
    return data
  }
}
