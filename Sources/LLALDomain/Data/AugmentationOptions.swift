import LLALData
import LLALLanguage

/// What `data.augment(...)` and an optimizer's `augment: {...}` write: random crops with
/// zero padding and horizontal flips. Both have the same defaults, the paper's CIFAR
/// augmentation `crop: true, pad: 4, flip: true`, so `data.augment()`, `data.augment(pad:
/// 2)` and `sgd(augment: {})` all crop and flip unless told not to.
enum AugmentationOptions {
  /// Crop at a random offset unless `crop: false`.
  static let crop = true
  /// Zeros added on each side before cropping.
  static let pad = 4
  /// Mirror half the images unless `flip: false`.
  static let flip = true

  /// The augmentation of `crop` (with `pad`) and `flip`; nil when neither is wanted. The
  /// library checks the padding (`Augmentation.padding`), reported at `padArgument` of
  /// `args` (`pad`, or `augment.pad` for a field of a record).
  static func make(
    crop: Bool, pad: Int, flip: Bool, _ args: Arguments, padArgument: String
  ) throws -> Augmentation? {
    var steps: [Augmentation.Step] = []
    if crop { steps.append(.randomCrop(padding: pad)) }
    if flip { steps.append(.horizontalFlip()) }
    if steps.isEmpty { return nil }
    return try args.building(blaming: ["Augmentation.padding": padArgument]) {
      try Augmentation(steps)
    }
  }
}
