import LLALLanguage
import LLALTensor
import XCTest

/// The helpers every domain built-in uses: a library rule's `FieldError` mapped to the
/// argument that supplied the field, typed choices, and the spelling of a call.
final class ArgumentRulesTests: XCTestCase {
  enum Mode: String, CaseIterable {
    case fast, careful
  }

  /// A value with a spelling, as a model node has (`Net.c2`).
  final class Marker: HostObject {
    var typeName: String { "marker" }
    var description: String { "a marker" }
    var spelling: String? { "M.m" }
  }

  /// `rule(rate:, opts:, mode:)`: a library rule refuses a negative rate (`Thing.rate`), a
  /// rate above 10 (the whole `Thing`), a negative `opts.pad` (`Thing.pad`), a rate of 7
  /// (`Thing.other`, which only the type's entry covers) and a rate of 8 (`Gadget.size`,
  /// which the table leaves out); `spell(...)` returns its spelling.
  private func interpreter() -> Interpreter {
    let registry = BuiltinRegistry.standard()
    registry.register(
      Builtin(
        "rule",
        [
          .init("rate", .number), .init("opts", .record, default: .record(Record([]))),
          .init("mode", .choice(Mode.self), default: .string("fast")),
        ], returns: "string", doc: "Checks its arguments with library rules."
      ) { args in
        let rate = try args.double("rate")
        var pad = 0
        if case .record(let r) = args["opts"], case .int(let p)? = r["pad"] { pad = p }
        let mode = try args.choice("mode", of: Mode.self)
        try args.building(blaming: ["Thing.rate": "rate", "Thing": "rate", "Thing.pad": "opts.pad"])
        {
          if rate < 0 { throw FieldError("Thing.rate", "must not be negative, found \(rate)") }
          if rate > 10 { throw FieldError("Thing", "is too fast at \(rate)") }
          if pad < 0 { throw FieldError("Thing.pad", "must not be negative, found \(pad)") }
          if rate == 7 { throw FieldError("Thing.other", "refuses 7") }
          if rate == 8 { throw FieldError("Gadget.size", "refuses 8") }
        }
        return .string(mode.rawValue)
      })
    registry.register(
      Builtin(
        "spell",
        [
          .init("a"), .init("b", .any, default: .int(0)), .init("c", .any, default: .int(0)),
        ], returns: "string", doc: "Its own call as written."
      ) { args in .string(args.spelling) })
    let interpreter = Interpreter(registry: registry, output: OutputBuffer())
    interpreter.setGlobal("m", .host(Marker()))
    return interpreter
  }

  /// What `source` evaluates to, as `print` writes it.
  private func text(_ source: String, in i: Interpreter? = nil) throws -> String? {
    try (i ?? interpreter()).evaluate(source).map(ValueFormatter.printText)
  }

  /// The first diagnostic of `marked` (a `1️⃣` where it must point), or nil.
  private func refusal(_ marked: String) -> (message: String, atMarker: Bool)? {
    let source = MarkedSource(marked)
    do {
      _ = try interpreter().evaluate(source.text, name: "t")
      return nil
    } catch let error as LanguageError {
      let d = error.diagnostics[0]
      return (d.message, d.location == source.location)
    } catch {
      return (message: "\(error)", atMarker: false)
    }
  }

  func testAFieldIsBlamedOnTheArgumentThatSuppliedIt() {
    let field = refusal("rule(mode: \"careful\", rate: 1️⃣-2)")
    XCTAssertEqual(field?.message, "argument 'rate' of 'rule' must not be negative, found -2.0")
    XCTAssertEqual(field?.atMarker, true)
    let whole = refusal("rule(1️⃣12)")
    XCTAssertEqual(whole?.message, "argument 'rate' of 'rule' is too fast at 12.0")
    XCTAssertEqual(whole?.atMarker, true)
    let recordField = refusal("rule(1, opts: 1️⃣{pad: -1})")
    XCTAssertEqual(
      recordField?.message, "argument 'opts' of 'rule' field 'pad' must not be negative, found -1")
    XCTAssertEqual(recordField?.atMarker, true)
    // The type's entry covers its other fields; a field the table leaves out is
    // reported at the call, under its own name.
    let byType = refusal("rule(1️⃣7)")
    XCTAssertEqual(byType?.message, "argument 'rate' of 'rule' refuses 7")
    XCTAssertEqual(byType?.atMarker, true)
    let unmapped = refusal("x = 1️⃣rule(8)")
    XCTAssertEqual(unmapped?.message, "Gadget.size refuses 8")
    XCTAssertEqual(unmapped?.atMarker, true)
    XCTAssertEqual(try text("rule(1, mode: \"careful\")"), "careful")
  }

  func testAChoiceListsItsValuesFromItsDeclaration() throws {
    let value = refusal("rule(1, mode: 1️⃣\"slow\")")
    XCTAssertEqual(
      value?.message, "argument 'mode' of 'rule' must be \"fast\" or \"careful\", found \"slow\"")
    XCTAssertEqual(value?.atMarker, true)
    let type = refusal("rule(1, mode: 1️⃣3)")
    XCTAssertEqual(
      type?.message, "argument 'mode' of 'rule' must be \"fast\" or \"careful\", found int")
    XCTAssertEqual(type?.atMarker, true)
    let help = try XCTUnwrap(interpreter().registry.help("rule"))
    XCTAssertTrue(
      help.hasPrefix(
        "rule(rate: number, opts: record = {}, mode: \"fast\"|\"careful\" = \"fast\")"),
      help)
    XCTAssertEqual(ParamType.choice(Mode.self).choices, ["fast", "careful"])
  }

  func testASpellingIsTheCallAsWritten() throws {
    let i = interpreter()
    // Defaults left out, labels kept where written, host values by their spelling.
    XCTAssertEqual(try text("spell(1)", in: i), "spell(1)")
    XCTAssertEqual(try text("spell(m, c: [m, \"x\"])", in: i), "spell(M.m, c: [M.m, \"x\"])")
    XCTAssertEqual(try text("spell(a: 0.5, b: 2)", in: i), "spell(a: 0.5, b: 2)")
    // A piped value comes before the call; a function by its name.
    XCTAssertEqual(try text("m |> spell(b: len)", in: i), "M.m |> spell(b: len)")
    XCTAssertEqual(try text("spell(fn (x) => x)", in: i), "spell(fn)")
  }
}
