import LLALRender

/// A value that can be drawn as a chart: a chart itself, or experiment results (their
/// learning curves). Front ends that draw charts their own way — at the terminal's
/// width, as SVG — ask for `chart` instead of parsing the text display.
public protocol ChartConvertible: HostObject {
  /// The chart the value draws as.
  var chart: Chart { get }
}
