// swift-tools-version:6.0
import PackageDescription

// Targets follow the layers of docs/architecture.md. One direction only: the engine
// knows nothing of the language; the front ends (REPL, notebook, CLI) sit on top.
//
// NOTE: Swift 5 language mode. The kernels share raw buffers across threads with
// partitioned writes, which strict concurrency checking cannot express.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
  name: "llal",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "llal", targets: ["llal"]),
    .library(name: "LLALTensor", targets: ["LLALTensor"]),
    .library(name: "LLALLanguage", targets: ["LLALLanguage"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // HMAC-SHA256 for the Jupyter kernel's message signatures.
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
  ],
  targets: [
    // C libraries
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    .systemLibrary(
      name: "CZeroMQ",
      pkgConfig: "libzmq",
      providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]
    ),
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),

    // Engine and the layers over it
    .target(name: "LLALTensor", dependencies: ["CKernels"], swiftSettings: v5),
    .target(name: "LLALNN", dependencies: ["LLALTensor"], swiftSettings: v5),
    .target(
      name: "LLALData", dependencies: ["LLALTensor"], resources: [.copy("Resources")],
      swiftSettings: v5),
    .target(name: "LLALActive", dependencies: ["LLALNN", "LLALData"], swiftSettings: v5),

    // Language and front ends
    .target(name: "LLALRender", swiftSettings: v5),
    .target(
      name: "LLALLanguage",
      dependencies: ["LLALTensor", "LLALNN", "LLALData", "LLALActive", "LLALRender"],
      swiftSettings: v5),
    .target(
      name: "LLALNotebook", dependencies: ["LLALLanguage", "LLALRender", "LLALTensor"],
      swiftSettings: v5),
    .target(
      name: "LLALREPL",
      dependencies: ["LLALLanguage", "LLALNotebook", "LLALRender", "LLALTensor", "CEditLine"],
      swiftSettings: v5),
    .target(
      name: "LLALKernel",
      dependencies: [
        "LLALLanguage", "LLALNotebook", "CZeroMQ",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: v5),
    .target(
      name: "LLALBench",
      dependencies: ["LLALTensor", "LLALNN", "LLALData", "LLALActive", "LLALLanguage"],
      swiftSettings: v5),
    .executableTarget(
      name: "llal",
      dependencies: [
        "LLALLanguage", "LLALNotebook", "LLALREPL", "LLALKernel", "LLALBench",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: v5),

    // Tests
    .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: v5),
    .testTarget(name: "LLALTensorTests", dependencies: ["LLALTensor", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "LLALNNTests", dependencies: ["LLALNN", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "LLALDataTests", dependencies: ["LLALData", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "LLALActiveTests", dependencies: ["LLALActive", "TestSupport"], swiftSettings: v5),
    .testTarget(
      name: "LLALLanguageTests", dependencies: ["LLALLanguage", "TestSupport"],
      exclude: ["Golden"], swiftSettings: v5),
    .testTarget(
      name: "LLALRenderTests", dependencies: ["LLALRender", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
    .testTarget(
      name: "LLALNotebookTests", dependencies: ["LLALNotebook", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
    .testTarget(
      name: "LLALKernelTests", dependencies: ["LLALKernel", "TestSupport"], swiftSettings: v5),
    .testTarget(
      name: "LLALREPLTests", dependencies: ["LLALREPL", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
  ]
)
