/// The .llal language: source, lexer, parser, AST, diagnostics, interpreter, values,
/// built-ins.
public enum LLALLanguage {}
