import LLALTensor

/// Running long work from a built-in.
enum Running {
  /// Runs `body`, turning the engine's stop at Ctrl-C into the language's interrupt.
  static func interruptible<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let stop as LLALTensor.Interrupt.Stopped {
      var error = RuntimeError("interrupted (\(stop.site))")
      error.isInterrupt = true
      throw error
    }
  }
}
