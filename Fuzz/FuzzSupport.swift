// Shared by every fuzz target (see README.md): an invariant that fails is a finding.

/// Stops the fuzzer with a finding when `condition` is false.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("invariant failed: \(message())") }
}

/// The fuzzer's input as bytes.
func fuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
  Array(UnsafeBufferPointer(start: data, count: size))
}

/// An input cut into an option byte and two parts, for targets that read two files or
/// take options: byte 0 is the option, bytes 1–2 (little-endian) the length of the first
/// part (cut to what is there), and the rest is the second part.
func splitInput(_ bytes: [UInt8]) -> (option: UInt8, first: [UInt8], second: [UInt8]) {
  guard bytes.count >= 3 else { return (bytes.first ?? 0, [], []) }
  let length = min(Int(bytes[1]) | Int(bytes[2]) << 8, bytes.count - 3)
  return (bytes[0], Array(bytes[3..<(3 + length)]), Array(bytes[(3 + length)...]))
}
