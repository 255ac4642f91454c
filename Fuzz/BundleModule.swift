// SwiftPM generates `Bundle.module` for LLALData's resources; scripts/fuzz compiles the
// module with swiftc instead, so it supplies this stand-in. The fuzz targets never load
// the bundled digits, and `digitsResourcePath` only consults `Bundle.module` after finding
// the bundle directory.
import Foundation

extension Foundation.Bundle {
  static let module = Bundle.main
}
