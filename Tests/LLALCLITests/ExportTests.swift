import Foundation
import XCTest

/// `llal export`: the project it writes, its exit statuses, and the constructs it refuses
/// (the scripts under ExportRefusals/, each with `# expect error [line:col]: message`).
/// Tests/torch (scripts/test-torch) runs the exported projects under PyTorch.
final class ExportTests: CLITestCase {
  static let script = """
    data = blobs(count: 60, classes: 3, seed: 0)
    train, test = data.split(test: 0.25, seed: 0)
    model Tiny(x: [2], classes: 3) {
      h = x |> linear(8) |> batchnorm() |> relu()
      return h |> linear(classes)
    }
    ll = learning_loss(lossnet(taps: [Tiny.h], width: 4), detach_after: 1)
    b = budget(initial: 10, step: 5, cycles: 2)
    opt = sgd(lr: 0.1, momentum: 0.9, epochs: param("epochs", 3), batch: 8, milestones: [2])
    print("before")
    r = experiment(Tiny, train, test, [entropy(), ll, core_set(features: Tiny.h)],
      budget: b, optimizer: opt, seeds: 2)
    print("never")

    """

  func testWritesTheProjectWithoutRunningTheExperiment() throws {
    try write("tiny.llal", Self.script)
    let result = try llal("export", "tiny.llal", "-o", "out", "--set", "epochs=4")
    assertExit(result, 0, errors: "")
    XCTAssertEqual(result.output, "exported 8 jobs to out (see out/README.md)\n")
    XCTAssertEqual(
      contents("out/jobs.txt"),
      """
      python experiment.py --strategy entropy --seed 0
      python experiment.py --strategy learning_loss --seed 0
      python experiment.py --strategy core_set --seed 0
      python experiment.py --strategy random --seed 0
      python experiment.py --strategy entropy --seed 1
      python experiment.py --strategy learning_loss --seed 1
      python experiment.py --strategy core_set --seed 1
      python experiment.py --strategy random --seed 1

      """)
    let model = try XCTUnwrap(contents("out/model.py"))
    XCTAssertTrue(model.contains("class Tiny(nn.Module):"), model)
    XCTAssertTrue(
      model.contains(
        #"self.add_module("linear_1", nn.Linear(2, 8, bias=True))  # linear(8)"#), model)
    XCTAssertTrue(
      model.contains(
        #"self.add_module("batchnorm_1", LlalBatchNorm(8, image=False, eps=1e-05, momentum=0.1))"#
      ), model)
    XCTAssertTrue(model.contains(#"v["h"] = F.relu(v["batchnorm_1"])  # relu()"#), model)
    XCTAssertTrue(model.contains("class LossNet(nn.Module):"), model)
    let experiment = try XCTUnwrap(contents("out/experiment.py"))
    for line in [
      #"    "budget": {"initial": 10, "step": 5, "cycles": 2, "subset": 0},  # tiny.llal:12"#,
      #"    "epochs": 4,  # tiny.llal:12"#,
      #"    "schedule": {"kind": "multistep", "milestones": [2], "gamma": 0.1},"#,
      #"    "learning_loss": {"margin": 1.0, "weight": 1.0, "pairing": "halves", "detach_after": 1, "objective": "ranking"},  # tiny.llal:11"#,
      #"        "core_set": {"kind": "core_set", "node": "h"},"#,
      #"    "seeds": [0, 1],  # tiny.llal:12"#,
    ] {
      XCTAssertTrue(experiment.contains(line), "missing \(line) in\n\(experiment)")
    }
    // The pool as .npy: magic, version 1.0, a header naming float32 [45, 2].
    let pool = try XCTUnwrap(FileManager.default.contents(atPath: path("out/data/pool_x.npy")))
    XCTAssertEqual(Array(pool.prefix(8)), [0x93] + Array("NUMPY".utf8) + [1, 0])
    let header = String(decoding: pool.dropFirst(10).prefix(118), as: UTF8.self)
    XCTAssertTrue(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (45, 2), }"))
    XCTAssertEqual(pool.count, 128 + 45 * 2 * 4)
    let labels = try XCTUnwrap(FileManager.default.contents(atPath: path("out/data/pool_y.npy")))
    XCTAssertEqual(labels.count, 128 + 45 * 8)
    XCTAssertNil(contents("out/parity/batch.safetensors"))
  }

  func testParityFixtureWritesLlalsNumbers() throws {
    try write("tiny.llal", Self.script)
    assertExit(try llal("export", "tiny.llal", "-o", "out", "--parity-fixture"), 0, errors: "")
    for name in ["initial", "batch", "train_forward", "train", "eval", "sgd", "adam", "query"] {
      let file = try XCTUnwrap(
        FileManager.default.contents(atPath: path("out/parity/\(name).safetensors")), name)
      XCTAssertGreaterThan(file.count, 8, name)
    }
    XCTAssertNotEqual(
      FileManager.default.contents(atPath: path("out/parity/train.safetensors")),
      FileManager.default.contents(atPath: path("out/parity/sgd.safetensors")))
  }

  func testUsageErrorsAre64() throws {
    try write("tiny.llal", Self.script)
    XCTAssertEqual(try llal("export", "tiny.llal").status, 64)
    assertExit(
      try llal("export", "tiny.llal", "-o", "out", "--set", "nope=1"), 64,
      errors: "llal: --set nope: the script has no param(\"nope\", ...) (its parameters: epochs)\n")
  }

  func testAScriptErrorIs65AndNothingIsWritten() throws {
    try write("bad.llal", "x = (1 +\n")
    let result = try llal("export", "bad.llal", "-o", "out")
    XCTAssertEqual(result.status, 65)
    XCTAssertTrue(result.errors.hasPrefix("bad.llal:1:9: error: expected an expression"), result.errors)
    XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")))
  }

  func testAScriptWithoutAnExperimentIs70() throws {
    try write("none.llal", "print(1)\n")
    assertExit(
      try llal("export", "none.llal", "-o", "out"), 70,
      errors: "llal: none.llal ran to its end without calling experiment(...); nothing to export\n")
  }

  func testAnUnwritableFolderIs74() throws {
    try write("tiny.llal", Self.script)
    try write("file", "")
    assertExit(
      try llal("export", "tiny.llal", "-o", "file/out"), 74,
      errors: "llal: cannot write 'file/out': cannot make this folder\n")
  }

  func testRefusalsPointAtTheArgument() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("ExportRefusals")
    let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".llal") }.sorted()
    XCTAssertEqual(scripts.count, 11)
    for name in scripts {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      try write(name, text)
      let expect = try XCTUnwrap(
        text.split(separator: "\n").first { $0.hasPrefix("# expect error [") }, name)
      let position = expect.dropFirst("# expect error [".count).prefix { $0 != "]" }
      let message = expect.split(separator: "]", maxSplits: 1)[1].dropFirst(2)
      let result = try llal("export", name, "-o", "out")
      XCTAssertEqual(result.status, 65, name)
      XCTAssertTrue(
        result.errors.hasPrefix("\(name):\(position): error: \(message)\n"),
        "\(name):\n\(result.errors)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")), name)
    }
  }
}
