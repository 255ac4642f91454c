import LLALLanguage

/// One piece of a code cell's output, in the order it appeared.
public enum CellOutput: Equatable, Sendable {
  /// Text the program printed.
  case printed(String)
  /// The value of the cell's last line, when that is a bare expression.
  case value(Rendering)
  /// Diagnostics that stopped the cell, rendered without colour.
  case error(String)
}

/// A cell of a notebook page: Markdown prose, or code with its output.
public struct NotebookCell: Equatable, Sendable {
  /// What the cell holds.
  public enum Content: Equatable, Sendable {
    /// Markdown prose.
    case prose(String)
    /// `.llal` source.
    case code(String)
  }

  /// How running a code cell went.
  public enum Status: Equatable, Sendable {
    /// It ran to the end (prose cells are always here).
    case succeeded
    /// A parse, check or runtime error, or an interrupt, stopped it.
    case failed(Diagnostic.Phase)
    /// It was not run, because an earlier cell failed and the run stops at the first error.
    case notRun
  }

  /// The prose or code.
  public var content: Content
  /// The title written after `# %%`, if any.
  public var title: String?
  /// What the code printed and displayed, in order.
  public var outputs: [CellOutput]
  /// How running it went.
  public var status: Status
  /// The message of the first diagnostic that stopped it, when it failed.
  public var failureMessage: String?

  /// A cell from its parts.
  public init(
    content: Content, title: String? = nil, outputs: [CellOutput] = [],
    status: Status = .succeeded, failureMessage: String? = nil
  ) {
    self.content = content
    self.title = title
    self.outputs = outputs
    self.status = status
    self.failureMessage = failureMessage
  }
}

/// A run notebook (or a REPL session): a title and cells with their output, ready to be
/// written as an HTML page (`HTMLPage`) or Markdown (`MarkdownPage`).
public struct NotebookDocument: Equatable, Sendable {
  /// The page title.
  public var title: String
  /// The cells in order.
  public var cells: [NotebookCell]

  /// A document from its parts.
  public init(title: String, cells: [NotebookCell]) {
    self.title = title
    self.cells = cells
  }

  /// The phase of the first failed cell, or nil when every cell ran.
  public var firstFailure: Diagnostic.Phase? {
    for cell in cells {
      if case .failed(let phase) = cell.status { return phase }
    }
    return nil
  }
}
