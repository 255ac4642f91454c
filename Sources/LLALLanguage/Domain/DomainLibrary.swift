/// The active-learning domain in the language: model layers, loss modules, strategies,
/// budgets, optimizers, datasets, experiments, sessions, charts, tables and script
/// parameters.
/// One entry in `BuiltinRegistry.standardLibraries` registers them all.
enum DomainLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    LayerLibrary.register(in: registry)
    ParameterLibrary.register(in: registry)
    DataLibrary.register(in: registry)
    StrategyLibrary.register(in: registry)
    TrainingLibrary.register(in: registry)
    ExperimentLibrary.register(in: registry)
    ChartLibrary.register(in: registry)
    TableLibrary.register(in: registry)
  }
}
