// libFuzzer target for the NPY loader (see README.md): `splitInput` gives the features
// file and the labels file; option bit 0 declares 10 classes.
import Foundation
import LLALData

/// libFuzzer's entry point: Loads one input as NPY features and labels files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (option, x, y) = splitInput(fuzzInput(data, size))
  let classes = option & 1 == 1 ? 10 : nil
  load("npy") {
    try Datasets.npy(xData: Data(x), yData: Data(y), classCount: classes)
  }
  // Any array on its own: a tensor of its shape with finite values, or a DataError.
  attempt("npyArray") {
    let t = try Datasets.npyArray(data: Data(x))
    require(t.scalars.allSatisfy(\.isFinite), "npyArray: a value that is not finite")
  }
  return 0
}
