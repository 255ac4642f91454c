/// Why an experiment cannot be exported as it is: a construct with no faithful PyTorch
/// counterpart. `argument` names the `experiment(...)` argument that brought it in, so
/// the refusal points there.
public struct ExportRefusal: Error, CustomStringConvertible, Equatable {
  /// The argument of `experiment(...)` the construct came from (`model`, `strategies`).
  public let argument: String
  /// What is refused and why, naming the construct.
  public let message: String

  /// A refusal of what `argument` brought in.
  public init(_ argument: String, _ message: String) {
    self.argument = argument
    self.message = message
  }

  /// The message.
  public var description: String { message }
}
