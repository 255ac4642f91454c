"""llal's Jupyter kernel driven by a real client: jupyter_client starts it through the
installed kernelspec. Run by scripts/test-jupyter, which sets LLAL (the binary) and
JUPYTER_PATH (the kernelspec)."""

import os
import re
import tempfile
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

LLAL = os.environ["LLAL"]
TIMEOUT = 120  # seconds a reply may take on a loaded machine; no test measures time
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The data and model of the small experiments below (seconds to train).
SMALL_EXPERIMENT = """
data = blobs(count: 90, classes: 3, dimensions: 2, spread: 1, seed: 4)
train, test = data.split(test: 0.3, seed: 0)
model M(x: [2]) {
  h = x |> linear(8) |> relu()
  return h |> linear(3)
}
"""


@pytest.fixture(scope="module")
def kernel():
    log = tempfile.NamedTemporaryFile("w+", prefix="llal-kernel-", suffix=".log", delete=False)
    km, kc = start_new_kernel(kernel_name="llal", stderr=log, startup_timeout=TIMEOUT)
    km.log_path = log.name
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    log.close()
    os.unlink(log.name)


def collect(kc, msg_id):
    """The IOPub messages caused by `msg_id`, up to its idle status."""
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages
        messages.append(msg)


def run(kc, code, **options):
    """Executes `code`; returns the reply content and the IOPub messages it caused."""
    msg_id = kc.execute(code, **options)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply["content"], collect(kc, msg_id)


def of_type(messages, msg_type):
    return [m["content"] for m in messages if m["msg_type"] == msg_type]


# The kernelspec and kernel_info


def test_the_installed_kernelspec_starts_this_binary():
    spec = KernelSpecManager().get_kernel_spec("llal")
    assert spec.argv == [os.path.realpath(LLAL), "kernel", "-f", "{connection_file}"]
    assert spec.language == "llal"
    assert spec.interrupt_mode == "signal"
    assert os.path.exists(os.path.join(spec.resource_dir, "logo-svg.svg"))


def test_kernel_info_names_the_language(kernel):
    _, kc = kernel
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert info["status"] == "ok"
    assert tuple(map(int, info["protocol_version"].split("."))) >= (5, 3)
    language = info["language_info"]
    assert language["name"] == "llal"
    assert language["file_extension"] == ".llal"
    assert language["pygments_lexer"] and language["codemirror_mode"]
    assert info["banner"].startswith("llal ")
    assert info["help_links"]


# Executing cells


def test_a_value_is_an_execute_result(kernel):
    _, kc = kernel
    reply, messages = run(kc, "x = 2\nx * 21")
    assert reply["status"] == "ok"
    inputs = of_type(messages, "execute_input")
    assert inputs[0]["code"] == "x = 2\nx * 21"
    result = of_type(messages, "execute_result")[0]
    assert result["data"] == {"text/plain": "42"}
    assert result["execution_count"] == reply["execution_count"] == inputs[0]["execution_count"]
    states = [m["content"]["execution_state"] for m in messages if m["msg_type"] == "status"]
    assert states == ["busy"]  # and idle, which ended the collection


def test_printed_text_is_a_stdout_stream(kernel):
    _, kc = kernel
    _, messages = run(kc, 'for i in 0..<3 { print("line", i) }')
    text = "".join(s["text"] for s in of_type(messages, "stream") if s["name"] == "stdout")
    assert text == "line 0\nline 1\nline 2\n"


def test_every_rendering_has_its_mime_type(kernel):
    _, kc = kernel
    _, table = run(kc, 'table([[1, 2], [3, 4]], headers: ["a", "b"])')
    data = of_type(table, "execute_result")[0]["data"]
    assert set(data) == {"text/plain", "text/html"}
    assert "<table" in data["text/html"]
    _, chart = run(kc, "plot({random: [0.61, 0.70, 0.74], entropy: [0.62, 0.74, 0.79]})")
    data = of_type(chart, "execute_result")[0]["data"]
    assert set(data) == {"text/plain", "image/svg+xml"}
    assert data["image/svg+xml"].startswith("<svg")
    _, model = run(kc, SMALL_EXPERIMENT + "M")
    data = of_type(model, "execute_result")[0]["data"]
    assert "text/html" in data and "linear(8)" in data["text/html"]


