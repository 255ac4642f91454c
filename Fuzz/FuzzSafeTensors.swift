// libFuzzer target for the safetensors reader (see README.md). Each input is decoded
// twice: as a whole file, and as a header (the bytes before the first NUL) with the bytes
// after it as the data section, so that mutations reach the header checks without first
// having to fix the 8-byte length.
import Foundation
import LLALNN
import LLALTensor

/// libFuzzer's entry point: Decodes one input as a safetensors file, two ways.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  decode(Data(bytes))
  let cut = bytes.firstIndex(of: 0) ?? bytes.count
  var file = Data()
  withUnsafeBytes(of: UInt64(cut).littleEndian) { file.append(contentsOf: $0) }
  file.append(contentsOf: bytes[..<cut])
  if cut < bytes.count { file.append(contentsOf: bytes[(cut + 1)...]) }
  decode(file)
  return 0
}

/// Decodes `file`. A result must cover the file exactly and survive a round trip bit for
/// bit; an error must be a `CheckpointError` with a message.
private func decode(_ file: Data) {
  do {
    let (tensors, metadata) = try SafeTensors.decode(file, path: "fuzz.safetensors")
    let headerLength = file.prefix(8).enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    let dataBytes = tensors.reduce(0) { $0 + 4 * $1.tensor.count }
    require(8 + headerLength + dataBytes == file.count, "the tensors do not cover the data")
    require(Set(tensors.map(\.name)).count == tensors.count, "a name occurs twice")
    let again = try SafeTensors.decode(try SafeTensors.encode(tensors, metadata: metadata))
    require(again.metadata == metadata, "metadata changed in a round trip")
    require(again.tensors.map(\.name) == tensors.map(\.name), "names changed in a round trip")
    for (a, b) in zip(again.tensors, tensors) {
      require(a.tensor.shape == b.tensor.shape, "shape of '\(a.name)' changed")
      require(
        a.tensor.scalars.map(\.bitPattern) == b.tensor.scalars.map(\.bitPattern),
        "values of '\(a.name)' changed")
    }
  } catch let error as CheckpointError {
    require(error.path == "fuzz.safetensors" && !error.message.isEmpty, "error \(error)")
  } catch {
    require(false, "an untyped error \(type(of: error)): \(error)")
  }
}
