// Invariants shared by the data-loader fuzz targets (CSV, NPY, IDX, CIFAR).
import Foundation
import LLALData

/// Runs a loader on bytes in memory. An error must be a `DataError` that says what is
/// wrong, and never an I/O error, since nothing is read from disk; anything else thrown is
/// a finding.
func attempt(_ what: String, _ body: () throws -> Void) {
  do {
    try body()
  } catch let error as DataError {
    require(error.kind != .io, "\(what): an I/O error for bytes in memory: \(error)")
    require(!error.reason.isEmpty, "\(what): an error without a reason")
    require(error.description.contains(error.reason), "\(what): description \(error)")
  } catch {
    require(false, "\(what): an untyped error \(type(of: error)): \(error)")
  }
}

/// `attempt` for a loader that returns a dataset, which must pass `checkDataset`.
func load(_ what: String, finite: Bool = true, _ body: () throws -> Dataset) {
  attempt(what) { checkDataset(try body(), what, finite: finite) }
}

/// What every dataset promises: one label per sample, every label a class id below
/// `classCount` (itself within the limit), names for every class if any, and (for
/// features read as numbers) only finite values.
func checkDataset(_ d: Dataset, _ what: String, finite: Bool) {
  require(d.x.rank >= 2, "\(what): samples of rank \(d.x.rank)")
  require(d.x.shape[0] == d.y.count, "\(what): \(d.y.count) labels for \(d.x.shape)")
  require(d.classCount >= 0 && d.classCount <= Dataset.maxClassCount, "\(what): classes")
  require(d.y.allSatisfy { $0 >= 0 && $0 < d.classCount }, "\(what): a label out of range")
  require(d.classNames.map { $0.count == d.classCount } ?? true, "\(what): class names")
  require(d.classCounts.reduce(0, +) == d.count, "\(what): class counts")
  if finite {
    require(d.x.scalars.allSatisfy(\.isFinite), "\(what): a value that is not finite")
  }
}
