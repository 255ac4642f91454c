import CEditLine
import Foundation

/// Completes the text before the cursor: returns where the replaced word starts (a
/// UTF-8 offset into `line`) and the candidate replacements for it.
public typealias Completer = (_ line: String, _ cursor: Int) -> (start: Int, candidates: [String])

/// Line editing through the system libedit: emacs key bindings, history, Tab completion,
/// UTF-8 input, and Ctrl-C that discards the line.
///
/// libedit facts this relies on (checked on Debian's libedit 3.1): the locale must be set
/// before `el_init` or non-ASCII bytes are dropped; `el_gets` returns NULL with count −1
/// and `errno == EINTR` when SIGINT arrives under a handler installed without
/// `SA_RESTART` (see `Interpreter.installInterruptHandler()`); callbacks are C function
/// pointers that reach this object through `EL_CLIENTDATA`.
public final class EditLineReader: LineReader {
  private let editLine: OpaquePointer
  private let history: OpaquePointer
  private var promptBuffer: UnsafeMutablePointer<CChar>
  /// The completion source; nil disables Tab completion.
  public var completer: Completer?

  /// Creates an editor on the process's terminal, or returns nil if libedit cannot start.
  public init?(programName: String = "llal", historySize: Int = 1000) {
    Self.useUTF8Locale()
    guard
      let el = el_init(programName, llal_stdin(), llal_stdout(), llal_stderr()),
      let h = history_init()
    else { return nil }
    editLine = el
    history = h
    promptBuffer = strdup("")
    var event = HistEvent()
    llal_history_setsize(h, &event, Int32(historySize))
    llal_history_setunique(h, &event, 1)  // drop consecutive duplicates
    llal_el_set_editor(el, "emacs")
    llal_el_set_history(el, h)
    llal_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
    llal_el_set_prompt(el) { el in
      guard let el, let me = EditLineReader.from(el) else { return nil }
      return me.promptBuffer
    }
    llal_el_add_function(el, "llal-complete", "Complete the word before the cursor") { el, _ in
      guard let el, let me = EditLineReader.from(el) else { return UInt8(CC_ERROR) }
      return me.complete()
    }
    llal_el_bind(el, "^I", "llal-complete")
  }

  deinit {
    el_end(editLine)
    history_end(history)
    free(promptBuffer)
  }

  /// Takes the character type from the environment's locale; when that is not UTF-8
  /// (`LANG` unset or `C`), uses `C.UTF-8`, so non-ASCII input still works.
  private static func useUTF8Locale() {
    let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0).lowercased() } ?? ""
    if !chosen.contains("utf-8") && !chosen.contains("utf8") { setlocale(LC_CTYPE, "C.UTF-8") }
  }

  private static func from(_ el: OpaquePointer) -> EditLineReader? {
    guard let data = llal_el_get_clientdata(el) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
  }

  /// True: lines are edited on a terminal.
  public var isInteractive: Bool { true }

  /// Shows `prompt` and edits one line; Ctrl-C gives `.interrupted`, Ctrl-D on an empty
  /// line `.endOfInput`.
  public func readLine(prompt: String) -> ReadResult {
    free(promptBuffer)
    promptBuffer = strdup(prompt)
    var count: Int32 = 0
    guard let raw = el_gets(editLine, &count) else {
      if count == -1 && llal_errno() == EINTR {
        el_reset(editLine)
        FileHandle.standardOutput.write(Data("\n".utf8))
        return .interrupted
      }
      return .endOfInput
    }
    var line = String(cString: raw)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Adds `entry` to the history that Up and Down walk.
  public func addHistory(_ entry: String) {
    var event = HistEvent()
    llal_history_enter(history, &event, entry)
  }

  /// Nil: what is typed ahead stays with the terminal until it is read.
  public func pendingLine() -> String? { nil }

  /// Flushes the terminal's input queue.
  public func discardPendingInput() { llal_discard_pending_input(0) }

  /// Tab: complete a unique candidate, extend to the common prefix, or list them all.
  private func complete() -> UInt8 {
    guard let completer, let info = el_line(editLine)?.pointee,
      let buffer = info.buffer, let cursor = info.cursor
    else { return UInt8(CC_ERROR) }
    let cursorOffset = buffer.distance(to: cursor)
    let bytes = UnsafeBufferPointer(
      start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: cursorOffset)
    let line = String(decoding: bytes, as: UTF8.self)
    let (start, candidates) = completer(line, line.utf8.count)
    guard !candidates.isEmpty, start <= line.utf8.count else { return UInt8(CC_REFRESH_BEEP) }
    let typed = String(decoding: Array(line.utf8)[start...], as: UTF8.self)
    let common = commonPrefix(candidates)
    if common.utf8.count > typed.utf8.count, common.hasPrefix(typed) {
      el_insertstr(editLine, String(common.dropFirst(typed.count)))
      return UInt8(CC_REFRESH)
    }
    if candidates.count == 1 { return UInt8(CC_REFRESH) }
    let listing = "\n" + candidates.sorted().joined(separator: "  ") + "\n"
    FileHandle.standardOutput.write(Data(listing.utf8))
    return UInt8(CC_REDISPLAY)
  }
}

/// The longest common prefix of `words` (by characters).
func commonPrefix(_ words: [String]) -> String {
  guard var prefix = words.first else { return "" }
  for w in words.dropFirst() {
    while !w.hasPrefix(prefix) { prefix.removeLast() }
  }
  return prefix
}
