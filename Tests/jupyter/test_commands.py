"""The Jupyter side of llal's command line: each failure is one line on standard error
and its exit status (64 usage, 65 bad content, 74 a file or port that cannot be used)."""

import json
import os
import socket
import subprocess

LLAL = os.environ["LLAL"]


def llal(*args):
    return subprocess.run([LLAL, *args], capture_output=True, text=True)


def connection(tmp_path, **fields):
    info = {
        "transport": "tcp", "ip": "127.0.0.1", "shell_port": 1, "iopub_port": 2,
        "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k",
        "signature_scheme": "hmac-sha256",
    }
    info.update(fields)
    path = tmp_path / "connection.json"
    path.write_text(json.dumps(info))
    return path


def test_a_bad_connection_file_names_the_field(tmp_path):
    path = connection(tmp_path, ip=7)
    result = llal("kernel", "-f", str(path))
    assert result.returncode == 65
    assert result.stderr == (
        f"llal kernel: connection file '{path}': \"ip\" must be a string, found a number\n"
    )


def test_a_missing_connection_file_is_an_io_error(tmp_path):
    missing = tmp_path / "missing.json"
    result = llal("kernel", "-f", str(missing))
    assert result.returncode == 74
    assert result.stderr == f"llal kernel: cannot read the connection file '{missing}'\n"


def test_a_port_in_use_is_an_io_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        free = []
        for _ in range(4):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            free.append(s)
        ports = [s.getsockname()[1] for s in free]
        for s in free:
            s.close()
        path = connection(
            tmp_path, shell_port=port, iopub_port=ports[0], stdin_port=ports[1],
            control_port=ports[2], hb_port=ports[3],
        )
        result = llal("kernel", "-f", str(path))
    assert result.returncode == 74
    assert result.stderr.startswith(
        f"llal kernel: cannot bind the shell channel: bind tcp://127.0.0.1:{port}: "
    )


def test_install_and_uninstall_in_a_prefix(tmp_path):
    result = llal("jupyter", "install", "--prefix", str(tmp_path))
    folder = tmp_path / "share" / "jupyter" / "kernels" / "llal"
    assert result.returncode == 0
    assert result.stdout == f"Installed the llal kernelspec in {folder}\n"
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["argv"][0] == os.path.realpath(LLAL)
    assert llal("jupyter", "uninstall", "--prefix", str(tmp_path)).returncode == 0
    assert not folder.exists()
    again = llal("jupyter", "uninstall", "--prefix", str(tmp_path))
    assert again.returncode == 74
    assert again.stderr == (
        f"llal: no llal kernelspec is installed in '{tmp_path}/share/jupyter/kernels'\n"
    )


def test_install_takes_one_place():
    result = llal("jupyter", "install", "--user", "--prefix", "/tmp/x")
    assert result.returncode == 64
    assert result.stderr.startswith("Error: give --user or --prefix, not both\n")


def test_convert_needs_one_notebook_of_each_kind():
    result = llal("convert", "a.llal", "-o", "b.llal")
    assert result.returncode == 64
    assert result.stderr == (
        "llal: convert turns a .llal file into .ipynb or back; got 'a.llal' and 'b.llal'\n"
    )


def test_an_unreadable_notebook_is_an_io_error(tmp_path):
    missing = tmp_path / "missing.ipynb"
    for command in (["run", str(missing)], ["convert", str(missing), "-o", "x.llal"]):
        result = llal(*command)
        assert result.returncode == 74
        assert result.stderr == f"llal: cannot read '{missing}': no such file\n"
