import LLALJSON
import LLALNotebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `history_request`: this session's own inputs (llal keeps no history across kernel
/// sessions), by `tail`, `range` or glob `search`, each as `[session, line, input]` or,
/// with `output`, `[session, line, [input, output]]`. The session number is always 1.
extension KernelSession {
  func historyReply(_ content: JSON) -> JSON {
    var entries = history
    switch content["hist_access_type"]?.string ?? "tail" {
    case "range":
      // Lines are execution counts; `stop` is exclusive, as in IPython.
      let start = content["start"]?.int ?? 1
      let stop = content["stop"]?.int
      entries = entries.filter { entry in
        entry.line >= start && (stop.map { entry.line < $0 } ?? true)
      }
    case "search":
      let pattern = content["pattern"]?.string ?? "*"
      entries = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
      if content["unique"]?.bool ?? false {
        var seen: Set<String> = []
        entries = entries.reversed().filter { seen.insert($0.input).inserted }.reversed()
      }
      if let n = content["n"]?.int, n >= 0 { entries = Array(entries.suffix(n)) }
    default:
      if let n = content["n"]?.int, n >= 0 { entries = Array(entries.suffix(n)) }
    }
    let withOutput = content["output"]?.bool ?? false
    let rows: [JSON] = entries.map { entry in
      let input: JSON = .string(entry.input)
      let item: JSON = withOutput ? [input, entry.output.map { .string($0) } ?? .null] : input
      return [1, .int(entry.line), item]
    }
    return ["status": "ok", "history": .array(rows)]
  }
}
