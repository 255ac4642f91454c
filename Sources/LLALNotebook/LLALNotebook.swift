/// Percent-format notebook cells, the notebook runner and page/Markdown export.
public enum LLALNotebook {}
