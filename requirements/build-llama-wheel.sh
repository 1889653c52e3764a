#!/usr/bin/env bash
# Build the portable llama-cpp-python wheel that requirements/install.sh installs without a compile
# (requirements/wheels/), from the same sdist that requirements/film.txt locks (its sha256 is checked).
# The CPU kernels are built as variants that ggml picks at run time (GGML_BACKEND_DL, GGML_CPU_ALL_VARIANTS,
# no -march=native), trimmed to a few; ggml loads the best one the CPU can run (tools/llm.py points it at the
# package's lib folder):
#   x64       any x86-64 (the fallback)
#   haswell   AVX2 + FMA (Intel since 2013, AMD Zen 1-3)
#   skylakex  AVX-512 (Intel Skylake-SP/Cascade Lake servers)
#   icelake   AVX-512 + VBMI + VNNI (Intel Ice Lake and later servers)
#   zen4      AVX-512 + VBMI + VNNI + BF16 (AMD Zen 4/5: the machine the project's words were first written on)
# The wheel needs what the machine it was built on gives: glibc and libstdc++ at least as new as the symbols its
# libraries use (built on Debian 12 with GCC 12: GLIBC_2.34, GLIBCXX_3.4.29; see objdump -T) and GCC's OpenMP
# runtime (Debian's libgomp1, which requirements/install.sh installs). Build it on the oldest system it should
# run on.
# usage: bash requirements/build-llama-wheel.sh [OUT_DIR] [WORK_DIR]   (defaults: requirements/wheels, a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$(realpath -m "${1:-requirements/wheels}")
work=$(realpath -m "${2:-$(mktemp -d)}")
variants="${LLAMA_WHEEL_VARIANTS:-x64 haswell skylakex icelake zen4}"
version=$(sed -n 's/^llama-cpp-python==\([0-9.]*\).*/\1/p' requirements/film.txt)
sdist="llama_cpp_python-$version.tar.gz"
mkdir -p "$work" "$out"
if [ ! -f "$work/$sdist" ]; then
    python3 -m pip download --no-deps --no-binary :all: -d "$work" "llama-cpp-python==$version"
fi
# the sdist must be one the lock names (a --hash of its llama-cpp-python entry; the other is this wheel's)
want=$(awk '/^llama-cpp-python==/ { f = 1; next } f && /--hash=sha256:/ { sub(/.*--hash=sha256:/, ""); sub(/[ \\].*/, ""); print; next } f { exit }' requirements/film.txt)
have=$(sha256sum "$work/$sdist" | cut -d' ' -f1)
echo "$want" | grep -qx "$have" || { echo "build-llama-wheel: $sdist has sha256 $have, not in the lock: $want" >&2; exit 1; }
src="$work/llama_cpp_python-$version"
rm -rf "$src"
tar -xzf "$work/$sdist" -C "$work"
# ggml looks for the CPU variants only beside the executable and in the current folder, not in the package's lib
# folder: llama_cpp loads the best one from there itself, when the library is loaded (and nothing else has
# registered a backend yet), so `python -m llama_cpp.server` and any other user of the wheel find it too.
python3 - "$src/llama_cpp/llama_cpp.py" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
anchor = "_lib = load_shared_library(_lib_base_name, _base_path)\n"
assert text.count(anchor) == 1, "llama_cpp.py: the line that loads libllama moved"
text = text.replace(anchor, anchor + """
# a build with the CPU kernels as run-time variants (GGML_BACKEND_DL; filmcrew's requirements/wheels/):
# load the best variant this CPU runs, from this folder (ggml searches only the executable's and the current one)
# (quietly: llama_cpp's own logger, set when llama_cpp.llama is imported next, takes over ggml's log after)
if sorted(_base_path.glob("libggml-cpu-*.so")):
    _libggml = ctypes.CDLL(str(_base_path / "libggml.so"), mode=ctypes.RTLD_GLOBAL)
    _libggml.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    _ggml_quiet = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)(lambda *_: None)
    _libggml.ggml_log_set(_ggml_quiet, None)
    if _libggml.ggml_backend_reg_count() == 0:
        _libggml.ggml_backend_load_all_from_path(os.fsencode(_base_path))
""")
open(path, "w").write(text)
PY
# keep only the chosen x86 variants (the sdist's list has 14 of them)
keep=$(echo "$variants" | tr ' ' '|')
sed -i -E "/ggml_add_cpu_backend_variant\((x64|sse42|sandybridge|ivybridge|piledriver|haswell|skylakex|cannonlake|cascadelake|icelake|cooperlake|zen4|alderlake|sapphirerapids)([ )])/{/ggml_add_cpu_backend_variant\(($keep)[ )]/!d}" \
    "$src/vendor/llama.cpp/ggml/src/CMakeLists.txt"
found=$(grep -cE "^ *ggml_add_cpu_backend_variant\(($keep)[ )]" "$src/vendor/llama.cpp/ggml/src/CMakeLists.txt")
[ "$found" = "$(echo "$variants" | wc -w)" ] || { echo "build-llama-wheel: variants $variants: found $found in the sdist" >&2; exit 1; }
export CMAKE_ARGS="-DLLAVA_BUILD=OFF -DCMAKE_PROJECT_llama.cpp_INCLUDE=$root/requirements/llama-wheel.cmake \
-DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DGGML_NATIVE=OFF"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
rm -rf "$work/dist"
python3 -m pip wheel --no-deps --no-cache-dir -w "$work/dist" "$src"
wheel=$(ls "$work"/dist/llama_cpp_python-"$version"-*.whl)
cp "$wheel" "$out/"
# the index page install.sh gives pip (--extra-index-url file://.../requirements/wheels): the link carries the sha256
name=$(basename "$wheel")
mkdir -p "$out/llama-cpp-python"
printf '<!DOCTYPE html>\n<html><body>\n<a href="../%s#sha256=%s">%s</a>\n</body></html>\n' \
    "$name" "$(sha256sum "$wheel" | cut -d' ' -f1)" "$name" > "$out/llama-cpp-python/index.html"
echo "build-llama-wheel: $out/$name sha256 $(sha256sum "$wheel" | cut -d' ' -f1)"
