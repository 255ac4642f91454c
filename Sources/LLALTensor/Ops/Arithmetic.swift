import CKernels

/// Element-wise arithmetic with broadcasting: `+ - * /`, and their gradients.

struct AddOp: TapeOp {
  var name: String { "add" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    [try g.sumToShape(inputs[0].shape), try g.sumToShape(inputs[1].shape)]
  }
}

struct SubOp: TapeOp {
  var name: String { "sub" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    [try g.sumToShape(inputs[0].shape), try (-g).sumToShape(inputs[1].shape)]
  }
}

struct MulOp: TapeOp {
  var name: String { "mul" }
  // d(a*b) = b da + a db
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (a, b) = (inputs[0], inputs[1])
    return [
      a.requiresGrad ? try (g * b).sumToShape(a.shape) : nil,
      b.requiresGrad ? try (g * a).sumToShape(b.shape) : nil,
    ]
  }
}

struct DivOp: TapeOp {
  var name: String { "div" }
  // d(a/b) = da / b − a db / b²
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (a, b) = (inputs[0], inputs[1])
    return [
      a.requiresGrad ? try (g / b).sumToShape(a.shape) : nil,
      b.requiresGrad ? try (-(g * output) / b).sumToShape(b.shape) : nil,
    ]
  }
}

struct NegOp: TapeOp {
  var name: String { "neg" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] { [-g] }
}

extension Tensor {
  /// Element-wise sum with broadcasting.
  public static func + (a: Tensor, b: Tensor) throws -> Tensor {
    record(AddOp(), inputs: [a, b], output: try broadcastArithmetic(a, b, op: "add", Int32(LLAL_BINARY_ADD)))
  }

  /// Element-wise difference with broadcasting.
  public static func - (a: Tensor, b: Tensor) throws -> Tensor {
    record(SubOp(), inputs: [a, b], output: try broadcastArithmetic(a, b, op: "sub", Int32(LLAL_BINARY_SUB)))
  }

  /// Element-wise product with broadcasting.
  public static func * (a: Tensor, b: Tensor) throws -> Tensor {
    record(MulOp(), inputs: [a, b], output: try broadcastArithmetic(a, b, op: "mul", Int32(LLAL_BINARY_MUL)))
  }

  /// Element-wise quotient with broadcasting.
  public static func / (a: Tensor, b: Tensor) throws -> Tensor {
    record(DivOp(), inputs: [a, b], output: try broadcastArithmetic(a, b, op: "div", Int32(LLAL_BINARY_DIV)))
  }

  /// Element-wise negation.
  public static prefix func - (a: Tensor) -> Tensor {
    let out = Tensor.uninitialized(a.shape)
    let p = a.storage.base, o = out.storage.base
    for i in 0..<a.count { o[i] = -p[i] }
    return record(NegOp(), inputs: [a], output: out)
  }

  public static func + (a: Tensor, b: Float) throws -> Tensor { try a + .scalar(b) }
  public static func - (a: Tensor, b: Float) throws -> Tensor { try a - .scalar(b) }
  public static func * (a: Tensor, b: Float) throws -> Tensor { try a * .scalar(b) }
  public static func / (a: Tensor, b: Float) throws -> Tensor { try a / .scalar(b) }
  public static func + (a: Float, b: Tensor) throws -> Tensor { try .scalar(a) + b }
  public static func - (a: Float, b: Tensor) throws -> Tensor { try .scalar(a) - b }
  public static func * (a: Float, b: Tensor) throws -> Tensor { try .scalar(a) * b }
  public static func / (a: Float, b: Tensor) throws -> Tensor { try .scalar(a) / b }
}
