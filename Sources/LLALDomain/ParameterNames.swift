import LLALLanguage

/// Which `--set` names a script can read, known before it runs: the string literals it
/// passes to `param`, wherever the call stands (a branch that does not run, a function).
/// `llal run` refuses a name the script has no `param` for before running anything, with
/// the closest name it has, and after the run says which given names went unread.
public struct ParameterNames {
  /// The names passed to `param` as string literals.
  public let literals: Set<String>
  /// Whether some `param` call computes its name at run time: then a name not among the
  /// literals may still be read, and only the run can tell.
  public let hasComputedNames: Bool

  /// The `param` names of `programs` (the cells of one script).
  public init(_ programs: [Program]) {
    var literals: Set<String> = []
    var computed = false
    for program in programs {
      program.forEachCall { callee, arguments in
        guard case .name("param") = callee.kind else { return }
        // The name is the argument labelled `name:`, else the first without a label.
        guard
          let name = arguments.first(where: { $0.label?.name == "name" })
            ?? arguments.first(where: { $0.label == nil })
        else { return }
        if case .string(let s) = name.value.kind {
          literals.insert(s)
        } else {
          computed = true
        }
      }
    }
    self.literals = literals
    self.hasComputedNames = computed
  }

  /// Throws, before the script runs, for the first of `given` (sorted) that the script has
  /// no `param` for: `--set epoch: the script has no param("epoch", ...); did you mean
  /// epochs?`. Nothing is refused when some name is computed at run time.
  public func check(_ given: some Sequence<String>) throws {
    guard !hasComputedNames else { return }
    for name in given.sorted() where !literals.contains(name) {
      var message = "--set \(name): the script has no param(\"\(name)\", ...)"
      if let close = closestName(to: name, in: literals) {
        message += "; did you mean \(close)?"
      } else if !literals.isEmpty {
        message += " (its parameters: \(literals.sorted().joined(separator: ", ")))"
      } else {
        message += " (it reads no parameters)"
      }
      throw RuntimeError(message)
    }
  }

  /// After a run, a warning for each of `given` that no `param` call read (`read`):
  /// its `param` stood in code that did not run, or (with computed names) no call
  /// asked for it.
  public func unread(_ given: some Sequence<String>, read: Set<String>) -> [String] {
    given.sorted().filter { !read.contains($0) }.map { name in
      literals.contains(name)
        ? "--set \(name) had no effect: param(\"\(name)\", ...) is in code that did not run"
        : "--set \(name) was not read: no param(...) call asked for \"\(name)\""
    }
  }
}
