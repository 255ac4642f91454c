import ArgumentParser
import Foundation
import LLALKernel
import LLALTensor

/// `llal kernel -f CONNECTION_FILE`: the Jupyter kernel, as the kernelspec that
/// `llal jupyter install` writes starts it.
struct KernelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernel",
    abstract: "Run as a Jupyter kernel (started by Jupyter through its kernelspec).",
    discussion: """
      Binds the channels the connection file names and serves the Jupyter messaging \
      protocol until a shutdown request. SIGINT stops running code at its next safe \
      point, keeping what finished. The exit status is 65 for a connection file that is \
      not valid, 74 when it cannot be read or a port cannot be bound.
      """)

  @Option(name: [.customShort("f"), .customLong("connection-file")], help: "The connection file.")
  var connectionFile: String

  func run() throws {
    do {
      let connection = try ConnectionInfo.load(connectionFile)
      Interrupt.clear()
      Interrupt.installSignalHandler()
      let version = String(LLALVersion.string.split(separator: " ").last ?? "")
      let server = try KernelServer(connection: connection, info: KernelInfo(version: version))
      server.run()
    } catch let error as KernelError {
      KernelLog.write(error.message)
      throw ExitCode(error.isIO ? ExitStatus.ioError : ExitStatus.scriptError)
    }
  }
}

/// `llal jupyter install|uninstall`: the kernelspec that makes llal a Jupyter kernel.
struct JupyterCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jupyter", abstract: "Install or remove the Jupyter kernelspec.",
    subcommands: [Install.self, Uninstall.self])

  /// Where the kernelspec goes, as `jupyter kernelspec install` chooses.
  struct Location: ParsableArguments {
    @Flag(help: "The user's Jupyter data folder (~/.local/share/jupyter/kernels).")
    var user = false
    @Option(help: "PREFIX/share/jupyter/kernels (a virtual environment's prefix, say).")
    var prefix: String?

    func validate() throws {
      if user, prefix != nil { throw ValidationError("give --user or --prefix, not both") }
    }

    var folder: URL { KernelSpec.kernelsFolder(user: user, prefix: prefix) }
  }

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the llal kernelspec (kernel.json and a logo).",
      discussion: """
        Without --user or --prefix, installs for every user in \
        /usr/local/share/jupyter/kernels. The kernelspec starts this llal binary. The \
        exit status is 74 when the folder cannot be written.
        """)

    @OptionGroup var location: Location

    func run() throws {
      guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path else {
        KernelLog.write("cannot find the path of the llal binary")
        throw ExitCode(ExitStatus.ioError)
      }
      do {
        let folder = try KernelSpec(executable: executable).install(in: location.folder)
        print("Installed the llal kernelspec in \(folder.path)")
      } catch let error as KernelError {
        var message = "llal: \(error.message)"
        if !location.user, location.prefix == nil { message += " (try --user)" }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode(ExitStatus.ioError)
      }
    }
  }

  struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove the llal kernelspec.",
      discussion: "Give the same --user or --prefix as at install. Exit status 74 when "
        + "there is no kernelspec there or it cannot be removed.")

    @OptionGroup var location: Location

    func run() throws {
      do {
        let folder = try KernelSpec.uninstall(from: location.folder)
        print("Removed the llal kernelspec from \(folder.path)")
      } catch let error as KernelError {
        FileHandle.standardError.write(Data("llal: \(error.message)\n".utf8))
        throw ExitCode(ExitStatus.ioError)
      }
    }
  }
}
