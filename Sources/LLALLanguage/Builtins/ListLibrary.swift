/// Working with lists: `map`, `filter`, `reduce`, `enumerate`, `zip`, `sorted`, ...
enum ListLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    let xs = Builtin.Parameter("xs", .list)
    let methods: [ValueKind] = [.list]

    registry.register(
      Builtin(
        "map", [xs, .init("f", .function)], returns: "list",
        doc: "A list of f(x) for each element x of xs, in order."
      ) { args in
        let f = args["f"]
        return .list(
          try args.list("xs").map { try args.interpreter.call(f, [$0], at: args.callRange) })
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "filter", [xs, .init("f", .function)], returns: "list",
        doc: "The elements x of xs for which f(x) is true, in order."
      ) { args in
        let f = args["f"]
        return .list(
          try args.list("xs").filter {
            let keep = try args.interpreter.call(f, [$0], at: args.callRange)
            guard case .bool(let b) = keep else {
              throw args.error("f", "must return a bool, returned \(keep.typeName)")
            }
            return b
          })
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "reduce", [xs, .init("f", .function), .init("initial")], returns: "any",
        doc: """
          Combines the elements of xs from the left: f(f(f(initial, x0), x1), ...). \
          reduce([1, 2, 3], fn (a, b) => a + b, 0) is 6.
          """
      ) { args in
        let f = args["f"]
        var acc = args["initial"]
        for x in try args.list("xs") {
          acc = try args.interpreter.call(f, [acc, x], at: args.callRange)
        }
        return acc
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "enumerate", [.init("xs", .sequence)], returns: "list",
        doc: """
          A list of [index, element] pairs, for loops such as `for i, x in enumerate(xs)`.
          """
      ) { args in
        .list(try elements(args, "xs").enumerated().map { .list([.int($0.offset), $0.element]) })
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "zip", [.init("a", .sequence), .init("b", .sequence)], returns: "list",
        doc: "A list of [a_i, b_i] pairs, as long as the shorter of a and b."
      ) { args in
        .list(zip(try elements(args, "a"), try elements(args, "b")).map { .list([$0, $1]) })
      })

    registry.register(
      Builtin(
        "list", [.init("xs", .sequence)], returns: "list",
        doc: """
          The elements of a range, string (its characters), tensor (its slices along the \
          first axis) or list, as a list.
          """
      ) { args in .list(try elements(args, "xs")) })

    registry.register(
      Builtin(
        "sorted", [xs, .init("descending", .bool, default: .bool(false))], returns: "list",
        doc: """
          The elements of xs in ascending order (descending with descending: true). The \
          elements must all be numbers or all be strings; equal elements keep their order. \
          nan counts as larger than every number, as in tensor sort: last in ascending \
          order, first in descending order.
          """
      ) { args in
        let values = try args.list("xs")
        let descending = try args.bool("descending")
        if values.allSatisfy({ $0.asDouble != nil }) {
          // NOTE: `<` is not a strict weak order with NaN, which made the result depend
          // on where the NaN started; ranking NaN above every number makes it one.
          func precedes(_ a: Double, _ b: Double) -> Bool {
            a < b || (b.isNaN && !a.isNaN)
          }
          let sorted = values.enumerated().sorted { l, r in
            let a = l.element.asDouble ?? 0
            let b = r.element.asDouble ?? 0
            if descending ? precedes(b, a) : precedes(a, b) { return true }
            if descending ? precedes(a, b) : precedes(b, a) { return false }
            return l.offset < r.offset
          }
          return .list(sorted.map(\.element))
        }
        let strings = try values.map { v -> String in
          guard case .string(let s) = v else {
            throw args.error("xs", "must hold only numbers or only strings, found \(v.typeName)")
          }
          return s
        }
        let sorted = descending ? strings.sorted(by: >) : strings.sorted()
        return .list(sorted.map { .string($0) })
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "reversed", [xs], returns: "list",
        doc: "The elements of xs in reverse order."
      ) { args in .list(try args.list("xs").reversed()) }, methodsOn: methods)

    registry.register(
      Builtin(
        "contains", [xs, .init("value")], returns: "bool",
        doc: "Whether some element of xs equals value."
      ) { args in
        let v = args["value"]
        return .bool(try args.list("xs").contains { $0.isEqual(to: v) })
      }, methodsOn: methods)

    registry.register(
      Builtin(
        "any", [xs], returns: "bool",
        doc: "Whether some element of a list of bools is true."
      ) { args in .bool(try bools(args).contains(true)) }, methodsOn: methods)

    registry.register(
      Builtin(
        "all", [xs], returns: "bool",
        doc: "Whether every element of a list of bools is true (true for an empty list)."
      ) { args in .bool(try bools(args).allSatisfy { $0 }) }, methodsOn: methods)

    registry.registerProperty(
      Property("count", receiver: "list", doc: "The number of elements.") { value in
        if case .list(let xs) = value { return .int(xs.count) }
        return .int(0)
      }, on: .list)
  }

  /// The elements of a sequence argument: a list, range, string or tensor.
  static func elements(_ args: Arguments, _ name: String) throws -> [Value] {
    let value = args[name]
    var iterator = try args.interpreter.makeIterator(value, args.range(name))
    let count: Int
    switch value {
    case .range(let r): count = r.count
    case .string(let s): count = s.count
    case .tensor(let t): count = t.shape.first ?? 0
    default: count = 0  // a list is already built
    }
    try args.interpreter.limits.checkListLength(count, range: args.range(name))
    var out: [Value] = []
    while let v = try iterator.next() { out.append(v) }
    return out
  }

  private static func bools(_ args: Arguments) throws -> [Bool] {
    try args.list("xs").map {
      guard case .bool(let b) = $0 else {
        throw args.error("xs", "must be a list of bools, found an element of type \($0.typeName)")
      }
      return b
    }
  }
}
