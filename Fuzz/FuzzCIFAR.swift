// libFuzzer target for the CIFAR-10 binary loader (see README.md): the input is one
// batch file of 3,073-byte records.
import Foundation
import LLALData

/// libFuzzer's entry point: Decodes one input as a CIFAR-10 batch file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCIFAR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  load("cifar") {
    let d = try Datasets.cifar10Batch(data: Data(bytes))
    require(d.x.shape == [size / 3073, 3, 32, 32], "cifar: shape \(d.x.shape) for \(size) bytes")
    require(d.classCount == 10 && d.classNames?.count == 10, "cifar: classes")
    return d
  }
  return 0
}
