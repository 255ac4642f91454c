import LLALLanguage
import LLALRender

/// A value that can be drawn as a chart: a chart itself, experiment results (their
/// learning curves), a dataset of 2-D points (a scatter per class). `plot(value)` draws
/// it; front ends that draw charts their own way — at the terminal's width, as SVG — ask
/// for `chart()` instead of reading the text display.
public protocol ChartConvertible: HostObject {
  /// The chart the value draws as; throws when this value has none (a dataset of images).
  func chart() throws -> Chart
}
