import LLALTensor

/// `1 element`, `3 elements`: a count and its noun as messages and displays write them.
/// The rule is the libraries' (`describeCount`), so that the language and the libraries
/// below it agree.
public func counted(_ n: Int, _ noun: String) -> String { describeCount(n, noun) }
