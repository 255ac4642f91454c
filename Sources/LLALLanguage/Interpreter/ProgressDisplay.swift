/// An output sink that shows the progress of long work (training, experiments) in place,
/// as a Jupyter kernel's updatable display does, instead of the status line that is
/// redrawn on a terminal's standard error.
///
/// Training and experiments look for it on the interpreter's `output`: when the sink
/// conforms, progress goes there whatever standard error is.
public protocol ProgressDisplay: OutputSink {
  /// The width in cells a status line is fitted to.
  var progressWidth: Int { get }
  /// Shows `status` (one line) in place of the previous status, starting the display if
  /// none is shown.
  func showProgress(_ status: String)
  /// Adds a finished step's line (a cycle's result), which stays when the status goes.
  func logProgress(_ line: String)
  /// Ends the display: the status line goes, the logged lines stay.
  func endProgress()
}
