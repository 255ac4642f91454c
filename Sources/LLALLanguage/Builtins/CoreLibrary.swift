import LLALTensor

/// `print`, `help`, conversions and checks.
enum CoreLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "print",
        [
          .variadic("values"), .init("sep", .string, default: .string(" ")),
          .init("end", .string, default: .string("\n")),
        ], returns: "none",
        doc: """
          Writes the values separated by sep and followed by end. Strings are written as \
          they are; other values as they display (a tensor shows its shape and values).
          """
      ) { args in
        let text = args.variadic("values").map(ValueFormatter.printText)
          .joined(separator: try args.string("sep"))
        args.interpreter.output.write(text + (try args.string("end")))
        return .none
      })

    registry.register(
      Builtin(
        "help", [.init("topic", .any, default: Value.none)], returns: "none",
        doc: """
          Prints what a built-in does. The topic is a function (help(zeros)), a name in \
          quotes (help("tensor.sum") for a method), or any value, for the members of its \
          type. With no topic, lists every built-in.
          """
      ) { args in
        args.interpreter.output.write(try helpText(args["topic"], args))
        return .none
      })

    registry.register(
      Builtin(
        "len",
        [
          .init(
            "x",
            ParamType(
              [.list, .string, .range, .record, .tensor],
              description: "a list, string, range, record or tensor", shortName: "sequence"))
        ],
        returns: "int",
        doc: """
          The number of elements of a list or range, characters of a string, fields of a \
          record, or entries along the first axis of a tensor.
          """
      ) { args in
        switch args["x"] {
        case .list(let xs): return .int(xs.count)
        case .string(let s): return .int(s.count)
        case .range(let r): return .int(r.count)
        case .record(let r): return .int(r.fields.count)
        case .tensor(let t):
          guard let first = t.shape.first else {
            throw args.error("x", "is a scalar tensor, which has no length")
          }
          return .int(first)
        default: return .int(0)
        }
      })

    registry.register(
      Builtin(
        "str", [.init("x")], returns: "string",
        doc: "The text print would write for x."
      ) { args in
        .string(ValueFormatter.printText(args["x"]))
      })

    registry.register(
      Builtin(
        "int",
        [
          .init(
            "x",
            ParamType(
              [.int, .float, .bool, .string, .tensor],
              description: "a number, bool, string or one-element tensor", shortName: "number"))
        ],
        returns: "int",
        doc: """
          Converts to an int: a float is truncated toward zero, a string is parsed, a bool \
          gives 0 or 1, a one-element tensor gives its value truncated.
          """
      ) { args in
        func fromDouble(_ d: Double) throws -> Value {
          guard d.isFinite, d > -9.2e18, d < 9.2e18 else {
            throw args.error("x", "cannot be converted to an int: \(ValueFormatter.number(d))")
          }
          return .int(Int(d))
        }
        switch args["x"] {
        case .int(let i): return .int(i)
        case .float(let d): return try fromDouble(d)
        case .bool(let b): return .int(b ? 1 : 0)
        case .string(let s):
          if let i = Int(s.trimmingSpaces) { return .int(i) }
          throw args.error("x", "is not an integer: \(ValueFormatter.quoted(s))")
        case .tensor(let t):
          guard let v = t.item else {
            throw args.error("x", "must have one element, found shape \(shapeText(t.shape))")
          }
          return try fromDouble(Double(v))
        default: return .none
        }
      })

    registry.register(
      Builtin(
        "float",
        [
          .init(
            "x",
            ParamType(
              [.int, .float, .bool, .string, .tensor],
              description: "a number, bool, string or one-element tensor", shortName: "number"))
        ],
        returns: "float",
        doc: """
          Converts to a float: numbers, bools (0.0 or 1.0), strings such as "2.5" or \
          "nan", and one-element tensors.
          """
      ) { args in
        switch args["x"] {
        case .int(let i): return .float(Double(i))
        case .float(let d): return .float(d)
        case .bool(let b): return .float(b ? 1 : 0)
        case .string(let s):
          if let d = Double(s.trimmingSpaces) { return .float(d) }
          throw args.error("x", "is not a number: \(ValueFormatter.quoted(s))")
        case .tensor(let t):
          guard let v = t.item else {
            throw args.error("x", "must have one element, found shape \(shapeText(t.shape))")
          }
          return .float32(v)
        default: return .none
        }
      })

    registry.register(
      Builtin(
        "type", [.init("x")], returns: "string",
        doc: """
          The name of x's type: "int", "float", "string", "bool", "none", "list", \
          "record", "range", "function", "tensor", or a domain type such as "model".
          """
      ) { args in .string(args["x"].typeName) })

    registry.register(
      Builtin(
        "assert",
        [
          .init("condition", .bool),
          .init("message", .string, default: .string("assertion failed")),
        ], returns: "none",
        doc: "Stops with an error showing message when condition is false."
      ) { args in
        if try args.bool("condition") { return .none }
        throw RuntimeError(try args.string("message"))
      })

    registry.register(
      Builtin(
        "error", [.init("message", .string)], returns: "none",
        doc: "Stops with an error showing message, at the call."
      ) { args in throw RuntimeError(try args.string("message")) })

    registry.register(
      Builtin(
        "keys", [.init("r", .record)], returns: "list",
        doc: "The field names of a record, in order, as a list of strings."
      ) { args in
        guard case .record(let r) = args["r"] else { return .list([]) }
        return .list(r.names.map { .string($0) })
      })

    registry.register(
      Builtin(
        "range",
        [
          .init("start", .int), .init("end", ParamType.int.orNone, default: Value.none),
          .init("step", .int, default: .int(1)),
        ], returns: "list",
        doc: """
          A list of ints from start up to (not including) end, counting by step; \
          range(n) counts from 0 to n - 1. For loops, 0..<n does the same without \
          building a list.
          """
      ) { args in
        var start = try args.int("start")
        var end: Int
        if let e = try args.optionalInt("end") {
          end = e
        } else {
          end = start
          start = 0
        }
        let step = try args.int("step")
        if step == 0 { throw args.error("step", "must not be zero") }
        let (span, overflow) =
          step > 0
          ? end.subtractingReportingOverflow(start) : start.subtractingReportingOverflow(end)
        if overflow { throw RuntimeError("range(): the list would be too long") }
        let count = span <= 0 ? 0 : Int((UInt(span) - 1) / step.magnitude + 1)
        try args.interpreter.limits.checkListLength(count, range: args.callRange)
        return .list((0..<count).map { .int(start + $0 * step) })
      })

    registry.registerConstant(
      "pi", .float(Double.pi), doc: "The ratio of a circle's circumference to its diameter.")
    registry.registerConstant("inf", .float(.infinity), doc: "Positive infinity, as a float.")
    registry.registerConstant("nan", .float(.nan), doc: "Not a number, as a float.")
  }

  /// The text `help(topic)` prints.
  static func helpText(_ topic: Value, _ args: Arguments) throws -> String {
    let registry = args.interpreter.registry
    switch topic {
    case .none:
      return "Built-ins (help(name) for details):\n" + registry.overview()
    case .string(let name):
      if let text = registry.help(name) { return text }
      var message = "no built-in named '\(name)'"
      if let guess = closestName(to: name, in: registry.names) {
        message += "; did you mean '\(guess)'?"
      }
      throw RuntimeError(message, range: args.range("topic"))
    case .function(let f):
      switch f.kind {
      case .builtin(let b), .method(let b, _): return b.helpText
      case .closure(let decl, _):
        let loc = decl.file.location(of: decl.range.start)
        return "\(decl.signature.displayText)\n  defined at \(decl.file.name):\(loc)\n"
      }
    case .host(let h):
      return "\(h.typeName)\n  members: \(h.memberNames.sorted().joined(separator: ", "))\n"
    default:
      let members = registry.memberNames(of: topic.kind)
      var text = "\(topic.typeName)\n"
      if !members.isEmpty {
        text += wrap("members: " + members.joined(separator: ", "), width: 78, indent: "  ") + "\n"
      }
      return text
    }
  }
}
