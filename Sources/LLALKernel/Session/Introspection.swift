import LLALJSON
import LLALLanguage
import LLALNotebook

/// `complete_request`, `inspect_request` and `is_complete_request`. Cursor positions in
/// the protocol count Unicode code points (scalars) from the start of the cell.
extension KernelSession {
  /// The completions at the cursor, from the REPL's engine (`CodeCompletion`): names,
  /// keywords, members after `.`, `Model.` nodes, file paths inside a string.
  func complete(_ content: JSON) -> JSON {
    let code = Array((content["code"]?.string ?? "").unicodeScalars)
    let cursor = max(0, min(content["cursor_pos"]?.int ?? code.count, code.count))
    let lineStart = code[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0
    let line = String(String.UnicodeScalarView(code[lineStart..<cursor]))
    let result = CodeCompletion(interpreter: interpreter).complete(line)
    // The engine answers in UTF-8 bytes of the line; the protocol wants code points.
    let startInLine = String(decoding: Array(line.utf8)[..<result.start], as: UTF8.self)
      .unicodeScalars.count
    return [
      "status": "ok", "matches": .array(result.candidates.map { .string($0) }),
      "cursor_start": .int(lineStart + startInLine), "cursor_end": .int(cursor),
      "metadata": [:],
    ]
  }

  /// What the name at the cursor is: a built-in's signature and docs from the registry,
  /// a method's (`t.sum`, `model.summary`), or a variable's type and value.
  func inspect(_ content: JSON) -> JSON {
    let code = Array((content["code"]?.string ?? "").unicodeScalars)
    let cursor = max(0, min(content["cursor_pos"]?.int ?? code.count, code.count))
    let chain = Self.nameChain(in: code, at: cursor)
    guard let text = chain.flatMap(describe) else {
      return ["status": "ok", "found": false, "data": [:], "metadata": [:]]
    }
    return ["status": "ok", "found": true, "data": ["text/plain": .string(text)], "metadata": [:]]
  }

  /// The dotted name around `cursor` (`["model", "summary"]` for `model.summ|ary`).
  static func nameChain(in code: [Unicode.Scalar], at cursor: Int) -> [String]? {
    func isNameScalar(_ s: Unicode.Scalar) -> Bool {
      s.isASCII && CodeCompletion.isIdentifierByte(UInt8(s.value))
    }
    var start = cursor
    while start > 0, isNameScalar(code[start - 1]) || code[start - 1] == "." { start -= 1 }
    var end = cursor
    while end < code.count, isNameScalar(code[end]) { end += 1 }
    // The cursor just after a call's "(" inspects the function called.
    if start == end, cursor > 0, code[cursor - 1] == "(" {
      return nameChain(in: code, at: cursor - 1)
    }
    let text = String(String.UnicodeScalarView(code[start..<end]))
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && !($0.first?.isNumber ?? true) })
    else { return nil }
    return parts
  }

  /// The help text for a name chain, or nil when it names nothing known.
  func describe(_ chain: [String]) -> String? {
    let completion = CodeCompletion(interpreter: interpreter)
    let registry = interpreter.registry
    guard let last = chain.last else { return nil }
    if chain.count == 1, interpreter.globals[last] == nil, let help = registry.help(last) {
      return help
    }
    if let value = completion.value(ofChain: chain) {
      if case .function(let f) = value {
        switch f.kind {
        case .builtin(let b), .method(let b, _): return b.helpText
        case .closure: break
        }
      }
      let shown = Rendering(of: value, interpreter: interpreter, options: displayOptions).text
      return "\(chain.joined(separator: ".")): \(ValueFormatter.summary(value))\n\(shown)\n"
    }
    // A method or property of a built-in kind: `t.sum` is `tensor.sum`.
    guard chain.count > 1, let receiver = completion.value(ofChain: Array(chain.dropLast()))
    else { return nil }
    return registry.help("\(receiver.kind.rawValue).\(last)")
  }

  /// Whether the code is ready to run: `complete`, `incomplete` with the indent for the
  /// next line (two spaces per open bracket or brace), or `invalid`, from the parser's
  /// own signal (the REPL's continuation prompt).
  func isComplete(_ content: JSON) -> JSON {
    let code = content["code"]?.string ?? ""
    switch Parser.parse(SourceFile(name: "<input>", text: code)) {
    case .program: return ["status": "complete"]
    case .failure: return ["status": "invalid"]
    case .incomplete:
      let depth = Self.openBrackets(in: code)
      return ["status": "incomplete", "indent": .string(String(repeating: "  ", count: depth))]
    }
  }

  /// How many brackets, parentheses and braces are open at the end of `code` (outside
  /// strings and comments).
  static func openBrackets(in code: String) -> Int {
    var depth = 0
    var inString = false
    var escaped = false
    var inComment = false
    for c in code.unicodeScalars {
      if inComment {
        if c == "\n" { inComment = false }
      } else if inString {
        if escaped {
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == "\"" {
          inString = false
        }
      } else {
        switch c {
        case "\"": inString = true
        case "#": inComment = true
        case "(", "[", "{": depth += 1
        case ")", "]", "}": depth = max(0, depth - 1)
        default: break
        }
      }
    }
    return depth
  }
}
