/// The parameters of something callable — a built-in, a method or a user `fn` — and the
/// one binding rule for calls: positional arguments fill parameters in order, then
/// labelled arguments fill parameters by name.
///
/// The checker binds argument *shapes* (labels and positions) before a program runs;
/// the interpreter binds values with the same code, so both report the same message
/// (`conv() has no parameter 'strid'; did you mean 'stride'?`).
public struct Signature: Sendable {
  /// One parameter.
  public struct Parameter: Sendable {
    /// The name, also its label.
    public let name: String
    /// What it accepts.
    public let type: ParamType
    /// The default as written (`"1"`, `"none"`), or nil when the argument is required.
    public let defaultText: String?
    /// Whether it collects all remaining positional arguments (`print(values...)`).
    public let isVariadic: Bool

    /// A parameter; it is optional when it has `defaultText`.
    public init(
      _ name: String, _ type: ParamType = .any, defaultText: String? = nil,
      isVariadic: Bool = false
    ) {
      self.name = name
      self.type = type
      self.defaultText = defaultText
      self.isVariadic = isVariadic
    }

    /// Whether a call must supply it.
    public var isRequired: Bool { defaultText == nil && !isVariadic }
  }

  /// The callee's name (nil for an anonymous function).
  public let name: String?
  /// The parameters in order.
  public let parameters: [Parameter]
  /// What it returns, as signatures show it (`tensor`), if declared.
  public let returns: String?

  /// A signature for `name`.
  public init(name: String?, parameters: [Parameter], returns: String? = nil) {
    self.name = name
    self.parameters = parameters
    self.returns = returns
  }

  /// How messages name the callee: `zeros()`, or `the anonymous function`.
  public var calleeText: String { name.map { "\($0)()" } ?? "the anonymous function" }

  /// `zeros(shape: [int]) -> tensor`, as `help` prints it.
  public var displayText: String {
    let params = parameters.map { p -> String in
      var s = p.isVariadic ? "\(p.name)..." : p.name
      if p.type != .any { s += ": \(p.type.shortName)" }
      if let d = p.defaultText { s += " = \(d)" }
      return s
    }
    var text = "\(name ?? "fn")(\(params.joined(separator: ", ")))"
    if let returns { text += " -> \(returns)" }
    return text
  }

  /// How a call's arguments look, without their values.
  public struct ArgumentShape: Sendable {
    /// The label, if labelled.
    public var label: String?
    /// Where the label is written.
    public var labelRange: SourceRange?
    /// Where the value is written.
    public var valueRange: SourceRange
    /// Whether it is the piped value of `x |> f(...)`.
    public var isPiped: Bool

    /// An argument shape.
    public init(
      label: String?, labelRange: SourceRange?, valueRange: SourceRange, isPiped: Bool = false
    ) {
      self.label = label
      self.labelRange = labelRange
      self.valueRange = valueRange
      self.isPiped = isPiped
    }
  }

  /// A call that does not fit the signature. `range` is the argument at fault, or nil
  /// for the call as a whole (a missing argument).
  public struct BindingError: Error, Sendable {
    /// The message.
    public let message: String
    /// The argument it points at, or nil for the call.
    public let range: SourceRange?
  }

  /// Matches arguments to parameters: for each parameter, the indices of the arguments
  /// bound to it (empty: use the default; several only for a variadic parameter).
  public func bind(_ arguments: [ArgumentShape]) throws -> [[Int]] {
    var bound = [[Int]](repeating: [], count: parameters.count)
    var nextParameter = 0
    var sawLabel = false
    let piped = arguments.contains { $0.isPiped }
    for (i, argument) in arguments.enumerated() {
      if let label = argument.label {
        sawLabel = true
        guard let p = parameters.firstIndex(where: { $0.name == label }) else {
          var message = "\(calleeText) has no parameter '\(label)'"
          if let guess = closestName(to: label, in: parameters.map(\.name)) {
            message += "; did you mean '\(guess)'?"
          }
          throw BindingError(message: message, range: argument.labelRange)
        }
        if parameters[p].isVariadic {
          throw BindingError(
            message: "'\(label)' of \(calleeText) takes positional arguments, not a label",
            range: argument.labelRange)
        }
        if !bound[p].isEmpty {
          throw BindingError(
            message: "argument '\(label)' of \(calleeText) is given twice",
            range: argument.labelRange)
        }
        bound[p] = [i]
        continue
      }
      if sawLabel {
        throw BindingError(
          message: "positional argument after a labelled one in a call to \(calleeText)",
          range: argument.valueRange)
      }
      guard nextParameter < parameters.count else {
        throw BindingError(message: tooMany(arguments, piped: piped), range: argument.valueRange)
      }
      bound[nextParameter].append(i)
      if !parameters[nextParameter].isVariadic { nextParameter += 1 }
    }
    for (p, parameter) in parameters.enumerated() where parameter.isRequired && bound[p].isEmpty {
      var message = "\(calleeText) is missing argument '\(parameter.name)'"
      // A layer called outside a pipeline: its first value went to the node parameter.
      if !piped, p > 0, let first = parameters.first, first.type.hostType == "node",
        !bound[0].isEmpty
      {
        message +=
          "; a layer takes the node first: pipe it in, as in 'x |> \(name ?? "layer")(...)'"
      }
      throw BindingError(message: message, range: nil)
    }
    return bound
  }

  private func tooMany(_ arguments: [ArgumentShape], piped: Bool) -> String {
    let positional = arguments.filter { $0.label == nil }.count
    let most = parameters.count
    let required = parameters.filter(\.isRequired).count
    let takes = most == required ? "takes" : "takes at most"
    let noun = most == 1 ? "argument" : "arguments"
    let given = positional == 1 ? "was given" : "were given"
    let pipedNote = piped ? " (counting the piped value)" : ""
    return
      "\(calleeText) \(takes) \(most) positional \(noun) but \(positional) \(given)\(pipedNote)"
  }
}