def test_results_show_as_html_and_progress_as_one_updated_display(kernel):
    _, kc = kernel
    code = SMALL_EXPERIMENT + (
        "experiment(M, train, test, [random(), entropy()],"
        " budget: budget(initial: 9, step: 6, cycles: 2), optimizer: sgd(epochs: 2, batch: 4),"
        " seeds: [3, 5])"
    )
    reply, messages = run(kc, code)
    assert reply["status"] == "ok"
    displays = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")]
    assert displays[0]["msg_type"] == "display_data"
    ids = {m["content"]["transient"]["display_id"] for m in displays}
    assert len(ids) == 1
    assert all(m["msg_type"] == "update_display_data" for m in displays[1:])
    final = displays[-1]["content"]["data"]["text/plain"]
    assert final.count("\n") == 7  # one line per cycle: 2 strategies x 2 seeds x 2 cycles
    result = of_type(messages, "execute_result")[0]["data"]
    assert "<table" in result["text/html"]


def test_an_error_has_its_located_traceback(kernel):
    _, kc = kernel
    reply, messages = run(kc, "y = 1\nz = y + nope")
    assert reply["status"] == "error"
    error = of_type(messages, "error")[0]
    assert error["ename"] == reply["ename"] == "CheckError"
    assert error["evalue"] == "unknown name 'nope'"
    assert any("\x1b[" in line for line in error["traceback"])
    plain = [ANSI.sub("", line) for line in error["traceback"]]
    assert re.match(r"In\[\d+\]:2:9: error: unknown name 'nope'", plain[0])
    assert plain[1:3] == ["z = y + nope", "        ^~~~"]


def test_silent_and_store_history(kernel):
    _, kc = kernel
    before, _ = run(kc, "1")
    reply, messages = run(kc, 'print("hidden")\n5', silent=True)
    assert reply["status"] == "ok"
    assert [m["msg_type"] for m in messages] == ["status"]  # busy, and nothing else
    reply, _ = run(kc, "2", store_history=False)
    assert reply["execution_count"] == before["execution_count"]
    after, _ = run(kc, "3")
    assert after["execution_count"] == before["execution_count"] + 1


def test_user_expressions(kernel):
    _, kc = kernel
    reply, _ = run(kc, "w = 3", user_expressions={"double": "w * 2", "bad": "w +"})
    expressions = reply["user_expressions"]
    assert expressions["double"] == {"status": "ok", "data": {"text/plain": "6"}, "metadata": {}}
    assert expressions["bad"]["status"] == "error"


# Completion, inspection, is_complete, history


def test_completion_in_code_points(kernel):
    _, kc = kernel
    run(kc, "donnees = 1")
    code = 's = "🙂é"\nt = donn'  # Python's indices count code points, as the protocol does
    kc.complete(code, len(code))
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["matches"] == ["donnees"]
    assert code[reply["cursor_start"]:reply["cursor_end"]] == "donn"
    kc.complete("learn", 5)
    assert "learning_loss" in kc.get_shell_msg(timeout=TIMEOUT)["content"]["matches"]
    run(kc, SMALL_EXPERIMENT)
    kc.complete("M.", 2)
    assert "h" in kc.get_shell_msg(timeout=TIMEOUT)["content"]["matches"]  # a node of M


def test_inspection(kernel):
    _, kc = kernel
    kc.inspect("zeros([2])", 2)
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["found"] is True
    assert reply["data"]["text/plain"].startswith("zeros(")
    run(kc, "v = [1, 2, 3]")
    kc.inspect("v", 1)
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["data"]["text/plain"].startswith("v: list of 3")
    kc.inspect("no_such_name", 3)
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["found"] is False


def test_is_complete(kernel):
    _, kc = kernel
    answers = {}
    for code in ["x = 1", "for i in 0..<3 {", "x = )"]:
        kc.is_complete(code)
        answers[code] = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert answers["x = 1"]["status"] == "complete"
    assert answers["for i in 0..<3 {"] == {"status": "incomplete", "indent": "  "}
    assert answers["x = )"]["status"] == "invalid"


def test_history_holds_the_sessions_inputs(kernel):
    _, kc = kernel
    run(kc, "h_marker = 7")
    kc.history(hist_access_type="tail", n=1)
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert [entry[2] for entry in reply["history"]] == ["h_marker = 7"]


def test_comm_info_is_empty(kernel):
    _, kc = kernel
    kc.comm_info()
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"] == {"status": "ok", "comms": {}}


# Interrupts


