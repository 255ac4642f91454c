import Foundation
import LLALDomain
import LLALJSON
import LLALLanguage
import LLALNotebook

/// The kernel's state and its answers to shell requests: one interpreter for the whole
/// session, the execution counter, the inputs for `history_request`.
///
/// It knows nothing of sockets: `handle(_:)` takes a request and returns the reply's
/// content, publishing what happens on the way through its `Publisher`. The server
/// (`KernelServer`) calls it on the shell thread, one request at a time.
public final class KernelSession {
  /// The interpreter that runs every cell.
  public let interpreter: Interpreter
  /// The answer to `kernel_info_request`.
  public let info: KernelInfo
  let publisher: Publisher
  let output: KernelOutput
  /// The count of executions that stored history (`In[n]`).
  var executionCount = 0
  /// The inputs that stored history, with the plain text of their results.
  var history: [HistoryEntry] = []
  /// The width text renderings are fitted to.
  let displayOptions = DisplayOptions(width: 100, color: false)

  /// A session publishing through `publisher`.
  public init(info: KernelInfo, publisher: Publisher) {
    self.info = info
    self.publisher = publisher
    output = KernelOutput(publisher: publisher)
    interpreter = Self.makeInterpreter(output: output)
  }

  /// The kernel's interpreter, made in this one place.
  static func makeInterpreter(output: OutputSink) -> Interpreter {
    Interpreter(output: output, libraries: [DomainLibrary.self])
  }

  /// Starts sending printed text on a timer (a server does; tests flush by hand).
  func startFlushing() { output.startFlushing() }

  /// The reply type and content for a shell request, or nil for a message that gets no
  /// reply (an unknown type, a comm message).
  public func handle(_ request: WireMessage) -> (type: String, content: JSON)? {
    let content = request.content
    switch request.type {
    case "kernel_info_request": return ("kernel_info_reply", info.reply)
    case "execute_request": return ("execute_reply", execute(request))
    case "complete_request": return ("complete_reply", complete(content))
    case "inspect_request": return ("inspect_reply", inspect(content))
    case "is_complete_request": return ("is_complete_reply", isComplete(content))
    case "history_request": return ("history_reply", historyReply(content))
    case "comm_info_request":
      return ("comm_info_reply", ["status": "ok", "comms": [:]])
    case "comm_open":
      // No comm targets: the protocol says to close it at once.
      publisher.publish(
        "comm_close", ["comm_id": content["comm_id"] ?? "", "data": [:]], parent: request)
      return nil
    case "comm_msg", "comm_close":
      return nil
    default:
      KernelLog.write("ignored a message of unknown type '\(request.type)'")
      return nil
    }
  }
}
