import LLALTensor

/// The arguments of one call of a built-in, bound to its parameters with defaults
/// filled in and types checked. The typed accessors convert (a number to a scalar
/// tensor, an int to a one-axis shape) and report problems naming the parameter, at the
/// argument's position.
public struct Arguments {
  /// The interpreter running the call: for output, calling functions, limits.
  public let interpreter: Interpreter
  /// The signature the arguments were bound to.
  public let signature: Signature
  /// The receiver of a method call (`t` in `t.sum()`).
  public let receiver: Value?
  /// Per parameter: its value (a variadic parameter holds a list).
  let values: [Value]
  /// Per parameter: where the argument is written, nil for a default.
  public let ranges: [SourceRange?]
  /// Per parameter: how the argument is written (labelled, piped), nil for a default.
  let forms: [ArgumentForm?]
  /// The call expression.
  public let callRange: SourceRange
  /// The callee as written (`conv` in `x |> conv(16, 3)`): where errors about the call
  /// itself point, rather than at the piped value.
  public let calleeRange: SourceRange

  /// The value bound to parameter `name`.
  public subscript(_ name: String) -> Value { values[index(name)] }

  /// The value bound to the parameter at `i`.
  public subscript(_ i: Int) -> Value { values[i] }

  private func index(_ name: String) -> Int {
    // A built-in asking for a parameter it did not declare is a programming error.
    guard let i = signature.parameters.firstIndex(where: { $0.name == name }) else {
      preconditionFailure("\(signature.calleeText) has no parameter '\(name)'")
    }
    return i
  }

  /// Where the argument for `name` is written (the call, for a default).
  public func range(_ name: String) -> SourceRange { ranges[index(name)] ?? callRange }

  /// An error about argument `name`: "argument 'x' of 'exp' \(detail)", at the argument.
  public func error(_ name: String, _ detail: String) -> RuntimeError {
    RuntimeError(
      "argument '\(name)' of '\(signature.name ?? "fn")' \(detail)", range: range(name))
  }

  /// Whether the argument is `none` (absent with a `none` default).
  public func isNone(_ name: String) -> Bool {
    if case .none = self[name] { return true }
    return false
  }

  /// A tensor; a number becomes a scalar tensor.
  public func tensor(_ name: String) throws -> Tensor {
    switch self[name] {
    case .tensor(let t): return t
    case .int(let i): return .scalar(Float(i))
    case .float(let d): return .scalar(Float(d))
    case let v: throw error(name, "must be a tensor or number, found \(v.typeName)")
    }
  }

  /// A tensor, or nil for `none`.
  public func optionalTensor(_ name: String) throws -> Tensor? {
    isNone(name) ? nil : try tensor(name)
  }

  /// An int.
  public func int(_ name: String) throws -> Int {
    if case .int(let i) = self[name] { return i }
    throw error(name, "must be an int, found \(self[name].typeName)")
  }

  /// An int, or nil for `none`.
  public func optionalInt(_ name: String) throws -> Int? { isNone(name) ? nil : try int(name) }

  /// A number as a Double.
  public func double(_ name: String) throws -> Double {
    if let d = self[name].asDouble { return d }
    throw error(name, "must be a number, found \(self[name].typeName)")
  }

  /// A number as a Float32, as tensor operations take it.
  public func float(_ name: String) throws -> Float { Float(try double(name)) }

  /// A number, or nil for `none`.
  public func optionalFloat(_ name: String) throws -> Float? {
    isNone(name) ? nil : try float(name)
  }

  /// A bool.
  public func bool(_ name: String) throws -> Bool {
    if case .bool(let b) = self[name] { return b }
    throw error(name, "must be a bool, found \(self[name].typeName)")
  }

  /// A string.
  public func string(_ name: String) throws -> String {
    if case .string(let s) = self[name] { return s }
    throw error(name, "must be a string, found \(self[name].typeName)")
  }

  /// A list.
  public func list(_ name: String) throws -> [Value] {
    if case .list(let xs) = self[name] { return xs }
    throw error(name, "must be a list, found \(self[name].typeName)")
  }

  /// The values collected by a variadic parameter.
  public func variadic(_ name: String) -> [Value] {
    if case .list(let xs) = self[name] { return xs }
    return []
  }

