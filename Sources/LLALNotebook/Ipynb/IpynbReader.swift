import LLALJSON

/// A Jupyter notebook that cannot be read: the field that is wrong and why.
public struct IpynbError: Error, Equatable, CustomStringConvertible {
  /// The notebook's file name.
  public let file: String
  /// The field concerned (`cells[2].source`), or nil for the file as a whole.
  public let field: String?
  /// What is wrong.
  public let message: String

  /// `x.ipynb: cells[2].cell_type: must be "code", "markdown" or "raw", found "heading"`
  public var description: String {
    "\(file): " + (field.map { "\($0): " } ?? "") + message
  }
}

/// Reads a Jupyter notebook (nbformat 4, any minor version) into a document of prose and
/// code cells, not run: Markdown and raw cells become prose, a cell's `"title"` metadata
/// its title (as Jupytext and `IpynbWriter` keep it). Outputs are left behind, since
/// llal runs the cells again.
public enum IpynbReader {
  /// The cells of the notebook in `text`, the file named `file`. Throws `IpynbError`
  /// naming the first field that is not what nbformat 4 says.
  public static func read(_ text: String, file: String) throws -> NotebookDocument {
    func fail(_ field: String?, _ message: String) -> IpynbError {
      IpynbError(file: file, field: field, message: message)
    }
    let json: JSON
    do {
      json = try JSON.parse(text)
    } catch let error as JSONSyntaxError {
      throw fail(nil, "not a Jupyter notebook: the JSON is broken at \(error)")
    }
    guard case .object = json else {
      throw fail(nil, "not a Jupyter notebook: it holds \(json.kindName), not an object")
    }
    guard let format = json["nbformat"] else {
      throw fail("nbformat", "missing: a Jupyter notebook says its format version")
    }
    guard format.int == 4 else {
      throw fail("nbformat", "must be 4 (llal reads nbformat 4), found \(format.text())")
    }
    guard let cellList = json["cells"] else { throw fail("cells", "missing") }
    guard let cells = cellList.array else {
      throw fail("cells", "must be an array, found \(cellList.kindName)")
    }
    var document = NotebookDocument(title: title(of: file), cells: [])
    for (i, cell) in cells.enumerated() {
      let path = "cells[\(i)]"
      guard case .object = cell else {
        throw fail(path, "must be an object, found \(cell.kindName)")
      }
      guard let type = cell["cell_type"] else { throw fail("\(path).cell_type", "missing") }
      guard let typeName = type.string, ["code", "markdown", "raw"].contains(typeName) else {
        throw fail(
          "\(path).cell_type", "must be \"code\", \"markdown\" or \"raw\", found \(type.text())")
      }
      let source = try multilineString(cell["source"], "\(path).source", fail)
      var title: String?
      if let metadata = cell["metadata"] {
        guard case .object = metadata else {
          throw fail("\(path).metadata", "must be an object, found \(metadata.kindName)")
        }
        if let t = metadata["title"] {
          guard let s = t.string else {
            throw fail("\(path).metadata.title", "must be a string, found \(t.kindName)")
          }
          title = s
        }
      }
      let content: NotebookCell.Content = typeName == "code" ? .code(source) : .prose(source)
      document.cells.append(NotebookCell(content: content, title: title, status: .notRun))
    }
    return document
  }

  /// A string, or a list of strings joined (nbformat's multi-line string).
  private static func multilineString(
    _ value: JSON?, _ field: String, _ fail: (String?, String) -> IpynbError
  ) throws -> String {
    guard let value else { throw fail(field, "missing") }
    if let s = value.string { return s }
    guard let parts = value.array else {
      throw fail(field, "must be a string or a list of strings, found \(value.kindName)")
    }
    var text = ""
    for (j, part) in parts.enumerated() {
      guard let s = part.string else {
        throw fail("\(field)[\(j)]", "must be a string, found \(part.kindName)")
      }
      text += s
    }
    return text
  }

  /// The file's name without its folder, as a page title until a heading gives one.
  private static func title(of file: String) -> String {
    file.split(separator: "/").last.map(String.init) ?? file
  }
}
