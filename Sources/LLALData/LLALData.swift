/// Datasets in memory, file loaders, generators, the bundled digits, splits and
/// augmentation.
public enum LLALData {}