  /// A list of ints (or one int).
  public func ints(_ name: String) throws -> [Int] {
    switch self[name] {
    case .int(let i): return [i]
    case .list(let xs):
      return try xs.map {
        guard case .int(let i) = $0 else {
          throw error(name, "must be a list of ints, found a list containing \($0.typeName)")
        }
        return i
      }
    case let v: throw error(name, "must be a list of ints, found \(v.typeName)")
    }
  }

  /// A shape: a list of non-negative ints (or one int), whose element count is within
  /// the interpreter's tensor size limit.
  public func shape(_ name: String) throws -> [Int] {
    let dims = try ints(name)
    if let bad = dims.first(where: { $0 < 0 }) {
      throw error(name, "must not have a negative dimension, found \(bad)")
    }
    try interpreter.limits.checkTensorSize(dims, range: range(name))
    return dims
  }

  /// Axes: nil for `none` (all axes), else a list of ints (or one int).
  public func axes(_ name: String) throws -> [Int]? { isNone(name) ? nil : try ints(name) }

  /// A host object of type `T`.
  public func host<T: HostObject>(_ name: String, as type: T.Type) throws -> T {
    if case .host(let h) = self[name], let t = h as? T { return t }
    throw error(
      name,
      "must be \(signature.parameters[index(name)].type.description), "
        + "found \(self[name].typeName)")
  }
}

extension Arguments {
  /// An enumerated string option, declared with `ParamType.choice(T.self)`: the case of
  /// `T` whose raw value the argument is; any other string is an error listing them.
  public func choice<T: CaseIterable & RawRepresentable>(_ name: String, of type: T.Type) throws
    -> T
  where T.RawValue == String {
    try choice(name, self[name], of: type)
  }

  /// An enumerated string option that may also be a list (`ParamType.choice(T.self)
  /// .orList(...)`): one case of `T`, or one per item of the list.
  public func choices<T: CaseIterable & RawRepresentable>(_ name: String, of type: T.Type)
    throws -> [T]
  where T.RawValue == String {
    guard case .list(let items) = self[name] else {
      return [try choice(name, self[name], of: T.self)]
    }
    return try items.map { try choice(name, $0, of: T.self, inList: true) }
  }

  private func choice<T: CaseIterable & RawRepresentable>(
    _ name: String, _ value: Value, of type: T.Type, inList: Bool = false
  ) throws -> T where T.RawValue == String {
    let allowed = ParamType.listing(T.allCases.map(\.rawValue))
    guard case .string(let text) = value else {
      throw error(name, "must \(inList ? "hold" : "be") \(allowed), found \(value.typeName)")
    }
    guard let chosen = T(rawValue: text) else {
      throw error(name, "must \(inList ? "hold" : "be") \(allowed), found \"\(text)\"")
    }
    return chosen
  }

  /// Runs `build`, which makes a library value from these arguments. A library type owns
  /// its rules and names the field that broke one (`FieldError`); `fields` maps that
  /// field (`"LabelBudget.step"`), or its whole type (`"LabelBudget"`), to the parameter
  /// that supplied it, so the error reads "argument 'step' of 'budget' must be ..." and
  /// points at that argument. A value supplied by a field of a record argument is mapped
  /// as `"augment.pad"` ("argument 'augment' of 'sgd' field 'pad' must ..."). A field the
  /// table leaves out is reported at the call.
  ///
  /// ```swift
  /// try args.building(blaming: ["LabelBudget.step": "step"]) {
  ///   try LabelBudget(initial: 10, step: try args.int("step"), cycles: 3)
  /// }
  /// ```
  public func building<T>(blaming fields: [String: String], _ build: () throws -> T) throws -> T {
    do {
      return try build()
    } catch let refused as FieldError {
      guard let parameter = fields[refused.field] ?? fields[String(refused.typeName)] else {
        throw RuntimeError(refused.description)
      }
      let parts = parameter.split(separator: ".", maxSplits: 1).map(String.init)
      let field = parts.count == 2 ? "field '\(parts[1])' " : ""
      throw error(parts[0], field + refused.reason)
    }
  }
}

extension ParamType {
  /// Whether `value` is acceptable.
  func accepts(_ value: Value) -> Bool {
    if kinds.isEmpty { return true }
    let k = value.kind
    guard kinds.contains(k) else { return false }
    if k == .host, let hostType, case .host(let h) = value { return h.typeName == hostType }
    return true
  }
}
