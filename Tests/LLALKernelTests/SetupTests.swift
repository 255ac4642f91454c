import Foundation
import LLALJSON
import LLALNotebook
import XCTest

@testable import LLALKernel

/// Reading connection files and writing kernelspecs.
final class SetupTests: XCTestCase {
  private let good = """
    {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 5001, "iopub_port": 5002,
     "stdin_port": 5003, "control_port": 5004, "hb_port": 5005, "key": "k",
     "signature_scheme": "hmac-sha256", "kernel_name": "llal"}
    """

  func testAConnectionFileGivesTheEndpoints() throws {
    let info = try ConnectionInfo(json: good, file: "c.json")
    XCTAssertEqual(info.endpoint(info.shellPort), "tcp://127.0.0.1:5001")
    XCTAssertEqual(info.heartbeatPort, 5005)
    XCTAssertEqual(info.key, "k")
    var ipc = info
    ipc.transport = "ipc"
    ipc.ip = "/tmp/kernel"
    XCTAssertEqual(ipc.endpoint(5002), "ipc:///tmp/kernel-5002")
  }

  func testABadConnectionFileNamesTheField() {
    func problem(_ text: String) -> String {
      do {
        _ = try ConnectionInfo(json: text, file: "c.json")
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    XCTAssertEqual(
      problem("{\"ip\": "),
      "connection file 'c.json' is not JSON: line 1, column 8: expected a value, found the end of the text"
    )
    XCTAssertEqual(
      problem("[]"), "connection file 'c.json' must hold a JSON object, found an array")
    XCTAssertEqual(
      problem(good.replacingOccurrences(of: "\"hb_port\": 5005, ", with: "")),
      "connection file 'c.json' has no \"hb_port\"")
    XCTAssertEqual(
      problem(good.replacingOccurrences(of: "5003", with: "70000")),
      "connection file 'c.json': \"stdin_port\" must be a port from 1 to 65535, found 70000")
    XCTAssertEqual(
      problem(good.replacingOccurrences(of: "\"127.0.0.1\"", with: "7")),
      "connection file 'c.json': \"ip\" must be a string, found a number")
    XCTAssertEqual(
      problem(good.replacingOccurrences(of: "hmac-sha256", with: "hmac-md5")),
      "connection file 'c.json': \"signature_scheme\" \"hmac-md5\" is not supported; use \"hmac-sha256\""
    )
    XCTAssertThrowsError(try ConnectionInfo.load("/nonexistent/c.json")) {
      XCTAssertEqual(
        $0 as? KernelError,
        KernelError("cannot read the connection file '/nonexistent/c.json'", isIO: true))
    }
  }

  func testTheKernelspecStartsThisBinaryWithSignalInterrupts() throws {
    let spec = KernelSpec(executable: "/opt/llal/bin/llal").json
    XCTAssertEqual(spec["argv"], ["/opt/llal/bin/llal", "kernel", "-f", "{connection_file}"])
    XCTAssertEqual(spec["interrupt_mode"], "signal")
    XCTAssertEqual(spec["language"], "llal")
    XCTAssertEqual(spec["display_name"], "llal")
  }

  func testInstallWritesTheFilesAndUninstallRemovesThem() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-spec-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: root) }
    let kernels = KernelSpec.kernelsFolder(user: false, prefix: root.path)
    XCTAssertEqual(kernels.path, root.path + "/share/jupyter/kernels")
    let folder = try KernelSpec(executable: "/bin/llal").install(in: kernels)
    let written = try String(
      contentsOf: folder.appendingPathComponent("kernel.json"), encoding: .utf8)
    XCTAssertEqual(try JSON.parse(written), KernelSpec(executable: "/bin/llal").json)
    let logo = try String(
      contentsOf: folder.appendingPathComponent("logo-svg.svg"), encoding: .utf8)
    XCTAssertTrue(logo.hasPrefix("<svg"))
    try KernelSpec.uninstall(from: kernels)
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))
    XCTAssertThrowsError(try KernelSpec.uninstall(from: kernels)) {
      XCTAssertEqual("\($0)", "no llal kernelspec is installed in '\(kernels.path)'")
    }
  }

  func testInstallSaysWhyItCannotWrite() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-spec-file-\(UUID().uuidString)")
    try Data("x".utf8).write(to: file)
    addTeardownBlock { try? FileManager.default.removeItem(at: file) }
    XCTAssertThrowsError(try KernelSpec(executable: "/bin/llal").install(in: file)) {
      XCTAssertTrue(
        "\($0)".hasPrefix("cannot write the kernelspec in '\(file.path)/llal': "), "\($0)")
    }
  }

  func testUserAndSystemFolders() {
    XCTAssertEqual(
      KernelSpec.kernelsFolder(user: true, prefix: nil, environment: ["JUPYTER_DATA_DIR": "/d"])
        .path,
      "/d/kernels")
    XCTAssertEqual(
      KernelSpec.kernelsFolder(user: false, prefix: nil, environment: [:]).path,
      "/usr/local/share/jupyter/kernels")
    #if os(Linux)
      XCTAssertEqual(
        KernelSpec.kernelsFolder(user: true, prefix: nil, environment: ["HOME": "/home/u"]).path,
        "/home/u/.local/share/jupyter/kernels")
      XCTAssertEqual(
        KernelSpec.kernelsFolder(
          user: true, prefix: nil, environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]
        ).path,
        "/x/jupyter/kernels")
    #endif
  }
}
