/// The box-drawing characters of one series in a terminal line chart.
///
/// Each series gets its own style (light, heavy, double, dashed, dotted, heavy dashed), so
/// curves stay apart without colour.
struct LineStyle {
  /// A level stretch.
  let horizontal: Character
  /// A vertical stretch.
  let vertical: Character
  /// Where a rising line leaves its level (from the left, turning up): `╯`.
  let riseStart: Character
  /// Where a rising line reaches its new level (from below, turning right): `╭`.
  let riseEnd: Character
  /// Where a falling line leaves its level (from the left, turning down): `╮`.
  let fallStart: Character
  /// Where a falling line reaches its new level (from above, turning right): `╰`.
  let fallEnd: Character
  /// A lone point (a run of one finite point).
  let point: Character

  /// The styles, used in series order and then repeated.
  static let all: [LineStyle] = [
    LineStyle(
      horizontal: "─", vertical: "│", riseStart: "╯", riseEnd: "╭", fallStart: "╮", fallEnd: "╰",
      point: "●"),
    LineStyle(
      horizontal: "━", vertical: "┃", riseStart: "┛", riseEnd: "┏", fallStart: "┓", fallEnd: "┗",
      point: "■"),
    LineStyle(
      horizontal: "═", vertical: "║", riseStart: "╝", riseEnd: "╔", fallStart: "╗", fallEnd: "╚",
      point: "◆"),
    LineStyle(
      horizontal: "╌", vertical: "╎", riseStart: "┘", riseEnd: "┌", fallStart: "┐", fallEnd: "└",
      point: "○"),
    LineStyle(
      horizontal: "┈", vertical: "┊", riseStart: "╯", riseEnd: "╭", fallStart: "╮", fallEnd: "╰",
      point: "◇"),
    LineStyle(
      horizontal: "┅", vertical: "┇", riseStart: "┛", riseEnd: "┏", fallStart: "┓", fallEnd: "┗",
      point: "□"),
  ]

  /// The style of series `index`.
  static func of(series index: Int) -> LineStyle { all[index % all.count] }
}
