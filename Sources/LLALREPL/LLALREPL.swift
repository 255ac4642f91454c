/// The interactive REPL over libedit.
public enum LLALREPL {}