def wait_for_output(kc, msg_id):
    """Waits until the cell `msg_id` prints something: its loop is running."""
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            assert msg["msg_type"] != "error", msg["content"]
            if msg["msg_type"] == "stream":
                return


# Loops forever, saying so once it has gone round 1000 times.
LOOP = '{0} = 0\nwhile true {{ {0} += 1\n if {0} == 1000 {{ print("running") }} }}'


def test_sigint_stops_a_running_loop(kernel):
    km, kc = kernel
    msg_id = kc.execute(LOOP.format("n"))
    wait_for_output(kc, msg_id)
    km.interrupt_kernel()  # SIGINT: the kernelspec's interrupt_mode is "signal"
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["status"] == "error"
    assert reply["ename"] == "Interrupted"
    collect(kc, msg_id)
    _, messages = run(kc, "n >= 1000")
    assert of_type(messages, "execute_result")[0]["data"]["text/plain"] == "true"


def test_interrupt_request_on_control_stops_a_running_loop(kernel):
    _, kc = kernel
    msg_id = kc.execute(LOOP.format("k"))
    wait_for_output(kc, msg_id)
    request = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(request)
    control = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert control["msg_type"] == "interrupt_reply"
    assert control["content"]["status"] == "ok"
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["ename"] == "Interrupted"
    collect(kc, msg_id)
    _, messages = run(kc, "k >= 1000")
    assert of_type(messages, "execute_result")[0]["data"]["text/plain"] == "true"


def test_cells_queued_behind_a_failed_cell_are_aborted(kernel):
    km, kc = kernel
    first = kc.execute(LOOP.format("q"))
    wait_for_output(kc, first)
    queued = kc.execute("after = 1")
    time.sleep(0.5)  # lets the queued request reach the kernel's socket; nothing is timed
    km.interrupt_kernel()
    replies = {}
    for _ in range(2):
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]
    assert replies[first]["ename"] == "Interrupted"
    assert replies[queued]["status"] == "aborted"
    # Both end idle (the aborted one inside the failed one's busy time).
    waiting = {first, queued}
    while waiting:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            waiting.discard(msg["parent_header"].get("msg_id"))
    reply, _ = run(kc, "after")
    assert reply["status"] == "error"  # the aborted cell never ran


def test_an_interrupted_experiment_keeps_its_finished_cycles(kernel):
    km, kc = kernel
    code = SMALL_EXPERIMENT + (
        "r = experiment(M, train, test, [random()], budget: budget(initial: 6, step: 1, cycles: 40),"
        " optimizer: sgd(epochs: 400, batch: 2), seeds: 1)"
    )
    msg_id = kc.execute(code)
    # Waits for the progress display to show a finished cycle, then interrupts.
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        assert msg["msg_type"] != "error", msg["content"]
        if msg["msg_type"] in ("display_data", "update_display_data"):
            if "cycle 1/40:" in msg["content"]["data"]["text/plain"]:
                break
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["status"] == "error"
    assert reply["ename"] == "Interrupted"
    assert "experiment stopped by Ctrl-C" in reply["evalue"]
    collect(kc, msg_id)
    _, messages = run(kc, "r.records.count")
    finished = int(of_type(messages, "execute_result")[0]["data"]["text/plain"])
    assert 1 <= finished < 40


# The wire protocol's safety


def test_a_message_with_a_bad_signature_is_dropped(kernel):
    km, kc = kernel
    forger = Session(key=b"not-the-key", username="mallory")
    bad = forger.msg("execute_request", {"code": 'forged = "ran"', "silent": False})
    forger.send(kc.shell_channel.socket, bad)
    # Shell requests are served in order: once this one is answered, the forged one has
    # been seen and must have been dropped.
    reply, _ = run(kc, "1 + 1")
    assert reply["status"] == "ok"
    reply, messages = run(kc, "forged")
    assert reply["status"] == "error" and reply["evalue"].startswith("unknown name 'forged'")
    with open(km.log_path) as log:
        assert "dropped a message on shell: the signature does not match the key" in log.read()


# Restart (last: the module's kernel starts over)


def test_restart_starts_a_fresh_session(kernel):
    km, kc = kernel
    run(kc, "kept = 1")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, _ = run(kc, "kept")
    assert reply["status"] == "error"
    reply, messages = run(kc, "40 + 2")
    assert of_type(messages, "execute_result")[0]["data"]["text/plain"] == "42"
