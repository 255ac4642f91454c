import LLALJSON
import LLALLanguage
import LLALNotebook
import LLALTensor

extension KernelSession {
  /// Runs an `execute_request`: publishes the input, the printed output, the value's
  /// renderings as `execute_result`, or the diagnostics as `error`; returns the reply.
  ///
  /// `store_history` (forced off by `silent`) decides whether the execution counter
  /// moves and the input is kept; `silent` publishes nothing. `user_expressions` are
  /// evaluated after the code ran without error. An interrupt (SIGINT or
  /// `interrupt_request`) stops the code at its next safe point; what finished before
  /// it, variables and an experiment's finished cycles, is kept, as in the REPL.
  func execute(_ request: WireMessage) -> JSON {
    let content = request.content
    let code = content["code"]?.string ?? ""
    let silent = content["silent"]?.bool ?? false
    let storeHistory = !silent && (content["store_history"]?.bool ?? true)
    if storeHistory { executionCount += 1 }
    let count = executionCount
    if !silent {
      publisher.publish(
        "execute_input", ["code": .string(code), "execution_count": .int(count)],
        parent: request)
    }
    output.begin(request, silent: silent)
    defer { output.end() }
    // A Ctrl-C that came while the kernel was idle must not stop this cell.
    Interrupt.clear()
    var resultText: String?
    do {
      let value = try runInterruptibly {
        try interpreter.evaluate(code, name: "In[\(count)]", interactive: true)
      }
      output.flush()
      if let value, !isNone(value), !silent {
        let rendering = Rendering(of: value, interpreter: interpreter, options: displayOptions)
        resultText = rendering.text
        publisher.publish(
          "execute_result",
          ["execution_count": .int(count), "data": rendering.mimeBundle, "metadata": [:]],
          parent: request)
      }
      if storeHistory { history.append(HistoryEntry(line: count, input: code, output: resultText)) }
      // Work that an interrupt stopped but that returned what it finished (an
      // experiment): its value is shown, and the cell ends as interrupted.
      let notes = interpreter.takeStopNotes()
      if !notes.isEmpty {
        let report = ErrorOutput(diagnostics: [], notes: notes, color: true)
        return failure(report, count: count, request: request, silent: silent)
      }
      return [
        "status": "ok", "execution_count": .int(count),
        "user_expressions": .object(userExpressions(content["user_expressions"])),
        "payload": [],
      ]
    } catch let error as LanguageError {
      output.flush()
      if storeHistory { history.append(HistoryEntry(line: count, input: code, output: nil)) }
      let notes = interpreter.takeStopNotes()
      let report = ErrorOutput(diagnostics: error.diagnostics, notes: notes, color: true)
      return failure(report, count: count, request: request, silent: silent)
    } catch {
      output.flush()
      let report = ErrorOutput(
        ename: "RuntimeError", evalue: "\(error)", traceback: ["error: \(error)"])
      return failure(report, count: count, request: request, silent: silent)
    }
  }

  /// Publishes `report` as an `error` message (unless `silent`) and returns the reply.
  private func failure(_ report: ErrorOutput, count: Int, request: WireMessage, silent: Bool)
    -> JSON
  {
    if !silent { publisher.publish("error", report.json, parent: request) }
    var reply = report.json.object ?? [:]
    reply["status"] = "error"
    reply["execution_count"] = .int(count)
    return .object(reply)
  }

  /// Runs `body` and clears the interrupt flag after it, so that an interrupt that came
  /// too late to stop it does not stop the next cell.
  private func runInterruptibly<T>(_ body: () throws -> T) throws -> T {
    defer { Interrupt.clear() }
    return try body()
  }

  /// Each expression's value as a MIME bundle, or its error: `{"status": "ok", "data":
  /// …, "metadata": {}}` or `{"status": "error", "ename": …}`. What they print is
  /// dropped, as their values are all a front end asked for.
  func userExpressions(_ expressions: JSON?) -> JSONObject {
    guard let expressions = expressions?.object else { return [:] }
    let saved = interpreter.output
    interpreter.output = OutputBuffer()
    defer { interpreter.output = saved }
    var results: JSONObject = [:]
    for (name, expression) in expressions {
      guard let text = expression.string else {
        results[name] = ErrorOutput(
          ename: "TypeError", evalue: "the expression must be a string",
          traceback: ["error: the expression must be a string"]
        ).json.merging(["status": "error"])
        continue
      }
      do {
        let value =
          try runInterruptibly {
            try interpreter.evaluate(text, name: "<\(name)>", interactive: true)
          } ?? Value.none
        let rendering = Rendering(of: value, interpreter: interpreter, options: displayOptions)
        results[name] = ["status": "ok", "data": rendering.mimeBundle, "metadata": [:]]
      } catch let error as LanguageError {
        results[name] = ErrorOutput(diagnostics: error.diagnostics, color: true).json
          .merging(["status": "error"])
      } catch {
        results[name] = ErrorOutput(
          ename: "RuntimeError", evalue: "\(error)", traceback: ["error: \(error)"]
        ).json.merging(["status": "error"])
      }
    }
    return results
  }

  private func isNone(_ value: Value) -> Bool {
    if case .none = value { return true }
    return false
  }
}

/// An input kept for `history_request`.
struct HistoryEntry {
  /// Its execution count.
  let line: Int
  /// The code.
  let input: String
  /// The plain text of its result, if it had one.
  let output: String?
}
