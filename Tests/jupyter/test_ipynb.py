"""Jupyter notebooks in and out: what llal writes passes nbformat.validate, nbconvert
executes it with the llal kernel, and percent-format files round-trip. Run by
scripts/test-jupyter (LLAL, LLAL_ROOT and JUPYTER_PATH set)."""

import json
import os
import subprocess

import nbformat

LLAL = os.environ["LLAL"]
ROOT = os.environ["LLAL_ROOT"]
TIMEOUT = 120  # seconds nbconvert waits for a cell on a loaded machine; nothing is timed


def llal(*args, check=True):
    return subprocess.run([LLAL, *args], capture_output=True, text=True, check=check, cwd=ROOT)


def test_nbconvert_executes_the_quickstart_with_the_llal_kernel(tmp_path):
    notebook = tmp_path / "quickstart.ipynb"
    llal("convert", "examples/quickstart.llal", "-o", str(notebook))
    nbformat.validate(nbformat.read(notebook, as_version=4))
    executed = tmp_path / "executed.ipynb"
    subprocess.run(
        ["jupyter", "nbconvert", "--to", "notebook", "--execute", str(notebook),
         "--output", str(executed), f"--ExecutePreprocessor.timeout={TIMEOUT}"],
        check=True, capture_output=True, text=True,
    )
    nb = nbformat.read(executed, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(o.output_type != "error" for c in code for o in c.outputs)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert any(o.output_type == "execute_result" for c in code for o in c.outputs)


def test_every_ipynb_llal_writes_is_valid(tmp_path):
    source = tmp_path / "outputs.llal"
    source.write_text(
        "# %% [markdown]\n# # Outputs\n\n# %% Values\nprint(\"hi\")\n"
        "table([[1, 2]], headers: [\"a\", \"b\"])\n\n# %% Chart\nplot({a: [1.0, 2.0]})\n\n"
        "# %% Failing\nnope\n"
    )
    ran = tmp_path / "ran.ipynb"
    result = llal("notebook", str(source), "-o", str(ran), check=False)
    assert result.returncode == 65  # the failing cell's check error
    nb = nbformat.read(ran, as_version=4)
    nbformat.validate(nb)
    kinds = [o.output_type for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert kinds == ["stream", "execute_result", "execute_result", "error"]
    converted = tmp_path / "converted.ipynb"
    llal("convert", str(source), "-o", str(converted))
    nbformat.validate(nbformat.read(converted, as_version=4))


def test_percent_format_and_ipynb_round_trip(tmp_path):
    original = os.path.join(ROOT, "examples", "quickstart.llal")
    notebook = tmp_path / "q.ipynb"
    back = tmp_path / "q.llal"
    llal("convert", original, "-o", str(notebook))
    llal("convert", str(notebook), "-o", str(back))
    with open(original) as f:
        assert back.read_text() == f.read()
    # A notebook written by Jupyter (nbformat) comes back with every cell.
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nSome *prose*."),
        nbformat.v4.new_code_cell("a = 1\nprint(a + 1)"),
    ]
    written = tmp_path / "jupyter.ipynb"
    nbformat.write(nb, written)
    as_llal = tmp_path / "jupyter.llal"
    llal("convert", str(written), "-o", str(as_llal))
    again = tmp_path / "again.ipynb"
    llal("convert", str(as_llal), "-o", str(again))
    cells = nbformat.read(again, as_version=4).cells
    assert [(c.cell_type, c.source) for c in cells] == [(c.cell_type, c.source) for c in nb.cells]


def test_run_and_notebook_read_ipynb(tmp_path):
    notebook = tmp_path / "q.ipynb"
    llal("convert", "examples/quickstart.llal", "-o", str(notebook))
    assert llal("run", str(notebook)).stdout == llal("run", "examples/quickstart.llal").stdout
    page = tmp_path / "q.html"
    llal("notebook", str(notebook), "-o", str(page))
    assert "llal in five minutes" in page.read_text()


def test_a_malformed_ipynb_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text(json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}))
    result = llal("run", str(bad), check=False)
    assert result.returncode == 65
    assert result.stderr == (
        f"llal: {bad}: cells[0].source: must be a string or a list of strings, found a number\n"
    )
