import CKernels

/// The vector instruction set the C kernels (GEMM, convolution, element-wise) run with.
///
/// Each kernel is compiled for every level, with per-function target attributes; the
/// level in use starts at the best this CPU supports (lowered by the `LLAL_SIMD`
/// environment variable: `portable`, `avx2`, `avx512`) and tests may force a lower one
/// to check that every path gives the same results.
public enum KernelLevel: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
  /// Plain C that builds and runs on any CPU.
  case portable = 0
  /// AVX2 with FMA: 6×16 GEMM tiles.
  case avx2 = 2
  /// AVX-512F: 8×32 GEMM tiles.
  case avx512 = 3

  /// The best level this CPU supports.
  public static var best: KernelLevel { KernelLevel(rawValue: Int(llal_simd_level())) ?? .portable }

  /// Every level this CPU can run, lowest first.
  public static var available: [KernelLevel] { allCases.filter { $0 <= best } }

  /// The level kernels use now. Setting a level the CPU lacks selects the best one below
  /// it. Set it only while no kernel is running.
  public static var current: KernelLevel {
    get { KernelLevel(rawValue: Int(llal_kernel_level())) ?? .portable }
    set { _ = llal_set_kernel_level(Int32(newValue.rawValue)) }
  }

  /// Lower levels use narrower (or no) vector instructions.
  public static func < (a: KernelLevel, b: KernelLevel) -> Bool { a.rawValue < b.rawValue }

  /// The name `LLAL_SIMD` takes: `portable`, `avx2`, `avx512`.
  public var description: String {
    switch self {
    case .portable: "portable"
    case .avx2: "avx2"
    case .avx512: "avx512"
    }
  }
}
