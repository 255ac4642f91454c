import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALNN

final class CheckpointTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = try temporaryDirectory()
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func testRoundTripIsBitExactIncludingSpecialValues() throws {
    let bits: [UInt32] = [
      0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_1234, 0x0000_0001,
      0x3F80_0000, 0xC2F6_E979,
    ]
    let a = try Tensor(shape: [2, 4], bits.map(Float.init(bitPattern:)))
    let s = Tensor.scalar(3.25)
    let e = try Tensor.zeros([0, 3])
    let file = path("a.safetensors")
    try SafeTensors.write(
      [NamedTensor("weird \"name\"\n", a), NamedTensor("s", s), NamedTensor("empty", e)],
      metadata: ["note": "hi"], to: file)
    let r = try SafeTensors.read(from: file)
    XCTAssertEqual(r.metadata, ["note": "hi"])
    XCTAssertEqual(r.tensors.map(\.name), ["weird \"name\"\n", "s", "empty"])
    XCTAssertEqual(r.tensors[0].tensor.shape, [2, 4])
    XCTAssertEqual(r.tensors[0].tensor.scalars.map(\.bitPattern), bits)
    XCTAssertEqual(r.tensors[1].tensor.shape, [])
    XCTAssertEqual(r.tensors[1].tensor.scalars, [3.25])
    XCTAssertEqual(r.tensors[2].tensor.shape, [0, 3])
    // Written through a temporary file that is gone afterwards.
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: directory.path), ["a.safetensors"])
  }

  func testLayoutIsSafetensors() throws {
    let data = try SafeTensors.encode([NamedTensor("w", Tensor([1, 2]))])
    let headerLength = Int(data[0]) | Int(data[1]) << 8
    XCTAssertEqual(data.prefix(8).dropFirst(2).allSatisfy { $0 == 0 }, true)
    XCTAssertEqual(headerLength % 8, 0)
    let header = String(decoding: data[8..<(8 + headerLength)], as: UTF8.self)
    XCTAssertEqual(
      header.trimmingCharacters(in: .whitespaces),
      #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
    // 1.0 and 2.0, little-endian.
    XCTAssertEqual(Array(data.suffix(8)), [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
  }

  func testReadsAFileWrittenByPythonSafetensors() throws {
    // safetensors.torch.save({'w': [[1.5, -2, 0.25], [3, 4, -0.0]], 'b': [7.0],
    // 's': tensor(0.5)}, metadata={'who': 'torch'})
    let base64 =
      "yAAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJ3aG8iOiJ0b3JjaCJ9LCJiIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUi"
      + "OlsxXSwiZGF0YV9vZmZzZXRzIjpbMCw0XX0sInMiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6W10sImRhdGFfb2Zm"
      + "c2V0cyI6WzQsOF19LCJ3Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyLDNdLCJkYXRhX29mZnNldHMiOls4LDMy"
      + "XX19ICAgICAgIAAA4EAAAAA/AADAPwAAAMAAAIA+AABAQAAAgEAAAACA"
    let data = try XCTUnwrap(Data(base64Encoded: base64))
    let r = try SafeTensors.decode(data)
    XCTAssertEqual(r.metadata, ["who": "torch"])
    XCTAssertEqual(r.tensors.map(\.name), ["b", "s", "w"])
    XCTAssertEqual(r.tensors[2].tensor.shape, [2, 3])
    XCTAssertEqual(r.tensors[2].tensor.scalars, [1.5, -2, 0.25, 3, 4, -0.0])
    XCTAssertEqual(r.tensors[2].tensor.scalars[5].sign, .minus)
    XCTAssertEqual(r.tensors[1].tensor.shape, [])
    XCTAssertEqual(r.tensors[0].tensor.scalars, [7])
  }

  func testModelAndLossModuleRoundTrip() throws {
    let m = try ReferenceModels.digitsCNN(seed: 1)
    let module = try LossPredictionModule(model: m.graph, taps: m.taps, seed: 2)
    m.graph.buffers[0].tensor.withUnsafeMutableBuffer { $0[3] = 0.125 }
    let file = path("m.safetensors")
    try Checkpoint.save(model: m.graph, lossModule: module, to: file)

    let other = try ReferenceModels.digitsCNN(seed: 9)
    let otherModule = try LossPredictionModule(model: other.graph, taps: other.taps, seed: 9)
    try Checkpoint.load(into: other.graph, lossModule: otherModule, from: file)
    let bits = { (ts: [NamedTensor]) in ts.map { $0.tensor.scalars.map(\.bitPattern) } }
    XCTAssertEqual(bits(other.graph.parameters), bits(m.graph.parameters))
    XCTAssertEqual(bits(other.graph.buffers), bits(m.graph.buffers))
    XCTAssertEqual(bits(otherModule.parameters), bits(module.parameters))
    let names = try SafeTensors.read(from: file).tensors.map(\.name)
    XCTAssertTrue(names.contains("lossnet.fcs.1.weight"))
    XCTAssertTrue(names.contains("bn2.running_var"))
  }

  func testModuleWithAHiddenLayerRoundTrips() throws {
    let m = try ReferenceModels.digitsCNN(seed: 1)
    let options = LossModuleOptions(widths: [8, 4], pooling: [.max], hidden: 3)
    let module = try LossPredictionModule(model: m.graph, taps: m.taps, options: options, seed: 2)
    let file = path("hidden.safetensors")
    try Checkpoint.save(model: m.graph, lossModule: module, to: file)
    let other = try LossPredictionModule(model: m.graph, taps: m.taps, options: options, seed: 9)
    try Checkpoint.load(into: m.graph, lossModule: other, from: file)
    XCTAssertEqual(other.parameters.map(\.tensor.scalars), module.parameters.map(\.tensor.scalars))
    let names = try SafeTensors.read(from: file).tensors.map(\.name)
    XCTAssertTrue(names.contains("lossnet.hidden.weight"))
    // A module without the hidden layer does not match the file.
    let paper = try LossPredictionModule(model: m.graph, taps: m.taps, width: 8)
    XCTAssertThrowsError(try Checkpoint.load(into: m.graph, lossModule: paper, from: file))
  }

  private func assertLoadFails(
    _ bytes: Data, _ expected: String, line: UInt = #line
  ) throws {
    let file = path("broken.safetensors")
    try bytes.write(to: URL(fileURLWithPath: file))
    let g = try ReferenceModels.mlp(sizes: [2, 3]).graph
    let before = g.parameters.map(\.tensor.scalars)
    XCTAssertThrowsError(try Checkpoint.load(into: g, from: file), line: line) { e in
      XCTAssertEqual("\(e)", "checkpoint \(file): \(expected)", line: line)
      XCTAssertTrue(e is CheckpointError, line: line)
    }
    XCTAssertEqual(g.parameters.map(\.tensor.scalars), before, "nothing loaded", line: line)
  }

  func testBrokenFilesAreRejectedWithTheirReason() throws {
    let good = try SafeTensors.encode(try ReferenceModels.mlp(sizes: [2, 3]).graph.parameters)
    let headerLength = Int(good[0])

    try assertLoadFails(good.prefix(5), "truncated: 5 bytes, fewer than the 8-byte header length")
    try assertLoadFails(
      good.prefix(20), "truncated: the header needs \(headerLength) bytes but only 12 follow")
    try assertLoadFails(
      good.dropLast(4),
      "truncated: tensor 'layers.0.bias' ends at data byte 36 but the data holds 32 bytes")
    try assertLoadFails(
      Data("PK\u{3}\u{4} this is a zip file, not a checkpoint".utf8),
      "not a safetensors file (its first 8 bytes give a header of 7595448452415441744 bytes)")
    var notJSON = Data([16, 0, 0, 0, 0, 0, 0, 0])
    notJSON.append(Data("hello, world!!!!".utf8))
    try assertLoadFails(notJSON, "not a safetensors file (the header is not a JSON object)")
    // The first tensor's dtype, rewritten in place (same length) to F16.
    var f16 = good
    let at = try XCTUnwrap(f16.range(of: Data("F32".utf8)))
    f16.replaceSubrange(at, with: Data("F16".utf8))
    try assertLoadFails(
      f16, "tensor 'layers.0.weight' has dtype F16; llal reads F32 checkpoints only")
    var shortOffsets = good
    let offsets = try XCTUnwrap(shortOffsets.range(of: Data("[0,24]".utf8)))
    shortOffsets.replaceSubrange(offsets, with: Data("[0,20]".utf8))
    try assertLoadFails(
      shortOffsets,
      "tensor 'layers.0.weight': data offsets [0, 20] do not hold shape [3, 2] (24 bytes)")
  }

  func testMismatchedCheckpointsAreRejected() throws {
    let file = path("m.safetensors")
    try Checkpoint.save(model: try ReferenceModels.mlp(sizes: [2, 4]).graph, to: file)
    let wider = try ReferenceModels.mlp(sizes: [2, 3]).graph
    XCTAssertThrowsError(try Checkpoint.load(into: wider, from: file)) { e in
      XCTAssertEqual(
        "\(e)",
        "checkpoint \(file): tensor 'layers.0.weight' has shape [4, 2] in the file but [3, 2] "
          + "in model 'MLP'")
    }
    let deeper = try ReferenceModels.mlp(sizes: [2, 4, 4]).graph
    XCTAssertThrowsError(try Checkpoint.load(into: deeper, from: file)) { e in
      XCTAssertEqual(
        "\(e)",
        "checkpoint \(file): does not match model 'MLP': missing 'layers.1.weight', "
          + "'layers.1.bias'")
    }
    let cnn = try ReferenceModels.digitsCNN()
    try Checkpoint.save(model: cnn.graph, to: file)
    let module = try LossPredictionModule(model: cnn.graph, taps: cnn.taps)
    XCTAssertThrowsError(try Checkpoint.load(into: try ReferenceModels.mlp().graph, from: file)) {
      e in
      XCTAssertTrue("\(e)".contains("missing 'layers.0.weight'"), "\(e)")
      XCTAssertTrue("\(e)".contains("unexpected 'conv1.weight', 'bn1.weight'"), "\(e)")
    }
    XCTAssertThrowsError(try Checkpoint.load(into: cnn.graph, lossModule: module, from: file)) {
      e in
      XCTAssertTrue(
        "\(e)".hasSuffix(
          "missing 'lossnet.fcs.0.weight', 'lossnet.fcs.0.bias', "
            + "'lossnet.fcs.1.weight', 'lossnet.fcs.1.bias', 'lossnet.out.weight' and 1 more"),
        "\(e)")
    }
    XCTAssertThrowsError(try Checkpoint.load(into: cnn.graph, from: path("none"))) { e in
      XCTAssertTrue("\(e)".hasPrefix("checkpoint \(path("none")): cannot read"), "\(e)")
    }
  }
}
