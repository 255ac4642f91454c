import LLALLanguage

/// The active-learning domain in the language: model layers and `model` blocks, loss
/// modules, strategies, budgets, optimizers, datasets, experiments, sessions, charts,
/// tables and script parameters.
///
/// Front ends install it in one call: `Interpreter(output: sink, libraries: [DomainLibrary.self])`.
public enum DomainLibrary: InterpreterLibrary, BuiltinLibrary {
  public static func install(in interpreter: Interpreter) {
    register(in: interpreter.registry)
    interpreter.blockLowering = ModelBlockLowering()
  }

  /// Registers the domain's built-ins (without the `model` block lowering).
  public static func register(in registry: BuiltinRegistry) {
    LayerLibrary.register(in: registry)
    AnchorLibrary.register(in: registry)
    ParameterLibrary.register(in: registry)
    DataLibrary.register(in: registry)
    DetectionDataLibrary.register(in: registry)
    StrategyLibrary.register(in: registry)
    ComposedStrategyLibrary.register(in: registry)
    LossModuleLibrary.register(in: registry)
    TiDALLibrary.register(in: registry)
    TrainingLibrary.register(in: registry)
    TaskLibrary.register(in: registry)
    ExperimentLibrary.register(in: registry)
    ChartLibrary.register(in: registry)
    ShowLibrary.register(in: registry)
    StatisticsLibrary.register(in: registry)
    TableLibrary.register(in: registry)
    RecordQueryLibrary.register(in: registry)
    ResultFilesLibrary.register(in: registry)
    ColdStartLibrary.register(in: registry)
    CSVRecordsLibrary.register(in: registry)
  }
}
