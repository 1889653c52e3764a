"""Write requirements/film-imports.txt: the installed packages a film imports (their top-level names).

install.sh has pip install without byte-compiling (pip compiles every module of every package one after
another: torch, sympy, transformers..., none of which a film imports) and then compiles only these, on every
core. Where PYTHONDONTWRITEBYTECODE is set, Python never writes what it compiles on import, so a package
left uncompiled is compiled again by every process that imports it. The list only decides what is compiled
ahead: a package missing from it still works, compiled on import.

usage: python3 requirements/film_imports.py   (makes a 30 s film in a temporary folder; about a minute)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "requirements" / "film-imports.txt"


def top_level(path: str) -> str | None:
    """The site-packages entry a module file lives in ('spacy', 'typing_extensions.py'), or None."""
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            return path.split(marker, 1)[1].split("/", 1)[0]
    return None


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from filmcrew.cli import main as filmcrew

    with tempfile.TemporaryDirectory() as runs:
        code = filmcrew(["make", "Two neighbours argue over a fence, then mend it together.", "--runs-dir", runs])
    if code != 0:
        print(f"the film failed (exit {code}); the list is left as it was", file=sys.stderr)
        return code
    names = sorted({n for m in list(sys.modules.values()) if (n := top_level(getattr(m, "__file__", None) or ""))
                    and not n.startswith("__editable__")})  # pip's finder of an editable install: not a package
    OUT.write_text("# the installed packages a film imports: install.sh byte-compiles these ahead "
                   "(written by requirements/film_imports.py)\n" + "\n".join(names) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(names)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
