// swift-tools-version:6.0
import PackageDescription

// Targets follow the layers of docs/architecture.md: the engine knows nothing of the
// language; the front ends (REPL, notebook, CLI) sit on top of the interpreter.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
  name: "llal",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "llal", targets: ["llal"]),
    .library(name: "LLALTensor", targets: ["LLALTensor"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    .target(
      name: "CKernels",
      cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]
    ),
    .target(name: "LLALTensor", dependencies: ["CKernels"], swiftSettings: v5),
    .executableTarget(
      name: "llal",
      dependencies: [
        "LLALTensor",
        "CEditLine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: v5
    ),
    .testTarget(name: "LLALTensorTests", dependencies: ["LLALTensor"], swiftSettings: v5),
  ]
)
