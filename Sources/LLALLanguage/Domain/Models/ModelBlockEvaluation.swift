import LLALNN
import LLALTensor

// Evaluating `model Name(x: [C, H, W], ...) { ... }`: the body runs like a function body
// with `x` bound to the input node of a new graph; each layer function it calls adds a
// node, whose shape is inferred at once; when it returns, every node bound to a name in
// the body takes that name, and the returned node becomes the output.

extension Interpreter {
  /// The model value a `model` statement binds: the block built with its defaults.
  func makeModel(_ decl: FunctionDecl) throws -> Value {
    guard case .function(let function) = makeClosure(decl),
      case .closure(_, let captures) = function.kind
    else {
      // makeClosure always returns a closure; kept as an error rather than a trap.
      throw fail("model \(decl.name ?? "") could not be created", decl.range)
    }
    let definition = ModelDefinition(decl: decl, captures: captures, function: function)
    return .host(try buildModel(definition, arguments: [], at: nil))
  }

  /// Builds `definition` with `arguments` (per parameter; nil or missing takes the
  /// default). `site` is the call that asked for it, nil for the `model` statement.
  func buildModel(_ definition: ModelDefinition, arguments: [Value?], at site: SourceRange?)
    throws -> ModelValue
  {
    let decl = definition.decl
    guard let input = decl.parameters.first else {
      throw fail(
        "model \(definition.name) needs an input with its per-sample shape, as in "
          + "model \(definition.name)(x: [1, 8, 8]) { ... }", decl.range)
    }
    if let site {
      try checkInterrupt(site)
      if stack.count >= limits.maxCallDepth {
        throw fail("recursion is too deep: more than \(limits.maxCallDepth) nested calls", site)
      }
    }
    let newFrame = Frame(function: definition.function, decl: decl, captures: definition.captures)
    let entry = site.map {
      StackEntry(
        function: "model \(definition.name)", callSite: $0, file: currentFile ?? decl.file)
    }
    return try withFrame(newFrame, file: decl.file, entry: entry) {
      try evaluateModelBody(
        definition, input: input, arguments: arguments, frame: newFrame, at: site)
    }
  }

  /// The body of `buildModel`, run inside the model's frame.
  private func evaluateModelBody(
    _ definition: ModelDefinition, input: ParameterDecl, arguments: [Value?],
    frame newFrame: Frame, at site: SourceRange?
  ) throws -> ModelValue {
    let decl = definition.decl
    do {
      func argument(_ i: Int) throws -> Value? {
        if i < arguments.count, let v = arguments[i] { return v }
        return try decl.parameters[i].defaultValue.map { try eval($0) }
      }
      let shapeRange = input.defaultValue?.range ?? input.name.range
      guard let shapeValue = try argument(0) else {
        throw fail(
          "the input '\(input.name.name)' of model \(definition.name) needs its per-sample "
            + "shape: \(input.name.name): [1, 8, 8] or \(input.name.name): [64]", input.name.range)
      }
      let shape = try inputShape(shapeValue, shapeRange)
      let graph: ModelGraph
      do {
        graph = try ModelGraph(name: definition.name, inputShape: shape, inputName: input.name.name)
      } catch let error as ModelError {
        throw fail(error.message, shapeRange)
      }
      let build = ModelBuild(graph: graph)
      defer { build.close() }
      newFrame.set(input.name.name, .host(NodeValue(build: build, id: graph.input)))
      for i in decl.parameters.indices.dropFirst() {
        newFrame.set(decl.parameters[i].name.name, try argument(i) ?? .none)
      }
      let returned = try evalBody(decl.body)
      try setOutput(returned, of: build, decl)
      build.close()
      try nameNodes(of: build, from: newFrame, decl)
      return ModelValue(build: build, definition: definition)
    } catch let signal as ControlSignal {
      throw fail(signal.completion.misplacedMessage, decl.range)
    } catch var error as RuntimeError {
      if error.stack == nil, site != nil { error.stack = stack.reversed() }
      throw error
    }
  }

  /// The per-sample input shape from the value written after the input's name.
  private func inputShape(_ value: Value, _ range: SourceRange) throws -> [Int] {
    var dims: [Int] = []
    switch value {
    case .int(let n): dims = [n]
    case .list(let items):
      for item in items {
        guard case .int(let n) = item else {
          throw fail("a model's input shape must be a list of ints, found \(item.typeName)", range)
        }
        dims.append(n)
      }
    default:
      throw fail(
        "a model's input shape must be a list of ints such as [1, 8, 8], found \(value.typeName)",
        range)
    }
    guard !dims.isEmpty, dims.allSatisfy({ $0 > 0 }) else {
      throw fail("a model's input shape must have positive sizes, got \(shapeText(dims))", range)
    }
    do {
      try limits.checkTensorSize(dims, range: range)
    } catch let error as RuntimeError {
      throw fail(error.message, range)
    }
    return dims
  }

  /// Makes the returned node the model's output (`none`: the last node added).
  private func setOutput(_ value: Value, of build: ModelBuild, _ decl: FunctionDecl) throws {
    let name = decl.name ?? "model"
    switch value {
    case .none:
      if build.graph.nodes.count == 1 {
        throw fail("model \(name) adds no layers; return the output node", decl.range)
      }
    case .host(let h as NodeValue) where h.build === build:
      if h.id == build.graph.input {
        throw fail("model \(name) returns its input; apply a layer first", decl.range)
      }
      try build.graph.setOutput(h.id)
    case .host(let h as NodeValue):
      throw fail("model \(name) returns a node of model \(h.build.name)", decl.range)
    default:
      throw fail("model \(name) must return a node, found \(value.typeName)", decl.range)
    }
  }

  /// Names each node after the first variable of the block bound to it; the input keeps
  /// its parameter's name and unbound nodes their automatic names (`conv2d_3`).
  private func nameNodes(of build: ModelBuild, from frame: Frame, _ decl: FunctionDecl) throws {
    var named: Set<NodeID> = [build.graph.input]
    let inputName = build.graph.nodes[0].name
    for (name, value) in zip(frame.names, frame.values) where name != inputName {
      guard case .host(let h as NodeValue) = value, h.build === build, !named.contains(h.id)
      else { continue }
      if let other = build.graph.nodes.first(where: { $0.name == name }), other.id != h.id {
        throw fail(
          "model \(build.name): the name '\(name)' is already the automatic name of node "
            + "#\(other.id.index) (\(other.layerDescription)); choose another name", decl.range)
      }
      try build.graph.rename(h.id, to: name)
      named.insert(h.id)
    }
  }
}
