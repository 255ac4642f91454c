// libFuzzer entry point for the .llal front end: lexer, parser, checker, cell splitter
// and diagnostic rendering. Built by scripts/fuzz together with those sources (not by
// SwiftPM); any crash, sanitizer report or failed invariant below is a finding.

/// What the checker knows during fuzzing: a few built-ins with real signatures.
private let context = CheckContext(
  knownNames: ["print", "zeros", "randn", "grad", "map", "tensor", "len", "pi"],
  signatures: [
    "print": Signature(
      name: "print",
      parameters: [
        .init("values", isVariadic: true), .init("sep", .string, defaultText: "\" \""),
        .init("end", .string, defaultText: "\"\\n\""),
      ]),
    "zeros": Signature(name: "zeros", parameters: [.init("shape", .shape)]),
    "randn": Signature(name: "randn", parameters: [.init("shape", .shape), .init("seed", .int)]),
    "map": Signature(name: "map", parameters: [.init("xs", .list), .init("f", .function)]),
    "len": Signature(name: "len", parameters: [.init("x")]),
  ])

/// Every diagnostic points inside its file and renders.
private func validate(_ diagnostics: [Diagnostic], _ file: SourceFile) {
  for d in diagnostics {
    require(
      d.range.start >= 0 && d.range.end <= file.bytes.count, "range \(d.range) outside the file")
    require(!d.message.isEmpty, "empty message")
    _ = DiagnosticRenderer(color: false).render(d)
    _ = DiagnosticRenderer(color: true).render(d)
  }
}

/// libFuzzer's entry point: Parses, checks and splits one input as a .llal script.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let file = SourceFile(name: "fuzz.llal", text: text)
  let result = Parser.parse(file)
  validate(result.diagnostics, file)
  switch result {
  case .program(let program):
    validate(Checker(context: context).check([program]), file)
    validate(
      Checker(
        context: CheckContext(
          knownNames: context.knownNames, signatures: context.signatures,
          allowsUndefinedGlobalsInFunctions: true)
      ).check([program]), file)
  case .incomplete(let d):
    require(d.first?.isAtEndOfInput == true, "incomplete without an end-of-input diagnostic")
  case .failure(let d):
    require(!d.isEmpty, "a failure without diagnostics")
  }
  // Cells parse in place; their programs check together.
  var programs: [Program] = []
  for cell in CellSplitter.split(file) {
    require(
      cell.body.lowerBound <= cell.body.upperBound && cell.body.upperBound <= file.bytes.count,
      "cell range")
    _ = cell.markdown(in: file)
    let parsed = Parser.parse(file, range: cell.body)
    validate(parsed.diagnostics, file)
    if let p = parsed.program { programs.append(p) }
  }
  validate(Checker(context: context).check(programs), file)
  // Positions of every byte map to a line and column.
  if size > 0 {
    let loc = file.location(of: size / 2)
    require(loc.line >= 1 && loc.column >= 1, "location")
  }
  return 0
}
