import LLALTensor

/// Runs `.llal` programs: holds the global environment, the built-ins, the output sink
/// and the limits. One interpreter is one session (a REPL, a notebook, a `llal run`).
///
/// ```swift
/// let interpreter = Interpreter()
/// let value = try interpreter.evaluate("x = 2\nx * 21", name: "<repl:1>")  // .int(42)
/// ```
///
/// Scoping: top-level names are globals, looked up when used, so functions see later
/// (re)definitions; a function's locals are its parameters and every name it assigns;
/// an inner function captures the locals of enclosing functions by value when it is
/// created. Blocks open no scope.
public final class Interpreter {
  /// The built-ins this interpreter knows.
  public let registry: BuiltinRegistry
  /// Where `print` and `help` write.
  public var output: OutputSink
  /// Limits on recursion, tensor size and list length.
  public var limits: Limits
  /// What `model` blocks become; installed by the domain library (`LLALDomain`).
  public var blockLowering: (any BlockLowering)?
  /// The global variables.
  public internal(set) var globals: [String: Value] = [:]
  /// Script parameters given from outside (`llal run FILE --set epochs=2`), read by
  /// `param(name, default)`.
  public var parameters: [String: Value] = [:]
  /// The names `param` has been asked for, so a front end can warn about a `--set`
  /// that no script reads.
  public var parametersRead: Set<String> = []
  /// Work that Ctrl-C stopped but that returned what it had finished instead of failing
  /// (an experiment keeps its finished cycles): one line each saying where it stopped.
  var stopNotes: [String] = []
  /// Where work that a stop signal interrupted in a batch run saves what it finished,
  /// without an extension (`llal run digits.llal` sets `digits.partial`, and a stopped
  /// experiment writes `digits.partial.json`); nil where the value itself is kept (the
  /// REPL, which goes on after Ctrl-C).
  public var stoppedWorkPath: String?
  /// What an experiment with a checkpoint folder does with the cycles saved there when its
  /// call gives no `resume:` (`"resume"` or `"restart"`, from `llal run --resume` /
  /// `--restart`); nil for the domain's default.
  public var checkpointMode: String?
  /// Warnings not yet taken by the front end, and every warning ever noted (so that each
  /// is shown once).
  var warnings: [String] = []
  var warningsNoted: Set<String> = []
  /// State a library keeps for this session under its own key (the export's capture of
  /// `experiment(...)`, `LLALDomain.ExperimentCapture`).
  public var libraryState: [String: AnyObject] = [:]

  // Evaluation state.
  var frame: Frame?
  var stack: [StackEntry] = []
  var currentFile: SourceFile?
  var stackBase: UInt = 0
  var isRunning = false
  /// The value the last program returned, held so that the caller's copy is never the
  /// last one: it is freed on the evaluation stack when the next program starts, or
  /// without recursion when the interpreter goes (see `releaseWithoutRecursion`).
  var lastResult: Value?
  /// Whether a `grad` call is running its function (nested `grad` is refused).
  var isDifferentiating = false

  /// The source file of the code running now (a cell, a script, a function's file).
  public var runningFile: SourceFile? { currentFile }

  /// An interpreter with `registry`'s built-ins, writing to `output`, extended by
  /// `libraries` in order (the front ends pass `[DomainLibrary.self]` from `LLALDomain`
  /// for models, data, strategies and experiments).
  public init(
    registry: BuiltinRegistry = .standard(), output: OutputSink = StandardOutput(),
    limits: Limits = Limits(), libraries: [any InterpreterLibrary.Type] = []
  ) {
    self.registry = registry
    self.output = output
    self.limits = limits
    for library in libraries { library.install(in: self) }
  }

  deinit {
    var values = Array(globals.values) + (lastResult.map { [$0] } ?? [])
    globals = [:]
    lastResult = nil
    Value.releaseWithoutRecursion(&values)
  }

  /// Asks running code to stop at its next safe point (a loop iteration or a call):
  /// what the REPL's Ctrl-C does. It only sets the engine's process-wide flag
  /// (`LLALTensor.Interrupt`), so it is safe to call from a signal handler; the
  /// interrupted evaluation throws a `LanguageError` in phase `.interrupted` and clears
  /// the flag. `installInterruptHandler()` makes SIGINT do this.
  public static func requestInterrupt() { Interrupt.request() }

  /// Whether an interrupt is pending (requested and not yet taken).
  public static var isInterruptRequested: Bool { Interrupt.isRequested }

  /// Takes back a pending interrupt, so that it stops nothing; returns whether one was
  /// pending. A front end calls it after running an input, for a Ctrl-C that came too
  /// late to stop it, and when Ctrl-C clears the line being typed.
  @discardableResult public static func clearInterrupt() -> Bool { Interrupt.clear() }

