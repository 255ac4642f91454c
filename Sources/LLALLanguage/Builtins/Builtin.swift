/// A built-in function or method, declared with its signature and a one-paragraph doc
/// in one place (Janet's `JANET_CORE_FN` style): `help`, completion and argument errors
/// all come from this declaration.
///
/// ```swift
/// Builtin("zeros", [.init("shape", .shape)], returns: "tensor",
///         doc: "A tensor of the given shape filled with zeros.") { args in
///   .tensor(try Tensor.zeros(try args.shape("shape")))
/// }
/// ```
public final class Builtin {
  /// One parameter: name, accepted type, default.
  public struct Parameter {
    /// The name, also its label.
    public let name: String
    /// What it accepts; checked before the body runs.
    public let type: ParamType
    /// The default value; nil when the argument is required.
    public let defaultValue: Value?
    /// Whether it collects the remaining positional arguments (as a list).
    public let isVariadic: Bool

    /// A parameter, optional when it has a default.
    public init(_ name: String, _ type: ParamType = .any, default defaultValue: Value? = nil) {
      self.name = name
      self.type = type
      self.defaultValue = defaultValue
      self.isVariadic = false
    }

    private init(variadic name: String, _ type: ParamType) {
      self.name = name
      self.type = type
      self.defaultValue = nil
      self.isVariadic = true
    }

    /// A parameter collecting all remaining positional arguments, each of `type`.
    public static func variadic(_ name: String, _ type: ParamType = .any) -> Parameter {
      Parameter(variadic: name, type)
    }
  }

  /// The name it is called by (`zeros`, or `sum` for the tensor method).
  public let name: String
  /// For `help`: `zeros`, or `tensor.sum` for a method.
  public let qualifiedName: String
  /// The parameters (for a method, not counting the receiver).
  public let parameters: [Parameter]
  /// The signature, for binding and display.
  public let signature: Signature
  /// One paragraph saying what it does.
  public let doc: String
  /// The implementation.
  public let body: (Arguments) throws -> Value

  /// A built-in called `name`. For a method, `receiver` names the receiver's type
  /// (`tensor`), which `help` shows as `tensor.sum`.
  public init(
    _ name: String, _ parameters: [Parameter], returns: String? = nil, receiver: String? = nil,
    doc: String, _ body: @escaping (Arguments) throws -> Value
  ) {
    self.name = name
    self.qualifiedName = receiver.map { "\($0).\(name)" } ?? name
    self.parameters = parameters
    self.doc = doc
    self.body = body
    self.signature = Signature(
      name: name,
      parameters: parameters.map {
        Signature.Parameter(
          $0.name, $0.type, defaultText: $0.defaultValue.map { ValueFormatter.repr($0) },
          isVariadic: $0.isVariadic)
      }, returns: returns)
  }

  /// The text `help(name)` prints: the signature, then the doc.
  public var helpText: String {
    var display = signature.displayText
    if qualifiedName != name { display = qualifiedName.dropLast(name.count) + display }
    return display + "\n" + wrap(doc, width: 78, indent: "  ") + "\n"
  }
}

/// A read-only member of a built-in type, such as `t.shape`.
public struct Property {
  /// The member name.
  public let name: String
  /// For `help`: `tensor.shape`.
  public let qualifiedName: String
  /// One paragraph saying what it is.
  public let doc: String
  let get: (Value) throws -> Value

  /// A property `name` of values of type `receiver`.
  public init(
    _ name: String, receiver: String, doc: String, _ get: @escaping (Value) throws -> Value
  ) {
    self.name = name
    self.qualifiedName = "\(receiver).\(name)"
    self.doc = doc
    self.get = get
  }

  /// The text `help` prints.
  public var helpText: String { qualifiedName + "\n" + wrap(doc, width: 78, indent: "  ") + "\n" }
}

/// Wraps a paragraph at `width` columns, each line starting with `indent`.
func wrap(_ text: String, width: Int, indent: String) -> String {
  var lines: [String] = []
  var line = indent
  for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
    if line.count > indent.count, line.count + 1 + word.count > width {
      lines.append(line)
      line = indent
    }
    line += (line.count > indent.count ? " " : "") + word
  }
  if line.count > indent.count { lines.append(line) }
  return lines.joined(separator: "\n")
}

extension Builtin {
  /// The same built-in as a method of values of type `receiver`: the receiver fills the
  /// first parameter (`t.exp()` is `exp(t)`).
  public func asMethod(of receiver: String) -> Builtin {
    let function = self
    return Builtin(
      name, Array(parameters.dropFirst()), returns: signature.returns, receiver: receiver,
      doc: doc
    ) { args in
      try function.body(args.withReceiverFirst(function.signature))
    }
  }
}

extension BuiltinRegistry {
  /// Registers a function and, for each kind in `methodsOn`, the same built-in as a
  /// method of that kind (`exp(t)` and `t.exp()`).
  public func register(_ builtin: Builtin, methodsOn kinds: [ValueKind]) {
    register(builtin)
    for kind in kinds { registerMethod(builtin.asMethod(of: kind.rawValue), on: kind) }
  }
}

extension Arguments {
  /// These arguments of a method, as the arguments of the function it came from.
  func withReceiverFirst(_ functionSignature: Signature) -> Arguments {
    Arguments(
      interpreter: interpreter, signature: functionSignature, receiver: nil,
      values: [receiver ?? .none] + values, ranges: [nil] + ranges, forms: [nil] + forms,
      callRange: callRange, calleeRange: calleeRange)
  }
}
