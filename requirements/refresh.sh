#!/usr/bin/env bash
# Refresh the locked versions: resolve pyproject.toml's ranges again today, with hashes, for Python 3.11 on
# x86-64 Linux (glibc 2.28+), torch pinned to its CPU build. Then run .ci/run and
# `filmcrew eval --compare bench/results/eval.json` and say in the commit what moved (README, "Locked versions").
# usage: bash requirements/refresh.sh [--upgrade-package NAME ...]   (no argument: every package to its newest)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q "uv==0.13.9"
common=(--generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 --override requirements/torch-cpu.txt
        --no-header --annotation-style line)
upgrade=("${@:---upgrade}")
# torch's CPU build comes from pip's find-links where this machine has one (its wheel lies on disk here),
# else from PyTorch's own CPU index
links=$(python3 -m pip config get global.find-links 2>/dev/null || true)
if [ -n "$links" ]; then common+=(--find-links "$links"); else
    common+=(--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match); fi
# everything .ci/run installs (the film, the tests, diffusers, Ray, the xllamacpp binding); the film's own set
# is cut from it, so both agree
python3 -m uv pip compile pyproject.toml --extra dev --extra diffusers --extra ray --extra xllamacpp "${common[@]}" "${upgrade[@]}" \
    -o requirements/dev.txt
python3 -m uv pip compile pyproject.toml "${common[@]}" -c requirements/dev.txt -o requirements/film.txt
echo "requirements/film.txt and requirements/dev.txt refreshed; now run .ci/run and filmcrew eval --compare"
