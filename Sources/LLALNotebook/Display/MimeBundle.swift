import LLALJSON

extension Rendering {
  /// The renderings as a Jupyter MIME bundle: `text/plain` always, `text/html` for
  /// tables and summaries, `image/svg+xml` for charts. The kernel sends it in
  /// `execute_result` and `display_data`; `.ipynb` files store it in outputs.
  public var mimeBundle: JSON {
    var bundle: JSONObject = ["text/plain": .string(text)]
    if let html { bundle["text/html"] = .string(html) }
    if let svg { bundle["image/svg+xml"] = .string(svg) }
    return .object(bundle)
  }
}
