"""The studio's guard: who may talk to it and how, checked once for every request before any page runs.

- The Host header must name the address the studio serves (a page on another site that rebinds its DNS name
  to 127.0.0.1 sends its own name, and is refused).
- The printed URL carries a random token made at launch; it is exchanged for an HttpOnly, SameSite=Strict
  session cookie (and dropped from the address bar). Every other request needs that cookie.
- A state-changing request (POST) must come from the studio's own origin (Origin header) and carry the CSRF
  token the studio put in its pages (form field `csrf` or header X-CSRF-Token). Other methods are refused.
- Every response says what the page may load (Content-Security-Policy: only the studio itself). Referrers go
  to the studio only (same-origin): under no-referrer a browser sends `Origin: null` with its forms.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote

COOKIE = "filmcrew_studio"
MAX_BODY = 1 << 20  # a form with a note or an edit; far more than a person types
POLICY = ("default-src 'self'; img-src 'self' data:; media-src 'self'; script-src 'self'; style-src 'self'; "
          "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


@dataclass
class Keys:
    """The secrets of one launch: the URL token, the session cookie's value and the CSRF token."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class Guard:
    """ASGI middleware enforcing the rules above for `hosts` (the host:port names the studio answers to)."""

    def __init__(self, app, keys: Keys, hosts: set[str]):
        self.app, self.keys, self.hosts = app, keys, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if host not in self.hosts:
            return await _refuse(send, 421, f"This studio answers only at {' or '.join(sorted(self.hosts))}; the "
                                            f"request named host {host!r}. Open the URL the studio printed.")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if scope["method"] == "GET" and _same((query.get("token") or [None])[0], self.keys.token):
            return await _enter(send, scope["path"], self.keys.session)
        cookies = _cookies(headers.get("cookie", ""))
        if not _same(cookies.get(COOKIE), self.keys.session):
            return await _refuse(send, 403, "Open the studio with the URL it printed when it started (the one "
                                            "ending in ?token=…); each launch makes a new one.")
        if scope["method"] in ("GET", "HEAD"):
            return await self.app(scope, receive, _with_policy(send))
        if scope["method"] != "POST":
            return await _refuse(send, 405, f"{scope['method']} is not used by the studio.")
        if headers.get("origin") != f"http://{host}":
            return await _refuse(send, 403, "A change must come from the studio's own pages (the Origin header "
                                            f"was {headers.get('origin')!r}).")
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                return await _refuse(send, 413, "That form is too large for a note or an edit.")
            if not message.get("more_body"):
                break
        sent = headers.get("x-csrf-token") or (parse_qs(body.decode("utf-8", "replace")).get("csrf") or [None])[0]
        if not _same(sent, self.keys.csrf):
            return await _refuse(send, 403, "This form has expired (the studio was restarted): reload the page and "
                                            "send it again.")
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, _with_policy(send))


def _cookies(header: str) -> dict[str, str]:
    out = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def _with_policy(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", [])) + [
                (b"content-security-policy", POLICY.encode()), (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
        await send(message)
    return wrapped


async def _enter(send, path: str, session: str) -> None:
    """The token was right: set the session cookie and send the browser on without the token in its address."""
    cookie = f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict"
    path = path if path.startswith("/") and not path.startswith("//") else "/"  # never off to another site
    path = quote(path, safe="/-._~")
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", (path or "/").encode("latin-1")), (b"set-cookie", cookie.encode()),
                            (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", POLICY.encode())]})
    await send({"type": "http.response.body", "body": body})
