import XCTest

@testable import LLALLanguage

final class BuiltinRegistryTests: XCTestCase {
  let registry = BuiltinRegistry.standard()

  func testEveryBuiltinHasADocSentenceAndNamedParameters() {
    for (name, builtin) in registry.functions {
      XCTAssertEqual(builtin.name, name)
      XCTAssertTrue(builtin.doc.hasSuffix("."), "\(name)'s doc should be a sentence")
      XCTAssertGreaterThan(builtin.doc.count, 15, "\(name)'s doc is too short")
      XCTAssertEqual(Set(builtin.parameters.map(\.name)).count, builtin.parameters.count)
      XCTAssertNotNil(registry.help(name))
    }
    for kind in [ValueKind.tensor, .list, .string] {
      for member in registry.memberNames(of: kind) {
        XCTAssertNotNil(registry.help("\(kind.rawValue).\(member)"), "\(kind).\(member)")
      }
    }
  }

  func testTheLanguageLevelTensorAPIIsThere() {
    for name in [
      "tensor", "zeros", "ones", "randn", "exp", "log", "softmax", "log_softmax", "sum", "mean",
      "max", "min", "argmax", "cross_entropy", "reshape", "concat", "stack", "grad", "where",
    ] {
      XCTAssertNotNil(registry.functions[name], name)
    }
    for method in ["sum", "softmax", "max", "exp", "reshape", "topk", "item"] {
      XCTAssertNotNil(registry.method(method, on: .tensor), method)
    }
    XCTAssertNotNil(registry.property("shape", on: .tensor))
  }

  func testSignaturesDisplayTypesAndDefaults() {
    XCTAssertEqual(
      registry.functions["randn"]?.signature.displayText, "randn(shape: [int], seed: int) -> tensor"
    )
    XCTAssertEqual(
      registry.method("softmax", on: .tensor)?.helpText,
      "tensor.softmax(axis: int = -1) -> tensor\n  exp(x) normalised to sum to 1 along axis "
        + "(the last by default), computed\n  stably.\n")
    XCTAssertNil(registry.help("no_such_thing"))
    XCTAssertNil(registry.help("tensor.no_such_member"))
  }

  func testBindingErrorsComeFromTheSignature() {
    let signature = Signature(
      name: "conv",
      parameters: [
        .init("width", .int), .init("size", .int), .init("stride", .int, defaultText: "1"),
      ])
    func bind(_ labels: [String?]) -> String? {
      let shapes = labels.enumerated().map { i, label in
        Signature.ArgumentShape(
          label: label, labelRange: label.map { _ in .at(i) }, valueRange: .at(i))
      }
      do {
        _ = try signature.bind(shapes)
        return nil
      } catch let e as Signature.BindingError {
        return e.message
      } catch {
        return "\(error)"
      }
    }
    XCTAssertNil(bind([nil, nil, "stride"]))
    XCTAssertEqual(
      bind([nil, nil, "strid"]), "conv() has no parameter 'strid'; did you mean 'stride'?")
    XCTAssertEqual(
      bind([nil, nil, nil, nil]), "conv() takes at most 3 positional arguments but 4 were given")
    XCTAssertEqual(bind([nil]), "conv() is missing argument 'size'")
    XCTAssertEqual(bind([nil, "width"]), "argument 'width' of conv() is given twice")
  }

  func testClosestNameSuggestsLikelyTypos() {
    XCTAssertEqual(closestName(to: "pirnt", in: ["print", "paint", "zeros"]), "print")
    XCTAssertEqual(closestName(to: "stride", in: ["strides", "side"]), "strides")
    XCTAssertEqual(closestName(to: "softmx", in: ["softmax", "log_softmax"]), "softmax")
    XCTAssertNil(closestName(to: "x", in: ["y"]))
    XCTAssertNil(closestName(to: "zeros", in: ["print"]))
  }
}
