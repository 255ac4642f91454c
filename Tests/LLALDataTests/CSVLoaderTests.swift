import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

final class CSVLoaderTests: XCTestCase {
  func testHeaderAutodetectedAndIntegerLabelsUsedAsIds() throws {
    let dir = try TemporaryDirectory()
    let withHeader = try dir.write("a.csv", text: "x1,x2,label\n1.5,2,0\n-3,4e1,2\n")
    let d = try Datasets.csv(withHeader)
    XCTAssertEqual(d.x.shape, [2, 2])
    XCTAssertEqual(d.x.scalars, [1.5, 2, -3, 40])
    XCTAssertEqual(d.y, [0, 2])
    XCTAssertEqual(d.classCount, 3)
    XCTAssertNil(d.classNames)
    let noHeader = try dir.write("b.csv", text: "1,2,1\r\n3,4,0.0\r\n\r\n")
    let e = try Datasets.csv(noHeader)
    XCTAssertEqual(e.x.scalars, [1, 2, 3, 4])
    XCTAssertEqual(e.y, [1, 0])
  }

  func testStringLabelsMapToSortedClassIds() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(
      "iris.csv",
      text: "5.1,3.5,setosa\n6.2,2.9,\"versicolor\"\n  7.7 , 3.0 ,virginica\n5.0,3.4,setosa\n")
    let d = try Datasets.csv(path)
    XCTAssertEqual(d.classNames, ["setosa", "versicolor", "virginica"])
    XCTAssertEqual(d.y, [0, 1, 2, 0])
    XCTAssertEqual(d.x.scalars, [5.1, 3.5, 6.2, 2.9, 7.7, 3.0, 5.0, 3.4])
  }

  func testNamedAndIndexedLabelColumnsAndQuotedCells() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("q.csv", text: "kind,\"w, h\",depth\n\"b\"\"x\",1,2\na,\"3\",4\n")
    let d = try Datasets.csv(path, label: .named("kind"))
    XCTAssertEqual(d.classNames, ["a", "b\"x"])
    XCTAssertEqual(d.y, [1, 0])
    XCTAssertEqual(d.x.scalars, [1, 2, 3, 4])
    let first = try Datasets.csv(path, label: .index(0), header: true)
    XCTAssertEqual(first.y, d.y)
    let tsv = try dir.write("t.tsv", text: "1\t\"2\"\t0\n3\t4\t1\n")
    XCTAssertEqual(try Datasets.csv(tsv, delimiter: "\t").x.scalars, [1, 2, 3, 4])
  }

  func testNonNumericCellNamesLineAndColumn() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("bad.csv", text: "a,b,y\n1,2,0\n\n3,abc,1\n")
    assertDataError(
      .malformed, ["bad.csv", "line 4, column 2", "\"abc\" is not a finite number", "(\"b\")"]
    ) {
      try Datasets.csv(path)
    }
    let nan = try dir.write("nan.csv", text: "1,2,0\n3,nan,1\n")
    assertDataError(.malformed, ["nan.csv", "line 2, column 2", "\"nan\""]) {
      try Datasets.csv(nan)
    }
    let empty = try dir.write("empty-cell.csv", text: "1,2,0\n3,,1\n")
    assertDataError(.malformed, ["line 2, column 2", "empty cell"]) { try Datasets.csv(empty) }
    let noLabel = try dir.write("no-label.csv", text: "1,2,0\n3,4,\n")
    assertDataError(.malformed, ["line 2, column 3", "empty label"]) { try Datasets.csv(noLabel) }
  }

  func testRaggedRowsAndBadQuotes() throws {
    let dir = try TemporaryDirectory()
    let ragged = try dir.write("ragged.csv", text: "1,2,0\n3,4\n")
    assertDataError(.malformed, ["ragged.csv", "line 2", "2 cells, expected 3 as on line 1"]) {
      try Datasets.csv(ragged)
    }
    let open = try dir.write("open.csv", text: "1,2,0\n3,\"4,1\n")
    assertDataError(.malformed, ["line 2, column 2", "unterminated quoted cell"]) {
      try Datasets.csv(open)
    }
    let after = try dir.write("after.csv", text: "1,\"2\"x,0\n")
    assertDataError(.malformed, ["line 1, column 2", "after a closing quote"]) {
      try Datasets.csv(after)
    }
  }

  func testStructuralErrors() throws {
    let dir = try TemporaryDirectory()
    let empty = try dir.write("empty.csv", text: "\n\n")
    assertDataError(.malformed, ["empty.csv", "no rows"]) { try Datasets.csv(empty) }
    let headerOnly = try dir.write("header.csv", text: "a,b,label\n")
    assertDataError(.malformed, ["no data rows"]) { try Datasets.csv(headerOnly) }
    let one = try dir.write("one.csv", text: "1\n2\n")
    assertDataError(.malformed, ["at least two columns"]) { try Datasets.csv(one) }
    let named = try dir.write("named.csv", text: "a,b\n1,0\n")
    assertDataError(.malformed, ["no column named \"label\"", "columns: a, b"]) {
      try Datasets.csv(named, label: .named("label"))
    }
    assertDataError(.invalidArgument, ["needs a header"]) {
      try Datasets.csv(named, label: .named("b"), header: false)
    }
    assertDataError(.invalidArgument, ["label column 5"]) {
      try Datasets.csv(named, label: .index(5))
    }
    assertDataError(.invalidArgument, ["delimiter"]) { try Datasets.csv(named, delimiter: ".") }
  }

  func testUnreadableFilesAreIOErrors() throws {
    let dir = try TemporaryDirectory()
    assertDataError(.io, ["missing.csv", "no such file"]) {
      try Datasets.csv(dir.path("missing.csv"))
    }
    assertDataError(.io, ["is a directory"]) { try Datasets.csv(dir.url.path) }
    XCTAssertTrue(DataError(.io, path: "f", "x").isIOError)
  }
}