  /// Makes SIGINT (Ctrl-C) request an interrupt instead of ending the process. The
  /// handler is installed without `SA_RESTART`, so a blocking read returns `EINTR`.
  public static func installInterruptHandler() { Interrupt.installSignalHandler() }

  /// The notes of work that Ctrl-C stopped without an error, since the last call: an
  /// experiment that returned its finished cycles says where it stopped. A front end
  /// shows them after the input has run and treats the input as interrupted (drops
  /// input typed ahead, stops a notebook).
  public func takeStopNotes() -> [String] {
    defer { stopNotes = [] }
    return stopNotes
  }

  /// Records that Ctrl-C stopped work that still returned a value (see `takeStopNotes`).
  public func noteStop(_ text: String) { stopNotes.append(text) }

  /// The warnings noted since the last call (a loss module that predicts a constant, test
  /// accuracy at chance), each at most once per interpreter. The REPL and `llal run`
  /// print them after the input that produced them.
  public func takeWarnings() -> [String] {
    defer { warnings = [] }
    return warnings
  }

  /// Notes a warning for the front end to show, unless the same text was noted before.
  public func noteWarning(_ text: String) {
    guard warningsNoted.insert(text).inserted else { return }
    warnings.append(text)
  }

  // MARK: - Globals

  /// The value of a global, or of a built-in if no global has that name.
  public func value(named name: String) -> Value? { globals[name] ?? registry.value(named: name) }

  /// Binds a global (the notebook or REPL may inject values).
  public func setGlobal(_ name: String, _ value: Value) {
    var old = globals.updateValue(value, forKey: name).map { [$0] } ?? []
    Value.releaseWithoutRecursion(&old)
  }

  /// Removes a global.
  public func removeGlobal(_ name: String) {
    var old = globals.removeValue(forKey: name).map { [$0] } ?? []
    Value.releaseWithoutRecursion(&old)
  }

  /// Removes every global (`:reset`). Like the interpreter's other ways of dropping
  /// values from outside evaluation, it frees them without recursion, as deeply nested
  /// as they may be.
  public func removeAllGlobals() {
    var old = Array(globals.values)
    globals = [:]
    Value.releaseWithoutRecursion(&old)
  }

  /// Names in scope at top level starting with `prefix`: globals and built-ins, sorted.
  public func completions(prefix: String) -> [String] {
    Set(globals.keys).union(registry.names).filter { $0.hasPrefix(prefix) }.sorted()
  }

  /// Member names of a value (fields, properties, methods), for completion after `.`.
  public func memberNames(of value: Value) -> [String] {
    switch value {
    case .record(let r): return r.names
    case .host(let h): return h.memberNames.sorted()
    default: return registry.memberNames(of: value.kind)
    }
  }

  // MARK: - Running

  /// Parses `text` as a source named `name`.
  public func parse(_ text: String, name: String) -> ParseResult {
    Parser.parse(SourceFile(name: name, text: text))
  }

  /// Checks programs that will run in order against the current globals. With
  /// `interactive`, function bodies may use globals that a later input defines.
  public func check(_ programs: [Program], interactive: Bool = false) -> [Diagnostic] {
    let checker = Checker(context: checkContext(interactive: interactive))
    // On the evaluation stack: the checker recurses as deep as the syntax tree.
    return (try? guarded { checker.check(programs) }) ?? checker.check(programs)
  }

  /// What the checker knows: globals and built-ins, and the signatures of built-ins
  /// that no global shadows.
  public func checkContext(interactive: Bool) -> CheckContext {
    var signatures: [String: Signature] = [:]
    for (name, builtin) in registry.functions where globals[name] == nil {
      signatures[name] = builtin.signature
    }
    return CheckContext(
      knownNames: Set(globals.keys).union(registry.names), signatures: signatures,
      allowsUndefinedGlobalsInFunctions: interactive)
  }

  /// Runs a parsed (and checked) program. Returns the value of the last statement when
  /// it is a bare expression (what a REPL or notebook cell displays), else nil.
  /// Throws `LanguageError` with one runtime (or interrupt) diagnostic.
  @discardableResult
  public func execute(_ program: Program) throws -> Value? {
    try guarded { [self] in try run(program) }
  }

  /// Runs `body` as evaluation: on the large evaluation stack with the stack guard set,
  /// unless evaluation is already running (a built-in calling back into the language).
  private func guarded<T>(_ body: @escaping () throws -> T) throws -> T {
    if isRunning { return try body() }
    isRunning = true
    defer { isRunning = false }
    return try LargeStack.run(bytes: limits.stackBytes) { [self] in
      stackBase = LargeStack.currentAddress()
      defer { stackBase = 0 }
      return try body()
    }
  }

