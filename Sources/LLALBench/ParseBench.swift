import LLALDomain
import LLALLanguage

/// `llal bench parse`: parsing and checking a generated 10,000-line `.llal` script (the
/// target is under 100 ms in a release build). Prints one JSON line per case: parse
/// alone, check alone (of the parsed program), and both.
public enum ParseBench {
  /// The line count of the generated script.
  public static let lines = 10_000

  /// Measures the three cases and emits their lines; `quick` uses 1,000 lines.
  public static func run(_ options: BenchOptions, emit: (JSONLine) -> Void) throws {
    let count = options.quick ? 1_000 : lines
    let text = script(lines: count)
    let file = SourceFile(name: "bench.llal", text: text)
    let context = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self]).checkContext(interactive: false)
    // The script must be valid, or the timings measure error recovery instead.
    guard let program = Parser.parse(file).program else {
      throw LanguageError(Parser.parse(file).diagnostics)
    }
    let problems = Checker(context: context).check([program])
    if !problems.isEmpty { throw LanguageError(problems) }

    func measure(_ name: String, _ body: () throws -> Void) rethrows {
      let times = try Timing.measure(reps: options.reps, minRepTime: options.minRepTime, body)
      var line = JSONLine()
      line["bench"] = .string("parse")
      line["case"] = .string(name)
      line["lines"] = .int(count)
      line["bytes"] = .int(file.bytes.count)
      for (key, value) in Timing.summary(times).fields { line[key] = value }
      line["target_ms"] = .double(100)
      emit(line)
    }
    measure("parse") { _ = Parser.parse(file) }
    measure("check") { _ = Checker(context: context).check([program]) }
    measure("parse_check") {
      if let p = Parser.parse(file).program { _ = Checker(context: context).check([p]) }
    }
  }

  /// A valid script of exactly `lines` lines exercising most of the grammar: function
  /// definitions with block bodies, records, loops, lambdas, pipelines, tensors, grad.
  public static func script(lines: Int) -> String {
    var out: [String] = [
      "x_data = tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])",
      "y_data = tensor([[1.0], [2.0]])",
      "w0 = randn([3, 1], seed: 1)",
      "flag = false",
      "acc = 0",
    ]
    var i = 0
    while true {
      let block = [
        "# block \(i)",
        "fn loss_\(i)(w, scale: \(i % 7 + 1)) {",
        "  err = (x_data @ w - y_data) ** 2",
        "  total = err.mean() * scale",
        "  if total > \(i).5 and not flag {",
        "    return total |> clamp(min: 0, max: 10)",
        "  } else {",
        "    return total",
        "  }",
        "}",
        "params_\(i) = {lr: 0.\(i % 9 + 1), epochs: \(i % 50), sizes: [1, 2, \(i)]}",
        "for k in 0..<\(i % 10 + 1) {",
        "  acc = acc + k * params_\(i).epochs",
        "}",
        "scores_\(i) = map([1, 2, 3], fn (p) => 1 - p / \(i + 1))",
        "g_\(i) = grad(loss_\(i), w0)",
        "text_\(i) = \"cell \(i): \" + str(acc)",
        "a_\(i), b_\(i) = [acc, -acc]",
        "while acc > 1000000 { acc = acc / 2 }",
      ]
      if out.count + block.count > lines { break }
      out += block
      i += 1
    }
    var pad = 0
    while out.count < lines {
      out.append("pad_\(pad) = x_data[\(pad % 2), :].sum(axis: 0)")
      pad += 1
    }
    return out.joined(separator: "\n") + "\n"
  }
}
