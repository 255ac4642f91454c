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
    .library(name: "LLALDomain", targets: ["LLALDomain"]),
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
    // Strict JSON reading and writing: safetensors headers, results, Jupyter messages.
    .target(name: "LLALJSON", swiftSettings: v5),
    .target(name: "LLALNN", dependencies: ["LLALTensor", "LLALJSON"], swiftSettings: v5),
    .target(
      name: "LLALData", dependencies: ["LLALTensor", "LLALJSON"], resources: [.copy("Resources")],
      swiftSettings: v5),
    .target(
      name: "LLALActive",
      dependencies: [
        "LLALTensor", "LLALNN", "LLALData", "LLALJSON",
        .product(name: "Crypto", package: "swift-crypto"),
      ], swiftSettings: v5),

    // Language and front ends
    .target(name: "LLALText", swiftSettings: v5),
    .target(name: "LLALRender", dependencies: ["LLALText"], swiftSettings: v5),
    .target(name: "LLALLanguage", dependencies: ["LLALTensor", "LLALText"], swiftSettings: v5),
    .target(
      name: "LLALDomain",
      dependencies: ["LLALLanguage", "LLALTensor", "LLALNN", "LLALData", "LLALActive", "LLALRender"],
      swiftSettings: v5),
    .target(
      name: "LLALNotebook", dependencies: ["LLALLanguage", "LLALRender", "LLALJSON"],
      swiftSettings: v5),
    .target(
      name: "LLALREPL",
      dependencies: [
        "LLALLanguage", "LLALDomain", "LLALNotebook", "LLALRender", "LLALTensor", "CEditLine",
        "LLALExport",
      ],
      swiftSettings: v5),
    .target(
      name: "LLALKernel",
      dependencies: [
        "LLALLanguage", "LLALDomain", "LLALNotebook", "LLALTensor", "LLALJSON", "CZeroMQ",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: v5),
    .target(
      name: "LLALBench",
      dependencies: [
        "LLALTensor", "LLALNN", "LLALData", "LLALActive", "LLALLanguage", "LLALDomain",
        "LLALJSON",
      ],
      swiftSettings: v5),
    .target(
      name: "LLALExport",
      dependencies: ["LLALLanguage", "LLALDomain", "LLALActive", "LLALNN", "LLALData", "LLALTensor"],
      swiftSettings: v5),
    .executableTarget(
      name: "llal",
      dependencies: [
        "LLALLanguage", "LLALDomain", "LLALNotebook", "LLALREPL", "LLALKernel", "LLALBench",
        "LLALTensor", "LLALExport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: v5),

    // Tests
    .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: v5),
    .testTarget(name: "LLALTensorTests", dependencies: ["LLALTensor", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "LLALJSONTests", dependencies: ["LLALJSON"], swiftSettings: v5),
    .testTarget(name: "LLALNNTests", dependencies: ["LLALNN", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "LLALDataTests", dependencies: ["LLALData", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "LLALActiveTests", dependencies: ["LLALActive", "TestSupport"], swiftSettings: v5),
    .testTarget(
      name: "LLALLanguageTests", dependencies: ["LLALLanguage", "LLALDomain", "TestSupport"],
      exclude: ["Golden"], swiftSettings: v5),
    .testTarget(
      name: "LLALDomainTests",
      dependencies: ["LLALDomain", "LLALLanguage", "LLALActive", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
    .testTarget(
      name: "LLALRenderTests", dependencies: ["LLALRender", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
    .testTarget(
      name: "LLALNotebookTests",
      dependencies: ["LLALNotebook", "LLALDomain", "LLALJSON", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
    .testTarget(
      name: "LLALKernelTests",
      dependencies: ["LLALKernel", "LLALDomain", "LLALJSON", "TestSupport"],
      swiftSettings: v5),
    .testTarget(
      name: "LLALREPLTests", dependencies: ["LLALREPL", "LLALDomain", "TestSupport"],
      exclude: ["__Snapshots__"], swiftSettings: v5),
    // Runs the built `llal` binary: exit statuses, streams, signals, files.
    .testTarget(name: "LLALCLITests", dependencies: ["TestSupport"], swiftSettings: v5),
  ]
)