  /// Parses, checks and runs `text`. An incomplete text is reported as a parse error.
  /// Throws `LanguageError` (parse, check, runtime or interrupt diagnostics).
  @discardableResult
  public func evaluate(_ text: String, name: String = "<input>", interactive: Bool = false)
    throws -> Value?
  {
    let program: Program
    switch parse(text, name: name) {
    case .program(let p): program = p
    case .incomplete(let d), .failure(let d): throw LanguageError(d)
    }
    let problems = check([program], interactive: interactive)
    if !problems.isEmpty { throw LanguageError(problems) }
    return try execute(program)
  }

  /// Calls a function value with positional arguments — for built-ins and domain code
  /// that take a function from the user (`map`, `grad`, a user-written score). Inside
  /// a built-in it throws `RuntimeError` (positioned at `range`, the built-in's call);
  /// from outside evaluation it throws `LanguageError`.
  public func call(_ function: Value, _ arguments: [Value], at range: SourceRange? = nil)
    throws -> Value
  {
    let site = range ?? SourceRange.at(0)
    let shapes = arguments.map { _ in
      Signature.ArgumentShape(label: nil, labelRange: nil, valueRange: site)
    }
    if isRunning {
      return try call(function, arguments, shapes, callRange: site, calleeRange: site)
    }
    do {
      return try guarded { [self] in
        try call(function, arguments, shapes, callRange: site, calleeRange: site)
      }
    } catch let error as RuntimeError {
      throw LanguageError([diagnostic(for: error)])
    }
  }

  /// The text the REPL and notebook show for a value, long lists and records wrapped to
  /// `width` (`ValueFormatter.display`).
  public func display(_ value: Value, width: Int = ValueFormatter.defaultWidth) -> String {
    ValueFormatter.display(value, width: width)
  }

  // MARK: - Top level

  private func run(_ program: Program) throws -> Value? {
    let savedFile = currentFile
    let savedFrame = frame
    currentFile = program.file
    frame = nil
    lastResult = nil  // freed here, on the evaluation stack
    defer {
      currentFile = savedFile
      frame = savedFrame
    }
    do {
      var last: Value?
      for (i, statement) in program.statements.enumerated() {
        if i == program.statements.count - 1, case .expression(let e) = statement.kind {
          last = try evaluateTopLevel(e)
        } else {
          try executeTopLevel(statement)
        }
      }
      lastResult = last
      return last
    } catch let error as RuntimeError {
      throw LanguageError([diagnostic(for: error)])
    }
  }

  private func evaluateTopLevel(_ e: Expr) throws -> Value {
    do {
      return try eval(e)
    } catch let signal as ControlSignal {
      throw RuntimeError(signal.completion.misplacedMessage, range: e.range, file: currentFile)
    }
  }

  private func executeTopLevel(_ statement: Stmt) throws {
    let completion: Completion
    do {
      completion = try exec(statement)
    } catch let signal as ControlSignal {
      completion = signal.completion
    }
    if case .normal = completion { return }
    throw RuntimeError(completion.misplacedMessage, range: statement.range, file: currentFile)
  }

  /// A runtime error as a diagnostic, with the `.llal` call stack as notes.
  func diagnostic(for error: RuntimeError) -> Diagnostic {
    let lines = (error.stack ?? []).map { entry -> String in
      let loc = entry.file.location(of: entry.callSite.start)
      return "in \(entry.function), called at \(entry.file.name):\(loc)"
    }
    let phase: Diagnostic.Phase =
      error.isInterrupt ? .interrupted : error.isIOError ? .io : .runtime
    return Diagnostic(
      phase, error.message, file: error.file,
      range: error.range ?? .at(0), notes: Interpreter.compressStack(lines))
  }

  /// Call-stack lines with runs of one repeated line (deep recursion) shortened to the
  /// line and a count, and at most 20 lines kept (the innermost and outermost 10).
  static func compressStack(_ lines: [String]) -> [String] {
    var notes: [String] = []
    var i = 0
    while i < lines.count {
      var j = i + 1
      while j < lines.count, lines[j] == lines[i] { j += 1 }
      let run = j - i
      notes.append(lines[i])
      if run == 2 { notes.append(lines[i]) }
      if run > 2 { notes.append("... the line above repeats \(run - 1) more times") }
      i = j
    }
    if notes.count > 20 {
      notes =
        Array(notes.prefix(10)) + ["... \(notes.count - 20) more calls ..."]
        + Array(notes.suffix(10))
    }
    return notes
  }
}
