/// `llal bench …`: benchmarks printing one JSON line per case.
public enum LLALBench {}
