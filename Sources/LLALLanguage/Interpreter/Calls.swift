import LLALTensor

// Calling functions: user closures, built-ins, bound methods, callable host objects.

extension Interpreter {
  func evalCall(_ calleeExpr: Expr, _ arguments: [CallArgument], _ range: SourceRange) throws
    -> Value
  {
    let callee = try eval(calleeExpr)
    var values: [Value] = []
    values.reserveCapacity(arguments.count)
    var shapes: [Signature.ArgumentShape] = []
    shapes.reserveCapacity(arguments.count)
    for a in arguments {
      values.append(try eval(a.value))
      shapes.append(a.shape)
    }
    return try call(callee, values, shapes, callRange: range, calleeRange: calleeExpr.range)
  }

  func call(
    _ callee: Value, _ values: [Value], _ shapes: [Signature.ArgumentShape],
    callRange: SourceRange, calleeRange: SourceRange
  ) throws -> Value {
    guard case .function(let function) = callee else {
      if case .host(let h) = callee, let callable = h as? CallableHostObject {
        let arguments = try bindArguments(
          callable.callSignature, parameterTypes: nil, defaults: nil, receiver: callee, values,
          shapes, callRange: callRange, calleeRange: calleeRange)
        return try runBuiltinBody(callRange) { try callable.call(arguments) }
      }
      throw fail("cannot call a value of type \(callee.typeName)", calleeRange)
    }
    switch function.kind {
    case .closure(let decl, let captures):
      return try callClosure(
        function, decl, captures, values, shapes, callRange: callRange, calleeRange: calleeRange)
    case .builtin(let builtin):
      return try callBuiltin(
        builtin, receiver: nil, values, shapes, callRange: callRange, calleeRange: calleeRange)
    case .method(let builtin, let receiver):
      return try callBuiltin(
        builtin, receiver: receiver, values, shapes, callRange: callRange,
        calleeRange: calleeRange)
    }
  }

  private func bind(
    _ signature: Signature, _ shapes: [Signature.ArgumentShape], calleeRange: SourceRange
  ) throws -> [[Int]] {
    do {
      return try signature.bind(shapes)
    } catch let error as Signature.BindingError {
      throw fail(error.message, error.range ?? calleeRange)
    }
  }

  // MARK: - User functions

  private func callClosure(
    _ function: FunctionValue, _ decl: FunctionDecl, _ captures: Captures, _ values: [Value],
    _ shapes: [Signature.ArgumentShape], callRange: SourceRange, calleeRange: SourceRange
  ) throws -> Value {
    try checkInterrupt(callRange)
    if stack.count >= limits.maxCallDepth {
      throw fail(
        "recursion is too deep: more than \(limits.maxCallDepth) nested calls", callRange)
    }
    if stackBase != 0, stackBase &- LargeStack.currentAddress() > UInt(limits.stackBytes / 4 * 3) {
      throw fail("recursion is too deep: the evaluation stack is exhausted", callRange)
    }
    let bound = try bind(decl.signature, shapes, calleeRange: calleeRange)
    let newFrame = Frame(function: function, decl: decl, captures: captures)
    newFrame.names.reserveCapacity(decl.parameters.count + 4)
    newFrame.values.reserveCapacity(decl.parameters.count + 4)
    let entry = StackEntry(
      function: decl.displayName, callSite: callRange, file: currentFile ?? decl.file)
    return try withFrame(newFrame, file: decl.file, entry: entry) {
      do {
        for (i, parameter) in decl.parameters.enumerated() {
          let value: Value
          if let j = bound[i].first {
            value = values[j]
          } else if let d = parameter.defaultValue {
            value = try eval(d)
          } else {
            value = .none
          }
          newFrame.names.append(parameter.name.name)
          newFrame.values.append(value)
        }
        return try evalBody(decl.body)
      } catch let signal as ControlSignal {
        if case .returned(let v) = signal.completion { return v }
        throw fail(signal.completion.misplacedMessage, decl.range)
      } catch var error as RuntimeError {
        if error.stack == nil { error.stack = stack.reversed() }
        throw error
      }
    }
  }

