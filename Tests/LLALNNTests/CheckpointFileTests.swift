import Foundation
import LLALTensor
import XCTest

@testable import LLALNN

/// Checkpoints are written by `AtomicFile` and read by `FileContents`: stale temporaries
/// go, links to files are followed, and failures to reach the file are I/O errors.
final class CheckpointFileTests: XCTestCase {
  private var directory = URL(fileURLWithPath: "/")

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-ckpt-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: directory) }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  private let tensors = [NamedTensor("w", Tensor([1, 2]))]

  func testAWriteRemovesTemporariesThatKilledWritersLeft() throws {
    let dead = Process()
    dead.executableURL = URL(fileURLWithPath: "/bin/true")
    try dead.run()
    dead.waitUntilExit()
    let stale = ".m.safetensors" + AtomicFile.temporaryMarker + String(dead.processIdentifier)
    try Data(count: 100).write(to: URL(fileURLWithPath: path(stale)))
    try SafeTensors.write(tensors, to: path("m.safetensors"))
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: directory.path), ["m.safetensors"])
    XCTAssertEqual(
      try SafeTensors.read(from: path("m.safetensors")).tensors[0].tensor.scalars, [1, 2])
  }

  func testAWriteGoesThroughALinkToAFile() throws {
    try SafeTensors.write(tensors, to: path("v1.safetensors"))
    try FileManager.default.createSymbolicLink(
      atPath: path("latest.safetensors"), withDestinationPath: "v1.safetensors")
    try SafeTensors.write([NamedTensor("w", Tensor([3, 4]))], to: path("latest.safetensors"))
    XCTAssertEqual(
      try FileManager.default.destinationOfSymbolicLink(atPath: path("latest.safetensors")),
      "v1.safetensors")
    XCTAssertEqual(
      try SafeTensors.read(from: path("v1.safetensors")).tensors[0].tensor.scalars, [3, 4])
  }

  func testUnreachableFilesAreIOErrorsThatSayWhy() throws {
    XCTAssertThrowsError(try SafeTensors.write(tensors, to: directory.path)) {
      let error = $0 as? CheckpointError
      XCTAssertEqual(
        error?.description, "checkpoint \(directory.path): cannot write: is a directory, not a file"
      )
      XCTAssertEqual(error?.isIOError, true)
    }
    XCTAssertThrowsError(try SafeTensors.read(from: path("none.safetensors"))) {
      let error = $0 as? CheckpointError
      XCTAssertEqual(
        error?.description, "checkpoint \(path("none.safetensors")): cannot read: no such file")
      XCTAssertEqual(error?.isIOError, true)
    }
    // A malformed file is not an I/O error.
    try Data(count: 4).write(to: URL(fileURLWithPath: path("short.safetensors")))
    XCTAssertThrowsError(try SafeTensors.read(from: path("short.safetensors"))) {
      XCTAssertEqual(($0 as? CheckpointError)?.isIOError, false)
    }
  }
}
