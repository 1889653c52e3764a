#!/usr/bin/env bash
# Install filmcrew with the locked versions the tests and benchmarks ran with (requirements/film.txt, hashed),
# and the Debian voices Casting gives the cast (flite, festival's slt, espeak-ng) with sox and fonts.
# usage: bash requirements/install.sh [--dev]
#   --dev: what .ci/run needs too (requirements/dev.txt: pytest, Playwright, diffusers, Ray; Debian's chromium)
# apt-get runs when this is root or sudo needs no password; otherwise it says the one command to run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
lock=requirements/film.txt
# the voices' packages come from tools/voice_packages.txt, the list `filmcrew make` names when a voice is missing
voices=$(sed -e 's/#.*//' tools/voice_packages.txt | awk 'NF > 1 { for (i = 2; i <= NF; i++) printf "%s ", $i }')
debs="${voices}sox fonts-dejavu-core libgomp1"  # libgomp1: llama.cpp's OpenMP threads (the prebuilt wheel)
if [ "${1:-}" = "--dev" ]; then
    lock=requirements/dev.txt
    debs="$debs chromium"
fi
if command -v dpkg >/dev/null; then
    missing=$(for d in $debs; do dpkg -s "$d" >/dev/null 2>&1 || printf '%s ' "$d"; done)
    if [ -n "$missing" ]; then
        as=""
        [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && as=sudo; } || as=none
        if [ "$as" != none ] && $as env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            $as env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; then
            echo "filmcrew: installed the cast's voices and tools: $missing"
        else
            update=""
            ls /var/lib/apt/lists/*Packages* >/dev/null 2>&1 || update="sudo apt-get update && "
            echo "filmcrew: the cast's voices are not installed; run: ${update}sudo apt-get install $missing" >&2
            echo "          (until then a character cast with a missing voice speaks in a stand-in; filmcrew make says who)" >&2
        fi
    fi
else
    echo "filmcrew: no apt here; install flite, festival (with the cmu_us_slt_arctic_hts voice), espeak-ng and" \
         "sox with your system's package manager for the cast's voices" >&2
fi
# llama-cpp-python has no wheel on PyPI. On x86-64 Linux pip takes ours from requirements/wheels/ (built by
# requirements/build-llama-wheel.sh from the locked sdist, its sha256 the lock's second hash): no compile, ggml's
# CPU kernels picked at run time for this CPU. Elsewhere it compiles llama.cpp: trimmed to what it loads (no
# common or multimodal library: requirements/llama-trim.cmake), 83 compile steps instead of 193 (236 CPU-s
# instead of 567), the host CPU's kernels. CMAKE_ARGS of your own are left as they are and ask for the compile
# (pip caches the wheel it builds).
# (an index page, requirements/wheels/llama-cpp-python/index.html, not --find-links: pip ranks a candidate whose
# link carries its sha256 above one without, so from a plain folder it would take PyPI's sdist over our wheel)
wheels=(--extra-index-url "file://$PWD/requirements/wheels")
# its tag says only linux_x86_64: where the C library is not glibc 2.34 or newer it would install and not load
python3 -c 'import platform, sys; c, v = platform.libc_ver(); sys.exit(not (c == "glibc" and
    tuple(map(int, v.split(".")[:2])) >= (2, 34)))' 2>/dev/null || wheels=()
if [ -z "${CMAKE_ARGS:-}" ]; then
    export CMAKE_ARGS="-DLLAVA_BUILD=OFF -DCMAKE_PROJECT_llama.cpp_INCLUDE=$PWD/requirements/llama-trim.cmake"
else
    wheels=()
fi
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}"
# --no-compile: pip byte-compiles every module of every package, one after another (torch, sympy, transformers:
# half its CPU time), most of which a film never imports. Then compileall, on every core, compiles what a film
# imports (requirements/film-imports.txt) and filmcrew's own modules, or with --dev everything (the tests import
# more): where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile them again in every process.
python3 -m pip install --no-compile --require-hashes "${wheels[@]}" -r "$lock"
python3 -m pip install --no-compile --no-deps -e .
site=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ "${1:-}" = "--dev" ]; then
    compiled=("$site")
else
    compiled=()
    for name in $(sed -e 's/#.*//' requirements/film-imports.txt); do
        [ -e "$site/$name" ] && compiled+=("$site/$name")
    done
fi
python3 -m compileall -q -j0 "${compiled[@]}" agents film filmcrew memory prompts tools >/dev/null ||
    echo "filmcrew: some modules could not be byte-compiled ahead; Python compiles them when it imports them" >&2
