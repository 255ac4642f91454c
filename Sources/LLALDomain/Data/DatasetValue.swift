import LLALLanguage
import LLALData
import LLALRender
import LLALTensor

/// A labeled dataset in the language: samples `x` `[N, …]`, classes `y`, and what
/// training on it should do to each batch (augmentation).
///
/// Members: `count`, `shape` (per sample), `classes`, `class_counts`, `x`, `y` (a tensor
/// of class ids, or the float targets `[N, …]`), and the methods `split`, `normalize`, `augment`, `subset`.
final class DatasetValue: ChartConvertible {
  /// The samples and labels.
  let dataset: Dataset
  /// The statistics it was normalised with, for `other.normalize(like: this)`.
  let normalization: Normalization?
  /// Random changes applied to each training batch drawn from it.
  let augmentation: Augmentation?

  /// A dataset value.
  init(
    _ dataset: Dataset, normalization: Normalization? = nil,
    augmentation: Augmentation? = nil
  ) {
    self.dataset = dataset
    self.normalization = normalization
    self.augmentation = augmentation
  }

  var typeName: String { "dataset" }

  var description: String {
    var text = dataset.description
    if let augmentation, !augmentation.steps.isEmpty {
      text += ", augmented: " + augmentation.steps.map(Self.describe).joined(separator: ", ")
    }
    return text
  }

  private static func describe(_ step: Augmentation.Step) -> String {
    switch step {
    case .randomCrop(let p): return "crop with padding \(p)"
    case .horizontalFlip(let p): return p == 0.5 ? "flip" : "flip p=\(p)"
    }
  }

  /// A dataset of 2-D points as a scatter, one series per class.
  func chart() throws -> Chart {
    let d = dataset
    guard d.sampleShape == [2] else {
      throw RuntimeError(
        "must be a dataset of 2-D points to plot, found samples \(describeShape(d.sampleShape))")
    }
    let xs = d.x.scalars
    let series = (0..<d.classCount).map { c in
      Series(
        name: d.classNames?[c] ?? "class \(c)",
        points: d.y.indices.filter { d.y[$0] == c }.map {
          ChartPoint(x: Double(xs[2 * $0]), y: Double(xs[2 * $0 + 1]))
        })
    }
    return Chart(kind: .scatter, xLabel: "x₁", yLabel: "x₂", series: series)
  }

  var memberNames: [String] {
    [
      "count", "shape", "classes", "class_counts", "x", "y", "split", "normalize", "augment",
      "subset",
    ]
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "count": return .int(dataset.count)
    case "shape": return .list(dataset.sampleShape.map { .int($0) })
    case "classes": return .int(dataset.classCount)
    case "class_counts": return .list(dataset.classCounts.map { .int($0) })
    case "x": return .tensor(dataset.x)
    case "y": return .tensor(dataset.targetTensor)
    case "split": return method(DatasetMethods.split)
    case "normalize": return method(DatasetMethods.normalize)
    case "augment": return method(DatasetMethods.augment)
    case "subset": return method(DatasetMethods.subset)
    default: return nil
    }
  }

  private func method(_ builtin: Builtin) -> Value {
    .function(FunctionValue(.method(builtin, receiver: .host(self))))
  }

  /// The same dataset with other samples or settings.
  func with(
    _ dataset: Dataset? = nil, normalization: Normalization?? = nil,
    augmentation: Augmentation?? = nil
  ) -> DatasetValue {
    DatasetValue(
      dataset ?? self.dataset, normalization: normalization ?? self.normalization,
      augmentation: augmentation ?? self.augmentation)
  }
}

extension Arguments {
  /// The dataset in argument `name`.
  func dataset(_ name: String) throws -> DatasetValue {
    if case .host(let h) = self[name], let d = h as? DatasetValue { return d }
    throw error(name, "must be a dataset, found \(self[name].typeName)")
  }

  /// The receiver of a dataset method.
  func receiverDataset() throws -> DatasetValue {
    if case .host(let h)? = receiver, let d = h as? DatasetValue { return d }
    throw RuntimeError("this method needs a dataset, found \(receiver?.typeName ?? "none")")
  }
}
