/// Pool-based active learning: pool, strategies, budgets, cycles, experiments, metrics.
public enum LLALActive {}
