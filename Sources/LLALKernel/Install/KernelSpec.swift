import Foundation
import LLALJSON
import LLALLanguage
import LLALNotebook

/// The kernelspec that tells Jupyter how to start llal: a folder `llal/` holding
/// `kernel.json` (the command line, display name, language, interrupt mode) and a logo,
/// in one of the `kernels/` folders Jupyter searches.
public struct KernelSpec {
  /// The kernel's name (the folder's name, and `--kernel llal` in Jupyter's tools).
  public static let name = "llal"

  /// The absolute path of the `llal` binary the kernelspec starts.
  public let executable: String

  /// A kernelspec starting `executable`.
  public init(executable: String) { self.executable = executable }

  /// `kernel.json`. SIGINT interrupts (`interrupt_mode: signal`), as Ctrl-C does in
  /// the REPL; `interrupt_request` on the control channel does the same.
  public var json: JSON {
    [
      "argv": [.string(executable), "kernel", "-f", "{connection_file}"],
      "display_name": "llal", "language": "llal", "interrupt_mode": "signal",
      "metadata": ["debugger": false],
    ]
  }

  /// Where kernelspecs go: `PREFIX/share/jupyter/kernels` for a prefix (a virtual
  /// environment's, for one), the user's Jupyter data folder for `user`
  /// (`$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter` on
  /// Linux, `~/Library/Jupyter` on macOS), else the system's
  /// `/usr/local/share/jupyter/kernels` — the places `jupyter kernelspec install` uses.
  public static func kernelsFolder(
    user: Bool, prefix: String?,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL {
    if let prefix {
      return URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter/kernels")
    }
    guard user else { return URL(fileURLWithPath: "/usr/local/share/jupyter/kernels") }
    if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty {
      return URL(fileURLWithPath: data).appendingPathComponent("kernels")
    }
    let home = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
    #if os(macOS)
      return home.appendingPathComponent("Library/Jupyter/kernels")
    #else
      if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
        return URL(fileURLWithPath: xdg).appendingPathComponent("jupyter/kernels")
      }
      return home.appendingPathComponent(".local/share/jupyter/kernels")
    #endif
  }

  /// Writes the kernelspec into `kernels` (making the folders), replacing an earlier
  /// one; each file is written to a temporary name and renamed. Returns the kernelspec's
  /// folder. Throws `KernelError` saying what could not be written.
  @discardableResult
  public func install(in kernels: URL) throws -> URL {
    let folder = kernels.appendingPathComponent(Self.name)
    let files: [(String, String)] = [
      ("kernel.json", json.text(indent: 1) + "\n"), ("logo-svg.svg", KernelLogo.svg),
    ]
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for (name, text) in files {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
      }
    } catch {
      throw KernelError(
        "cannot write the kernelspec in '\(folder.path)': \(FileProblem.reason(error))", isIO: true)
    }
    return folder
  }

  /// Removes the llal kernelspec from `kernels`; returns the folder removed. Throws
  /// `KernelError` when there is none or it cannot be removed.
  @discardableResult
  public static func uninstall(from kernels: URL) throws -> URL {
    let folder = kernels.appendingPathComponent(name)
    let spec = folder.appendingPathComponent("kernel.json")
    guard FileManager.default.fileExists(atPath: spec.path) else {
      throw KernelError("no llal kernelspec is installed in '\(kernels.path)'", isIO: true)
    }
    do {
      try FileManager.default.removeItem(at: folder)
    } catch {
      throw KernelError("cannot remove '\(folder.path)': \(FileProblem.reason(error))", isIO: true)
    }
    return folder
  }
}

/// The logo Jupyter shows in its launcher: the name on a rounded square.
enum KernelLogo {
  static let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
    <rect x="2" y="2" width="60" height="60" rx="12" fill="#1f6feb"/>
    <path d="M12 46 C 22 44, 28 30, 34 24 S 46 16, 52 15" fill="none" stroke="#9ecbff" \
    stroke-width="3" stroke-linecap="round"/>
    <text x="32" y="42" font-family="Menlo, Consolas, monospace" font-size="20" \
    font-weight="bold" fill="#ffffff" text-anchor="middle">llal</text>
    </svg>

    """
}
