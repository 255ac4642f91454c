// libFuzzer target for the CSV loader (see README.md). Byte 0 picks the options: bits
// 0–1 the label column (last, 0, 1, "y"), bits 2–3 the header (detect, yes, no), bits
// 4–5 the delimiter (, ; tab |); the rest is the file.
import Foundation
import LLALData

/// libFuzzer's entry point: Loads one input as a CSV file with the options its first byte picks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  let option = bytes.first ?? 0
  let label: CSVLabelColumn = [.last, .index(0), .index(1), .named("y")][Int(option & 3)]
  let header: Bool? = [nil, true, false, nil][Int(option >> 2 & 3)]
  let delimiter: Character = [",", ";", "\t", "|"][Int(option >> 4 & 3)]
  let text = Data(bytes.dropFirst())
  load("csv") {
    try Datasets.csv(
      data: text, name: "fuzz.csv", label: label, header: header, delimiter: delimiter)
  }
  return 0
}
