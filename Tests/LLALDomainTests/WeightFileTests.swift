import Foundation
import LLALLanguage
import LLALNN
import TestSupport
import XCTest

@testable import LLALDomain

/// `s.save(path)`, `s.load(path)`, `Net.save(path)` and `r.run(...).cycle(k).save(path)`:
/// safetensors files with llal's names, read back into a model of the same block, their
/// errors located at the `path` argument.
final class WeightFileTests: XCTestCase {
  private static let setup = """
    model M(x: [2]) {
      h = x |> linear(8) |> relu()
      return h |> linear(2)
    }
    d = blobs(count: 120, classes: 2, seed: 0)
    tr, te = d.split(test: 0.25, seed: 0)
    ll = learning_loss(lossnet(taps: [M.h], width: 4))
    b = budget(initial: 10, step: 5, cycles: 3)
    opt = adam(lr: 0.01, epochs: 3, batch: 4)
    dir = param("dir", "")

    """

  private var folder = ""

  override func setUpWithError() throws {
    folder = try temporaryDirectory().path
  }

  private func run(_ body: String) throws -> String {
    try DomainScript.run(Self.setup + body, name: "w.llal", parameters: ["dir": .string(folder)])
      .output
  }

  /// `line:col: message` of the first diagnostic (lines counted in `body`), and whether
  /// it is an I/O error.
  private func failure(_ body: String) -> String {
    DomainScript.failure(
      Self.setup + body, name: "w.llal", skippingLines: DomainScript.lines(of: Self.setup),
      parameters: ["dir": .string(folder)], markingIO: true)
  }

  func testASavedSessionLoadsIntoAFreshSessionWithIdenticalPredictions() throws {
    let out = try run(
      """
      s = session(M, tr, strategy: ll, budget: b, optimizer: opt, seed: 1, test: te)
      a = s.step()
      b2 = s.step()
      s.save(dir + "/m.safetensors")
      t = session(M, tr, strategy: ll, budget: b, optimizer: opt, seed: 7, test: te)
      t.load(dir + "/m.safetensors")
      p = s.predict(te)
      q = t.predict(te)
      dl = (p.predicted_loss - q.predicted_loss).abs().max().item()
      print((p.probs - q.probs).abs().max().item(), dl)
      print(s.evaluate(te) == t.evaluate(te))
      # A fresh session's own weights predict otherwise.
      u = session(M, tr, strategy: ll, budget: b, optimizer: opt, seed: 7, test: te)
      c = u.step()
      print((u.predict(te).probs - p.probs).abs().max().item() > 0)

      """)
    XCTAssertEqual(out, "0.0 0.0\ntrue\ntrue\n")
  }

  func testACycleModelSavesTheWeightsItPredictsWith() throws {
    let out = try run(
      """
      r = experiment(M, tr, te, [ll], budget: b, optimizer: opt, seeds: 1, baseline: none)
      m = r.run("learning_loss", 0).cycle(2)
      m.save(dir + "/c2.safetensors")
      t = session(M, tr, strategy: ll, budget: b, optimizer: opt, seed: 0, test: te)
      t.load(dir + "/c2.safetensors")
      print((m.predict(te).probs - t.predict(te).probs).abs().max().item())

      """)
    XCTAssertEqual(out, "0.0\n")
  }

  func testAModelSavesItsWeightsAsBuiltWithLLALNames() throws {
    _ = try run("M.save(dir + \"/net.safetensors\")\n")
    let file = try SafeTensors.read(from: folder + "/net.safetensors")
    XCTAssertEqual(
      file.tensors.map(\.name).sorted(),
      ["linear_1.bias", "linear_1.weight", "linear_2.bias", "linear_2.weight"])
  }

  func testSavingBeforeAStepIsRefused() {
    XCTAssertEqual(
      failure(
        """
        s = session(M, tr, strategy: ll, budget: b, optimizer: opt)
        s.save(dir + "/m.safetensors")

        """),
      "2:1: save: no trained model yet: run a step first")
  }

  func testSavingIntoAMissingFolderIsAnIOErrorAtThePath() {
    XCTAssertEqual(
      failure(
        """
        s = session(M, tr, strategy: ll, budget: b, optimizer: opt)
        a = s.step()
        s.save("/nonexistent-llal-folder/m.safetensors")

        """),
      "3:8: argument 'path' of 'save' could not be written to "
        + "/nonexistent-llal-folder/m.safetensors: cannot write: no such directory "
        + "'/nonexistent-llal-folder' (I/O)")
  }

  func testLoadingAMissingFileIsAnIOErrorAtThePath() {
    XCTAssertEqual(
      failure(
        """
        s = session(M, tr, strategy: ll, budget: b, optimizer: opt)
        s.load(dir + "/none.safetensors")

        """),
      "2:8: argument 'path' of 'load' could not be loaded from \(folder)/none.safetensors: "
        + "cannot read: no such file (I/O)")
  }

  func testLoadingAnotherModelNamesTheTensorsThatDiffer() {
    XCTAssertEqual(
      failure(
        """
        model N(x: [2]) {
          h = x |> linear(8) |> relu() |> linear(8) |> relu()
          return h |> linear(2)
        }
        N.save(dir + "/n.safetensors")
        s = session(M, tr, strategy: entropy(), budget: b, optimizer: opt)
        s.load(dir + "/n.safetensors")

        """),
      "7:8: argument 'path' of 'load' could not be loaded from \(folder)/n.safetensors: "
        + "does not match model 'M': unexpected 'linear_3.weight', 'linear_3.bias'")
  }

  func testLoadingOtherShapesNamesTheTensor() {
    XCTAssertEqual(
      failure(
        """
        model W(x: [2]) {
          h = x |> linear(16) |> relu()
          return h |> linear(2)
        }
        W.save(dir + "/w.safetensors")
        s = session(M, tr, strategy: entropy(), budget: b, optimizer: opt)
        s.load(dir + "/w.safetensors")

        """),
      "7:8: argument 'path' of 'load' could not be loaded from \(folder)/w.safetensors: "
        + "tensor 'linear_1.weight' has shape [16, 2] in the file but [8, 2] in model 'M'")
  }

  func testLoadingACorruptFileNamesWhatIsWrong() throws {
    // A header length that points past the end of the file; a header that is no object.
    let truncated = Data([200, 0, 0, 0, 0, 0, 0, 0]) + Data("{\"h.weight\":".utf8)
    try truncated.write(to: URL(fileURLWithPath: folder + "/short.safetensors"))
    let foreign = Data([4, 0, 0, 0, 0, 0, 0, 0]) + Data("abcd".utf8)
    try foreign.write(to: URL(fileURLWithPath: folder + "/foreign.safetensors"))
    for (name, reason) in [
      ("short", "truncated: the header needs 200 bytes but only 12 follow"),
      ("foreign", "not a safetensors file (the header is not a JSON object)"),
    ] {
      XCTAssertEqual(
        failure(
          """
          s = session(M, tr, strategy: entropy(), budget: b, optimizer: opt)
          s.load(dir + "/\(name).safetensors")

          """),
        "2:8: argument 'path' of 'load' could not be loaded from "
          + "\(folder)/\(name).safetensors: \(reason)")
    }
  }
}
