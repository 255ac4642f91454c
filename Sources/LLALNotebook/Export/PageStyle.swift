/// The style sheet inlined in every notebook page: readable prose, code and output
/// blocks, tables and figures, with no external fonts or files.
enum PageStyle {
  static let css = """
    body { margin: 0; background: #fafafa; color: #1f2328;
      font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
    .llal-notebook { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
    .llal-cell { margin: 1.25rem 0; }
    .llal-code { border: 1px solid #d0d7de; border-radius: 6px; background: #fff;
      overflow: hidden; }
    .llal-cell-title { padding: 0.35rem 0.75rem; font-size: 0.85rem; font-weight: 600;
      color: #57606a; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
    pre { margin: 0; font: 13.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      white-space: pre; overflow-x: auto; }
    .llal-source { padding: 0.75rem; background: #f6f8fa; }
    .llal-output { border-top: 1px solid #d0d7de; padding: 0.75rem; overflow-x: auto; }
    .llal-output > * + * { margin-top: 0.75rem; }
    .llal-error { color: #b42318; background: #fef3f2; padding: 0.5rem; border-radius: 4px; }
    .llal-failed { border-color: #f04438; }
    .llal-not-run { opacity: 0.6; }
    .llal-note { margin: 0; padding: 0.5rem 0.75rem; font-size: 0.85rem; font-style: italic;
      border-top: 1px solid #d0d7de; }
    .llal-figure svg { max-width: 100%; height: auto; }
    .llal-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    .llal-table th, .llal-table td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; }
    .llal-table thead th { background: #f6f8fa; }
    .llal-table caption { font-weight: 600; text-align: left; padding-bottom: 0.3rem; }
    .llal-table tfoot td { color: #57606a; font-size: 0.9rem; }
    .llal-prose code { background: #eff1f3; padding: 0.1em 0.3em; border-radius: 4px;
      font-size: 90%; }
    .llal-prose pre { background: #f6f8fa; padding: 0.75rem; border-radius: 6px; }
    .llal-prose pre code { background: none; padding: 0; }
    .llal-prose blockquote { margin: 0; padding-left: 1rem; border-left: 4px solid #d0d7de;
      color: #57606a; }
    """
}
