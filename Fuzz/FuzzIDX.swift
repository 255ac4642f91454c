// libFuzzer target for the IDX (MNIST) loader (see README.md): `splitInput` gives the
// images file and the labels file; option bit 0 declares 10 classes.
import Foundation
import LLALData

/// libFuzzer's entry point: Loads one input as an IDX images file and labels file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (option, images, labels) = splitInput(fuzzInput(data, size))
  let classes = option & 1 == 1 ? 10 : nil
  load("idx") {
    let d = try Datasets.idx(
      imagesData: Data(images), labelsData: Data(labels), classCount: classes)
    require(d.x.scalars.allSatisfy { $0 >= 0 && $0 <= 255 }, "idx: a pixel outside 0...255")
    return d
  }
  return 0
}
