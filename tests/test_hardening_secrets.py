"""Secrets and the language-model server: a key or a password in an address never reaches the disk or the
terminal, even when a server echoes it back; an unreachable server is named with how to start one; the bundled
model and the voices write nothing outside the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from film.events import read_events
from filmcrew.cli import main
from tests.hardening import PITCH, made


class EchoingServer:
    """A language-model server on 127.0.0.1 that refuses every request with 401 and echoes back what it was
    sent (the Authorization header, the path): the worst case of a server's error message."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Echo(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.dumps({"error": {"message": f"invalid key {self.headers.get('Authorization')} at "
                                                        f"{self.path}", "headers": dict(self.headers)}}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        self.port = self.server.server_address[1]

    def __enter__(self):
        import threading

        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("password", ["", "hunter2-pass"])
def test_a_key_a_server_echoes_back_never_reaches_the_disk_or_the_terminal(tmp_path, monkeypatch, capsys,
                                                                          password):
    import base64

    key = "sk-echo-me-0123456789abcdef"
    secrets = [key.encode()] + ([password.encode(), base64.b64encode(f"filmuser:{password}".encode())]
                                if password else [])
    for name, value in {"WIDTH": "256", "HEIGHT": "144", "LIBRARY_DIR": str(tmp_path / "library"),
                        "LLM_API_KEY": key}.items():
        monkeypatch.setenv(f"FILMCREW_{name}", value)
    runs = tmp_path / "runs"
    with EchoingServer() as server:
        host = f"127.0.0.1:{server.port}"
        url = f"http://filmuser:{password}@{host}/v1" if password else f"http://{host}/v1"
        code = main(["make", PITCH, "--seconds", "5", "--backend", "openai", "--llm-url", url, "--model", "m",
                     "--runs-dir", str(runs), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "refused" in err and "FILMCREW_LLM_API_KEY" in err and "Traceback" not in err, err
    run = next(runs.iterdir())
    assert {"events.jsonl", "run.json", "checkpoints.sqlite"} <= {p.name for p in run.iterdir()}
    failed = [e.error for e in read_events(run) if e.kind == "failed"]
    assert failed and "invalid key" in failed[0] and "***" in failed[0]  # the server did echo it back
    for path in runs.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not [s for s in secrets if s in data], path
    assert not [s for s in secrets if s.decode() in err]
    info = json.loads((run / "run.json").read_text())
    if password:
        assert info["settings"]["llm_url"] == f"http://***@{host}/v1"
        assert info["secrets"] == {"llm_api_key": "set", "llm_url": "user:password left out"}
        assert main(["resume", str(run)]) == 2  # the address without its password cannot be used: say so
        assert "FILMCREW_LLM_URL" in capsys.readouterr().err
    else:
        assert info["secrets"] == {"llm_api_key": "set"}


@pytest.mark.parametrize("text, gone", [
    ("401: {'Authorization': 'Bearer abc123def456'}", "abc123def456"),
    ("see http://me:pa55word@example.com/v1", "pa55word"),
    ('{"api_key": "k-0123456789"}', "k-0123456789"),
    ("x-api-key: zzzz99999999", "zzzz99999999"),
    ("a token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", "eyJhbGciOiJIUzI1NiJ9"),
])
def test_the_redactor_removes_what_looks_like_a_secret_and_leaves_prose_alone(text, gone):
    from film.redact import redact

    assert gone not in redact(text) and "***" in redact(text)
    for prose in ("The bearer of bad news knocks twice.", "A token of thanks.", "The secret: she is his aunt.",
                  "Basic training starts at dawn."):
        assert redact(prose) == prose


def test_the_api_key_is_never_written_to_the_run(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("FILMCREW_LLM_API_KEY", "sk-do-not-store-0123456789")
    run = made(cli, tmp_path / "runs")
    assert made(cli, tmp_path / "runs") == run  # a make with the key set: run.json is written again
    for path in run.rglob("*"):
        if path.is_file():
            assert b"sk-do-not-store" not in path.read_bytes(), path
    assert json.loads((run / "run.json").read_text())["secrets"] == {"llm_api_key": "set"}


@pytest.mark.slow  # waits for a connection to be refused: the slow tier keeps the fast one under a minute
def test_an_unreachable_llm_url_names_the_url_and_how_to_start_a_server(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FILMCREW_WIDTH", "256")
    monkeypatch.setenv("FILMCREW_HEIGHT", "144")
    code = main(["make", PITCH, "--seconds", "5", "--backend", "openai", "--llm-url", "http://127.0.0.1:9/v1",
                 "--runs-dir", str(tmp_path / "runs")])
    err = capsys.readouterr().err
    assert code == 1 and "http://127.0.0.1:9/v1" in err and "llama_cpp.server" in err and "Traceback" not in err


def test_nothing_is_written_outside_the_runs_folder_by_the_model_or_the_voices(tmp_path):
    """The bundled model is read where pip put it (joined in memory, no copy in ~/.cache) and onnxruntime (the
    Piper voice's engine) writes no device id or telemetry queue: a fresh HOME stays empty."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import film, onnx, onnxruntime, numpy as np\n"
        "from onnx import TensorProto, helper\n"
        "node = helper.make_node('Identity', ['x'], ['y'])\n"
        "graph = helper.make_graph([node], 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1])],\n"
        "                          [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1])])\n"
        "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)]); model.ir_version = 8\n"
        "session = onnxruntime.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider'])\n"
        "assert session.run(None, {'x': np.ones(1, np.float32)})[0][0] == 1\n"
        "from tools.llm import bundled_gemma_path\n"
        "path = bundled_gemma_path()\n"
        "assert path.is_file() and path.stat().st_size > 200_000_000, path\n"
        "print(path)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "ORT_DISABLE_TELEMETRY")}
    env.update(HOME=str(home), PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("/proc/")  # an in-memory file: nothing of the model on disk
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []
