import LLALJSON

/// How Jupyter knows llal: the kernelspec's name and the notebook's `language_info`,
/// shared by the kernel's `kernel_info_reply` and the `.ipynb` files llal writes.
public enum JupyterLanguage {
  /// The kernelspec in a notebook's metadata, which makes Jupyter pick the llal kernel.
  public static let kernelspec: JSON = [
    "name": "llal", "display_name": "llal", "language": "llal",
  ]

  /// `language_info`, with the llal version when known. Comments, strings, numbers and
  /// most keywords (`for`, `in`, `if`, `else`, `while`, `return`, `and`, `or`, `not`)
  /// are spelled as in Python, so Python's highlighting (the CodeMirror mode and the
  /// Pygments lexer) fits llal code.
  public static func info(version: String? = nil) -> JSON {
    var info: JSONObject = [
      "name": "llal", "mimetype": "text/x-llal", "file_extension": ".llal",
      "pygments_lexer": "python", "codemirror_mode": "python",
    ]
    if let version { info["version"] = .string(version) }
    return .object(info)
  }
}
