import Foundation

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
      if args.isNone("sep") {
        return .list(
          s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map { .string(String($0)) })
      }
      let sep = try args.string("sep")
      if sep.isEmpty { throw args.error("sep", "must not be empty") }
      return .list(s.components(separatedBy: sep).map { .string($0) })
    }
    method(
      "replace", [.init("old", .string), .init("new", .string)], returns: "string",
      doc: "The string with every occurrence of old replaced by new."
    ) { s, args in
      let old = try args.string("old")
      if old.isEmpty { throw args.error("old", "must not be empty") }
      return .string(s.components(separatedBy: old).joined(separator: try args.string("new")))
    }
    method(
      "contains", [.init("part", .string)], returns: "bool",
      doc: "Whether part occurs in the string."
    ) { s, args in
      let part = try args.string("part")
      return .bool(part.isEmpty || s.components(separatedBy: part).count > 1)
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
      .string(try args.list("parts").map(ValueFormatter.printText).joined(separator: s))
    }
  }
}
