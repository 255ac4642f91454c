/// Methods of strings: `s.upper()`, `s.split(",")`, `", ".join(xs)`, ...
enum StringLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    func method(
      _ name: String, _ parameters: [Builtin.Parameter], returns: String, doc: String,
      _ body: @escaping (String, Arguments) throws -> Value
    ) {
      registry.registerMethod(
        Builtin(name, parameters, returns: returns, receiver: "string", doc: doc) { args in
          guard case .string(let s) = args.receiver ?? .none else { return .none }
          return try body(s, args)
        }, on: .string)
    }

    method("upper", [], returns: "string", doc: "The string in upper case.") { s, _ in
      .string(s.uppercased())
    }
    method("lower", [], returns: "string", doc: "The string in lower case.") { s, _ in
      .string(s.lowercased())
    }
    method(
      "strip", [], returns: "string",
      doc: "The string without leading and trailing spaces, tabs and line breaks."
    ) { s, _ in .string(s.trimmingSpaces) }
    method(
      "split", [.init("sep", ParamType.string.orNone, default: Value.none)], returns: "list",
      doc: """
        The parts of the string between occurrences of sep, as a list of strings; with no \
        sep, the words between runs of whitespace.
        """
    ) { s, args in
      let limits = args.interpreter.limits
      if args.isNone("sep") {
        let isSpace = { (c: UInt8) in c == 32 || c == 9 || c == 10 || c == 13 }
        var words = 0
        var inWord = false
        for c in s.utf8 {
          if !isSpace(c), !inWord { words += 1 }
          inWord = !isSpace(c)
        }
        try limits.checkListLength(words, range: args.callRange)
        return .list(
          s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map { .string(String($0)) })
      }
      let sep = try args.string("sep")
      if sep.isEmpty { throw args.error("sep", "must not be empty") }
      try limits.checkListLength(
        Substrings.count(of: sep, in: s) + 1, range: args.callRange)
      var parts: [Value] = []
      Substrings.forEachPart(of: s, separatedBy: sep) { parts.append(.string($0)) }
      return .list(parts)
    }
    method(
      "replace", [.init("old", .string), .init("new", .string)], returns: "string",
      doc: "The string with every occurrence of old replaced by new."
    ) { s, args in
      let old = try args.string("old")
      let new = try args.string("new")
      if old.isEmpty { throw args.error("old", "must not be empty") }
      // The result's size, known before it is built: overflow only past any budget.
      let n = Substrings.count(of: old, in: s)
      let (grow, overflow) = n.multipliedReportingOverflow(by: new.utf8.count - old.utf8.count)
      try args.interpreter.limits.checkElements(
        overflow ? Int.max : s.utf8.count + grow, .stringByte, range: args.callRange)
      var out = ""
      var first = true
      Substrings.forEachPart(of: s, separatedBy: old) { part in
        if !first { out += new }
        out += part
        first = false
      }
      return .string(out)
    }
    method(
      "contains", [.init("part", .string)], returns: "bool",
      doc: "Whether part occurs in the string."
    ) { s, args in
      let part = try args.string("part")
      return .bool(part.isEmpty || Substrings.count(of: part, in: s) > 0)
    }
    method(
      "starts_with", [.init("prefix", .string)], returns: "bool",
      doc: "Whether the string begins with prefix."
    ) { s, args in .bool(s.hasPrefix(try args.string("prefix"))) }
    method(
      "ends_with", [.init("suffix", .string)], returns: "bool",
      doc: "Whether the string ends with suffix."
    ) { s, args in .bool(s.hasSuffix(try args.string("suffix"))) }
    method(
      "join", [.init("parts", .list)], returns: "string",
      doc: """
        The elements of parts joined with this string between them; elements that are not \
        strings are written as print would write them. ", ".join(["a", "b"]) is "a, b".
        """
    ) { s, args in
      let parts = try args.list("parts").map(ValueFormatter.printText)
      // Each part and the separator fit the budget, so the sum overflows only past it.
      var (size, overflow) = s.utf8.count.multipliedReportingOverflow(
        by: Swift.max(parts.count - 1, 0))
      for part in parts where !overflow {
        (size, overflow) = size.addingReportingOverflow(part.utf8.count)
      }
      try args.interpreter.limits.checkElements(
        overflow ? Int.max : size, .stringByte, range: args.callRange)
      return .string(parts.joined(separator: s))
    }
  }
}
