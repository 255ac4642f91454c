import LLALLanguage
import LLALNN
import LLALTensor

// Lowering `model Name(x: [C, H, W], ...) { ... }` to a network graph: the core runs the
// body like a function body with `x` bound to the input node of a new graph; each layer
// function it calls adds a node, whose shape is inferred at once; when it returns, every
// node bound to a name in the body takes that name, and the returned node becomes the
// output.

/// The lowering the domain library installs for `model` blocks.
final class ModelBlockLowering: BlockLowering {
  func lower(_ definition: BlockDefinition, in interpreter: Interpreter) throws -> Value {
    .host(try interpreter.buildModel(definition, arguments: [], at: nil))
  }
}

extension Interpreter {
  /// Builds `definition` with `arguments` (per parameter; nil or missing takes the
  /// default). `site` is the call that asked for it, nil for the `model` statement.
  func buildModel(_ definition: BlockDefinition, arguments: [Value?], at site: SourceRange?)
    throws -> ModelValue
  {
    let decl = definition.decl
    var build: ModelBuild?
    defer { build?.close() }
    let outcome = try runBlock(definition, arguments: arguments, at: site) { shapeValue, range in
      let inputName = decl.parameters[0].name
      guard let shapeValue else {
        throw RuntimeError(
          "the input '\(inputName.name)' of model \(definition.name) needs its per-sample "
            + "shape: \(inputName.name): [1, 8, 8] or \(inputName.name): [64]",
          range: inputName.range, file: decl.file)
      }
      let shape = try inputShape(shapeValue, range, decl.file)
      let graph: ModelGraph
      do {
        graph = try ModelGraph(name: definition.name, inputShape: shape, inputName: inputName.name)
      } catch let error as ModelError {
        throw RuntimeError(error.message, range: range, file: decl.file)
      }
      let opened = ModelBuild(graph: graph)
      build = opened
      return .host(NodeValue(build: opened, id: graph.input))
    }
    guard let build else {
      throw RuntimeError("model \(definition.name) was not built", range: decl.range, file: decl.file)
    }
    try setOutput(outcome.returned, of: build, decl)
    build.close()
    try nameNodes(of: build, from: outcome.locals, decl)
    return ModelValue(build: build, definition: definition)
  }

  /// The per-sample input shape from the value written after the input's name.
  private func inputShape(_ value: Value, _ range: SourceRange, _ file: SourceFile) throws -> [Int] {
    func fail(_ message: String) -> RuntimeError { RuntimeError(message, range: range, file: file) }
    var dims: [Int] = []
    switch value {
    case .int(let n): dims = [n]
    case .list(let items):
      for item in items {
        guard case .int(let n) = item else {
          throw fail("a model's input shape must be a list of ints, found \(item.typeName)")
        }
        dims.append(n)
      }
    default:
      throw fail(
        "a model's input shape must be a list of ints such as [1, 8, 8], found \(value.typeName)")
    }
    guard !dims.isEmpty, dims.allSatisfy({ $0 > 0 }) else {
      throw fail("a model's input shape must have positive sizes, got \(shapeText(dims))")
    }
    do {
      try limits.checkTensorSize(dims, range: range)
    } catch let error as RuntimeError {
      throw fail(error.message)
    }
    return dims
  }

  /// Makes the returned node the model's output (`none`: the last node added).
  private func setOutput(_ value: Value, of build: ModelBuild, _ decl: FunctionDecl) throws {
    let name = decl.name ?? "model"
    func fail(_ message: String) -> RuntimeError {
      RuntimeError(message, range: decl.range, file: decl.file)
    }
    switch value {
    case .none:
      if build.graph.nodes.count == 1 {
        throw fail("model \(name) adds no layers; return the output node")
      }
    case .host(let h as NodeValue) where h.build === build:
      if h.id == build.graph.input {
        throw fail("model \(name) returns its input; apply a layer first")
      }
      try build.graph.setOutput(h.id)
    case .host(let h as NodeValue):
      throw fail("model \(name) returns a node of model \(h.build.name)")
    default:
      throw fail("model \(name) must return a node, found \(value.typeName)")
    }
  }

  /// Names each node after the first variable of the block bound to it; the input keeps
  /// its parameter's name and unbound nodes their automatic names (`conv2d_3`).
  private func nameNodes(
    of build: ModelBuild, from locals: [(name: String, value: Value)], _ decl: FunctionDecl
  ) throws {
    var named: Set<NodeID> = [build.graph.input]
    let inputName = build.graph.nodes[0].name
    for (name, value) in locals where name != inputName {
      guard case .host(let h as NodeValue) = value, h.build === build, !named.contains(h.id)
      else { continue }
      if let other = build.graph.nodes.first(where: { $0.name == name }), other.id != h.id {
        throw RuntimeError(
          "model \(build.name): the name '\(name)' is already the automatic name of node "
            + "#\(other.id.index) (\(other.layerDescription)); choose another name",
          range: decl.range, file: decl.file)
      }
      try build.graph.rename(h.id, to: name)
      named.insert(h.id)
    }
  }
}