  /// Runs `body` with `newFrame` as the current frame and `file` as the current file, and
  /// `entry` (if any) on the call stack; restores all three afterwards.
  func withFrame<R>(
    _ newFrame: Frame, file: SourceFile?, entry: StackEntry?, _ body: () throws -> R
  ) rethrows -> R {
    if let entry { stack.append(entry) }
    let savedFrame = frame
    let savedFile = currentFile
    frame = newFrame
    currentFile = file
    defer {
      frame = savedFrame
      currentFile = savedFile
      if entry != nil { stack.removeLast() }
    }
    return try body()
  }

  /// The value of a function body: its expression, or what its block returns (`none`
  /// when it ends without `return`).
  func evalBody(_ body: FunctionBody) throws -> Value {
    switch body {
    case .expression(let e):
      return try eval(e)
    case .block(let block):
      if case .returned(let v) = try execStatements(block.statements) { return v }
      return .none
    }
  }

  // MARK: - Built-ins

  private func callBuiltin(
    _ builtin: Builtin, receiver: Value?, _ values: [Value], _ shapes: [Signature.ArgumentShape],
    callRange: SourceRange, calleeRange: SourceRange
  ) throws -> Value {
    let arguments = try bindArguments(
      builtin.signature, parameterTypes: builtin.parameters.map(\.type),
      defaults: builtin.parameters.map(\.defaultValue), receiver: receiver, values, shapes,
      callRange: callRange, calleeRange: calleeRange)
    return try runBuiltinBody(callRange) { try builtin.body(arguments) }
  }

  /// Binds values to a signature, checks their types and fills in defaults.
  private func bindArguments(
    _ signature: Signature, parameterTypes: [ParamType]?, defaults: [Value?]?, receiver: Value?,
    _ values: [Value], _ shapes: [Signature.ArgumentShape], callRange: SourceRange,
    calleeRange: SourceRange
  ) throws -> Arguments {
    let bound = try bind(signature, shapes, calleeRange: calleeRange)
    var boundValues: [Value] = []
    var ranges: [SourceRange?] = []
    var forms: [ArgumentForm?] = []
    boundValues.reserveCapacity(bound.count)
    ranges.reserveCapacity(bound.count)
    forms.reserveCapacity(bound.count)
    for (i, parameter) in signature.parameters.enumerated() {
      let type = parameterTypes?[i] ?? parameter.type
      let indices = bound[i]
      for j in indices where !type.accepts(values[j]) {
        throw fail(
          "argument '\(parameter.name)' of '\(signature.name ?? "fn")' must be "
            + "\(type.description), found \(values[j].typeName)", shapes[j].valueRange)
      }
      if parameter.isVariadic {
        boundValues.append(.list(indices.map { values[$0] }))
        ranges.append(indices.first.map { shapes[$0].valueRange })
        forms.append(indices.isEmpty ? nil : .positional)
      } else if let j = indices.first {
        boundValues.append(values[j])
        ranges.append(shapes[j].valueRange)
        forms.append(
          shapes[j].isPiped ? .piped : shapes[j].label == nil ? .positional : .labelled)
      } else {
        boundValues.append((defaults?[i] ?? nil) ?? .none)
        ranges.append(nil)
        forms.append(nil)
      }
    }
    return Arguments(
      interpreter: self, signature: signature, receiver: receiver, values: boundValues,
      ranges: ranges, forms: forms, callRange: callRange, calleeRange: calleeRange)
  }

  /// Runs a built-in's body, giving errors without a position the call's position.
  private func runBuiltinBody(_ callRange: SourceRange, _ body: () throws -> Value) throws
    -> Value
  {
    do {
      return try body()
    } catch var error as RuntimeError {
      if error.range == nil { error.range = callRange }
      if error.file == nil { error.file = currentFile }
      throw error
    } catch let error as TensorError {
      throw fail(error.description, callRange)
    } catch let stop as Interrupt.Stopped {
      var error = fail("stopped by Ctrl-C at \(stop.site)", callRange)
      error.isInterrupt = true
      throw error
    } catch let error as LanguageError {
      // A built-in that ran a nested program: keep its first diagnostic's message.
      throw fail(error.diagnostics.first?.message ?? "\(error)", callRange)
    } catch let error as IOErrorReporting where error.isIOError {
      var failure = fail("\(error)", callRange)
      failure.isIOError = true
      throw failure
    } catch {
      throw fail("\(error)", callRange)
    }
  }
}
