import Foundation
import TestSupport
import XCTest

@testable import LLALREPL

final class HistoryFileTests: XCTestCase {
  func testDefaultLocationFollowsXDGStateHome() {
    XCTAssertEqual(
      HistoryFile.defaultURL(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path,
      "/s/llal/history")
    XCTAssertEqual(
      HistoryFile.defaultURL(environment: ["HOME": "/h"]).path, "/h/.local/state/llal/history")
  }

  func testRoundTripKeepsMultiLineAndNonASCIIEntries() throws {
    let url = try temporaryDirectory().appendingPathComponent("nested/history")
    var h = HistoryFile(url: url, capacity: 10)
    h.append("x = 1")
    h.append("fn f(a) {\n  return a * 2\n}")
    h.append("λ = \"naïve \\ path\"")
    XCTAssertNil(h.save())
    var again = HistoryFile(url: url, capacity: 10)
    XCTAssertNil(again.load())
    XCTAssertEqual(again.entries, h.entries)
  }

  func testDropsConsecutiveDuplicatesAndBlankEntriesAndCaps() {
    var h = HistoryFile(url: URL(fileURLWithPath: "/unused"), capacity: 3)
    XCTAssertTrue(h.append("a"))
    XCTAssertFalse(h.append("a"))
    XCTAssertFalse(h.append("   "))
    h.append("b")
    h.append("a")
    h.append("c")
    XCTAssertEqual(h.entries, ["b", "a", "c"])
  }

  func testUnwritableLocationGivesAWarningNotACrash() throws {
    let dir = try temporaryDirectory()
    let blocker = dir.appendingPathComponent("file")
    try Data("x".utf8).write(to: blocker)
    var h = HistoryFile(url: blocker.appendingPathComponent("history"), capacity: 5)
    h.append("x")
    let warning = h.save()
    XCTAssertNotNil(warning)
    XCTAssertTrue(warning?.hasPrefix("warning: could not save history") ?? false)
  }

  func testUnreadableFileGivesAWarning() throws {
    let dir = try temporaryDirectory()
    let url = dir.appendingPathComponent("history")
    try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: url)
    var h = HistoryFile(url: url)
    XCTAssertEqual(h.load(), "warning: could not read history \(url.path): it is not UTF-8 text")
    XCTAssertEqual(h.entries, [])
  }

  func testHistoryThatIsADirectoryGivesClearWarnings() throws {
    let url = try temporaryDirectory().appendingPathComponent("history")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    var h = HistoryFile(url: url)
    XCTAssertEqual(h.load(), "warning: could not read history \(url.path): it is a directory")
    h.append("x")
    XCTAssertEqual(
      h.save(), "warning: could not save history \(url.path): is a directory, not a file")
  }

  func testCommonPrefix() {
    XCTAssertEqual(commonPrefix(["entropy", "entry", "ent"]), "ent")
    XCTAssertEqual(commonPrefix(["margin"]), "margin")
    XCTAssertEqual(commonPrefix([]), "")
  }
}
