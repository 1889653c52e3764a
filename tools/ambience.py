"""The sound of a place: procedural ambience beds and simple foley, rendered with numpy alone (no samples).

A scene's set and weather pick the layers of its bed (`layers_for`): room tone indoors, open air outdoors, rain,
wind, sea waves, crowd murmur, city traffic, birds by day and crickets at night, a storm's rain, wind and
thunder. Each layer is shaped noise or a few synthetic calls: white noise filtered in the frequency domain,
moved by slow random envelopes (gusts, swells, passing cars, syllables of a murmuring crowd), or short sine
chirps placed at random times. Indoors, the weather outside is heard muffled through the walls. Each layer
sits at its own natural level (dBFS RMS, dialogue sits at -20): room tone far down, a storm close behind the
voices; the mix (tools/montage.py) ducks the bed under dialogue and guarantees the lines stay clear of it.

Foley comes from the scene's action words (`foley_for`): a door (creak and latch), footsteps, a knock,
placed where the Editor says the action happens. Same arguments and seed, same bytes: every random draw comes
from one `numpy.random.default_rng(seed)` in a fixed order.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from tools.voice import write_wav

RATE = 48000  # the film's sound rate: beds are mixed without resampling
LEVELS = {  # natural level of each layer, dBFS RMS (dialogue is mixed at -20)
    "room": -48.0, "air": -46.0, "rain": -32.0, "storm": -31.0, "thunder": -35.0, "wind": -35.0,
    "sea": -33.0, "crowd": -35.0, "city": -36.0, "birds": -38.0, "crickets": -42.0,
}
TEXTURE_SECONDS = 5.0  # noise layers repeat a seamless texture this long under envelopes that do not repeat
AIR_HZ = 15000.0  # beds stop here: the film's AAC cuts near 17.5 kHz or above
MUFFLE_DB = -12.0  # weather and outdoor life heard through the walls of an interior
FOLEY_DB = -30.0  # RMS of a foley event over its own length
FOLEY_WORDS = {
    "door": "door doors doorway opens open opened closes close closed shuts shut slams slammed unlocks",
    "knock": "knock knocks knocked knocking raps",
    "footsteps": "walks walk walked steps step footsteps enters enter entered paces runs run climbs approaches "
                 "crosses arrives leaves strides wanders hurries follows limps",
}
_FOLEY = {kind: set(words.split()) for kind, words in FOLEY_WORDS.items()}
PLACE_WORDS = {
    "sea": "sea beach shore coast harbour harbor pier dock lighthouse ship boat deck cliff port ocean bay island",
    "crowd": "market cafe café restaurant bar pub station square party hall fair festival crowd stadium "
             "school classroom shop mall airport train bus office",
    "city": "city street alley road town square station market downtown rooftop parking bridge",
    "birds": "forest wood woods garden park field meadow farm orchard mountain valley hill countryside",
    "water": "river lake pond stream creek canal waterfall",
}
_PLACES = {layer: set(words.split()) for layer, words in PLACE_WORDS.items()}


def foley_for(text: str) -> list[str]:
    """The foley an action's words call for, in FOLEY_WORDS order: 'The door opens and Mara enters' ->
    ['door', 'footsteps']."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return [kind for kind, vocab in _FOLEY.items() if words & vocab]


def layers_for(place: str, setting: str, interior: bool, time_of_day: str, weather: str) -> dict[str, float]:
    """The bed's layers and their levels (dBFS RMS) for a set: its place words, setting, inside or out, time of
    day and weather. Indoors, anything from outside (weather, sea, traffic, birds) is MUFFLE_DB quieter and
    heard through a low-pass (the mix marks it with the `muffled` flag in `render`)."""
    words = set(re.findall(r"[a-zé]+", f"{place} {setting}".lower()))
    night = time_of_day.upper() == "NIGHT"
    out: dict[str, float] = {"room" if interior else "air": LEVELS["room" if interior else "air"]}
    outside: dict[str, float] = {}
    if setting in ("sea", "water") or words & (_PLACES["sea"] | _PLACES["water"]):
        outside["sea"] = LEVELS["sea"] - (6.0 if setting == "water" or words & _PLACES["water"] else 0.0)
    if setting in ("city", "street") or words & _PLACES["city"]:
        outside["city"] = LEVELS["city"]
    if words & _PLACES["crowd"]:
        (out if interior else outside)["crowd"] = LEVELS["crowd"]
    calm = weather in ("clear", "fog", "wind")
    if calm and (setting in ("forest", "field", "mountain") or words & _PLACES["birds"]):
        outside["crickets" if night else "birds"] = LEVELS["crickets" if night else "birds"]
    if setting in ("mountain", "sky") or weather == "wind":
        outside["wind"] = LEVELS["wind"] + (3.0 if weather == "wind" else 0.0)
    if weather == "rain":
        outside["rain"] = LEVELS["rain"]
    elif weather == "storm":
        outside.update(storm=LEVELS["storm"], wind=LEVELS["wind"] + 2.0, thunder=LEVELS["thunder"])
    elif weather in ("snow", "fog"):
        outside["wind"] = LEVELS["wind"] - 8.0
    for layer, level in outside.items():
        out[layer] = level + (MUFFLE_DB if interior else 0.0)
    return out


# --- building blocks ----------------------------------------------------------------------------------------

def fast_len(n: int) -> int:
    """The smallest 2^a * 3^b * 5^c >= n: numpy's FFT is quick on those sizes."""
    best = 1 << max(0, (n - 1).bit_length())
    f5 = 1
    while f5 < best:
        f35 = f5
        while f35 < best:
            m = f35
            while m < n:
                m *= 2
            best = min(best, m)
            f35 *= 3
        f5 *= 5
    return best


def _shaped(rng: np.random.Generator, n: int, response, channels: int = 2) -> np.ndarray:
    """Noise of n samples (channels decorrelated) whose spectrum follows a magnitude response given as a
    function of frequency in Hz; returned at unit RMS, shape (n, channels). White noise's spectrum is complex
    Gaussian, so it is drawn there directly and shaped: one inverse FFT per layer. The result is periodic in its
    transform's length, so a long bed repeats a seamless TEXTURE_SECONDS texture (the slow envelopes laid over
    it never repeat): the cost of a layer stops growing with the scene's length."""
    size = fast_len(min(n, int(TEXTURE_SECONDS * RATE)))
    bins = size // 2 + 1
    spectrum = rng.standard_normal((channels, 2 * bins)).view(np.complex128)
    texture = np.fft.irfft(spectrum * response(np.fft.rfftfreq(size, 1 / RATE)), size).T
    out = np.tile(texture, (-(-n // size), 1))[:n] if n > size else texture[:n]
    return out / max(float(np.sqrt(np.mean(texture ** 2))), 1e-12)


def _filter(x: np.ndarray, response) -> np.ndarray:
    """x (n, channels) through a magnitude response (a function of frequency in Hz), in the frequency domain."""
    n = len(x)
    size = fast_len(n)
    spectrum = np.fft.rfft(np.ascontiguousarray(x.T), size) * response(np.fft.rfftfreq(size, 1 / RATE))
    return np.fft.irfft(spectrum, size)[:, :n].T


def _band(lo: float, hi: float, order: int = 2, tilt: float = 0.0):
    """A smooth band-pass magnitude response (Butterworth-like skirts of `order`), tilted by `tilt` dB per
    octave above `lo` (negative tilts darken, like pink or brown noise), and nothing above AIR_HZ."""
    def response(f: np.ndarray) -> np.ndarray:
        f = np.maximum(f, 1.0)
        r = 1 / np.sqrt(1 + (lo / f) ** (2 * order)) / np.sqrt(1 + (f / hi) ** (2 * order))
        r /= np.sqrt(1 + (f / AIR_HZ) ** 16)  # nothing above AIR_HZ, which the film's AAC would cut
        return r * (np.maximum(f, lo) / lo) ** (tilt / 6.02)
    return response


def _slow(rng: np.random.Generator, n: int, lo: float, hi: float, parts: int = 4) -> np.ndarray:
    """A slow random envelope in 0..1: a few sinusoids between lo and hi Hz with random phases (computed every
    millisecond and interpolated: it moves far slower than that)."""
    coarse = np.arange(0, n + RATE // 1000, RATE // 1000)
    t = coarse / RATE
    wave = sum(np.sin(2 * np.pi * rng.uniform(lo, hi) * t + rng.uniform(0, 2 * np.pi)) for _ in range(parts))
    return np.interp(np.arange(n), coarse, 0.5 + 0.5 * wave / parts)


def _decay(n: int, seconds: float) -> np.ndarray:
    return np.exp(-np.arange(n) / (seconds * RATE))


def _add(buf: np.ndarray, at: float, sound: np.ndarray, pan: float = 0.0) -> None:
    """Add a mono sound into a stereo buffer at `at` seconds, panned -1 (left) .. 1 (right), cut at the ends."""
    i = int(round(at * RATE))
    lo, hi = max(0, -i), min(len(sound), len(buf) - i)
    if hi <= lo:
        return
    gains = np.array([np.cos((pan + 1) * np.pi / 4), np.sin((pan + 1) * np.pi / 4)])
    buf[i + lo:i + hi] += sound[lo:hi, None] * gains[None, :]


def _chirp(f0: float, f1: float, seconds: float) -> np.ndarray:
    """A sine gliding from f0 to f1 Hz under a raised-sine envelope (zero at both ends, so it never clicks)."""
    n = max(4, int(seconds * RATE))
    freq = np.linspace(f0, f1, n)
    return np.sin(2 * np.pi * np.cumsum(freq) / RATE) * np.sin(np.pi * np.arange(n) / (n - 1)) ** 2


def _burst(rng: np.random.Generator, seconds: float, decay: float, lo: float, hi: float) -> np.ndarray:
    """A short band-limited noise burst with an exponential decay: scuffs, clicks, latches."""
    n = max(8, int(seconds * RATE))
    return _shaped(rng, n, _band(lo, hi), 1)[:, 0] * _decay(n, decay)


def _mixed(*sounds: np.ndarray) -> np.ndarray:
    """Mono sounds summed from their first samples, as long as the longest."""
    out = np.zeros(max(len(x) for x in sounds))
    for x in sounds:
        out[:len(x)] += x
    return out


def _thump(freq: float, seconds: float, decay: float) -> np.ndarray:
    """A damped low sine from zero: the body of a footstep, a knock or a door meeting its frame."""
    n = max(8, int(seconds * RATE))
    t = np.arange(n) / RATE
    return np.sin(2 * np.pi * freq * t) * _decay(n, decay) * np.minimum(1.0, t / 0.002)


# --- layers -------------------------------------------------------------------------------------------------

def _room(rng, n):
    return _shaped(rng, n, _band(40, 900, 2, -4.0)) + 0.1 * _shaped(rng, n, _band(2000, 8000))


def _air(rng, n):
    return _shaped(rng, n, _band(80, 4000, 2, -3.0))


def _rain(rng, n, density: float = 1.0):
    hiss = _shaped(rng, n, _band(600, 11000, 2, -1.5))
    size = fast_len(min(n, int(TEXTURE_SECONDS * RATE)))
    drops = np.zeros((size, 2))
    count = int(density * 220 * size / RATE)
    np.add.at(drops, (rng.integers(0, size, count), rng.integers(0, 2, count)), rng.exponential(1.0, count))
    drops = _filter(drops, _band(1500, 9000))  # circular, so it tiles like the hiss
    drops /= max(float(np.sqrt(np.mean(drops ** 2))), 1e-12)
    drops = np.tile(4 * np.tanh(drops / 4), (-(-n // size), 1))[:n]  # the odd big drop, not a click
    return (hiss + 0.5 * drops) * (0.85 + 0.15 * _slow(rng, n, 0.05, 0.3))[:, None]


def _wind(rng, n):
    gusts = 0.25 + 0.75 * _slow(rng, n, 0.04, 0.25) ** 1.5
    body = _shaped(rng, n, _band(70, 900, 2, -3.0))
    whistle = _shaped(rng, n, _band(500, 800, 4))
    return (body + 0.25 * whistle * gusts[:, None]) * gusts[:, None]


def _sea(rng, n):
    t = np.arange(n) / RATE
    period = rng.uniform(6.5, 9.0)
    phase = rng.uniform(0, 2 * np.pi)
    swell = (0.5 - 0.5 * np.cos(2 * np.pi * t / period + phase)) ** 2
    wash = (0.5 - 0.5 * np.cos(2 * np.pi * t / period + phase - 0.9)) ** 3
    body = _shaped(rng, n, _band(50, 1800, 2, -3.0)) * (0.3 + 0.7 * swell)[:, None]
    foam = _shaped(rng, n, _band(1500, 9000)) * wash[:, None]
    return body + 0.5 * foam


def _crowd(rng, n):
    out = np.zeros((n, 2))
    for formant in (320, 520, 800, 1200, 1800):
        voice = _shaped(rng, n, _band(formant * 0.7, formant * 1.4, 2), 1)[:, 0]
        syllables = np.clip(_slow(rng, n, 2.5, 6.0, 3) * 2 - 0.6, 0, 1)
        _add(out, 0.0, voice * syllables, float(rng.uniform(-0.6, 0.6)))
    return out + 0.3 * _shaped(rng, n, _band(200, 2500, 2, -3.0))


def _city(rng, n):
    rumble = _shaped(rng, n, _band(30, 400, 2, -4.0))
    cars = np.zeros((n, 2))
    seconds = n / RATE
    for at in np.arange(rng.uniform(0.5, 3.0), seconds + 2, 1):
        at = at + rng.uniform(0, 3.5)
        if at > seconds + 1.5:
            break
        length = rng.uniform(2.5, 4.5)
        m = int(length * RATE)
        bell = np.exp(-0.5 * ((np.arange(m) / RATE - length / 2) / (length / 5)) ** 2)
        sweep = _shaped(rng, m, _band(90, 2500, 2, -3.0), 1)[:, 0] * bell
        direction = float(rng.choice([-1.0, 1.0]))
        half = m // 2
        _add(cars, at - length / 2, np.concatenate([sweep[:half], np.zeros(m - half)]), -0.6 * direction)
        _add(cars, at - length / 2, np.concatenate([np.zeros(half), sweep[half:]]), 0.6 * direction)
    return rumble + 0.8 * cars


def _birds(rng, n):
    out = np.zeros((n, 2))
    seconds = n / RATE
    at = rng.uniform(0, 0.8)
    while at < seconds:
        pan, base = float(rng.uniform(-0.8, 0.8)), float(rng.uniform(2600, 4800))
        for k in range(int(rng.integers(2, 6))):
            length = float(rng.uniform(0.04, 0.11))
            up = float(rng.choice([0.7, 1.35]))
            _add(out, at + k * rng.uniform(0.09, 0.16), _chirp(base, base * up, length) * rng.uniform(0.5, 1.0), pan)
        at += rng.exponential(1.2) + 0.3
    return out


def _crickets(rng, n):
    out = np.zeros((n, 2))
    seconds = n / RATE
    for _ in range(3):
        carrier, pan = float(rng.uniform(4000, 4900)), float(rng.uniform(-0.8, 0.8))
        every, pulses = float(rng.uniform(0.45, 0.8)), int(rng.integers(3, 5))
        pulse = _chirp(carrier, carrier, 0.014)
        for at in np.arange(rng.uniform(0, every), seconds, every):
            for k in range(pulses):
                _add(out, at + k * 0.03, pulse * rng.uniform(0.6, 1.0), pan)
    return out


def _thunder(rng, n):
    out = np.zeros((n, 2))
    seconds = n / RATE
    count = max(1, int(seconds // 9))
    for k in range(count):
        at = (k + rng.uniform(0.2, 0.6)) * seconds / count
        length = float(rng.uniform(2.5, 4.0))
        m = int(length * RATE)
        env = np.minimum(1.0, np.arange(m) / (0.08 * RATE)) * _decay(m, length / 4)
        env *= 0.7 + 0.3 * _slow(rng, m, 1.0, 4.0)
        rumble = _shaped(rng, m, _band(25, 300, 2, -3.0), 1)[:, 0] * env
        crack = _burst(rng, 0.25, 0.06, 300, 5000) * 0.6
        _add(out, at, rumble, float(rng.uniform(-0.4, 0.4)))
        _add(out, at, crack, float(rng.uniform(-0.4, 0.4)))
    return out


LAYERS = {"room": _room, "air": _air, "rain": _rain, "storm": lambda rng, n: _rain(rng, n, 2.5),
          "wind": _wind, "sea": _sea, "crowd": _crowd, "city": _city, "birds": _birds, "crickets": _crickets,
          "thunder": _thunder}


# --- foley --------------------------------------------------------------------------------------------------

def _door(rng, interior: bool):
    """A creak (a stick-slip buzz gliding up) and, 0.6 s later, the latch and the door meeting its frame."""
    n = int(0.55 * RATE)
    t = np.arange(n) / RATE
    freq = 90 + 160 * t / t[-1] + 25 * np.sin(2 * np.pi * 7 * t + rng.uniform(0, 6.3))
    phase = np.cumsum(freq) / RATE
    creak = (2 * (phase % 1.0) - 1) * np.sin(np.pi * t / t[-1]) ** 2 * (0.6 + 0.4 * rng.random(n))
    spectrum = np.fft.rfft(creak) * _band(400, 3500)(np.fft.rfftfreq(n, 1 / RATE))
    creak = np.fft.irfft(spectrum, n)
    out = np.zeros(int(1.0 * RATE))
    out[:n] += creak / max(float(np.abs(creak).max()), 1e-12) * 0.35
    slam = _mixed(_thump(85 if interior else 70, 0.35, 0.07), 0.5 * _burst(rng, 0.03, 0.004, 1500, 7000))
    out[int(0.6 * RATE):int(0.6 * RATE) + len(slam)] += slam
    return out


def _footsteps(rng, interior: bool):
    """Five steps half a second apart: a heel's low thump and a scuff (longer and grittier outside)."""
    out = np.zeros(int(2.4 * RATE))
    for k in range(5):
        at = int((k * 0.5 + rng.uniform(-0.03, 0.03) + 0.05) * RATE)
        scuff = 0.5 * _burst(rng, 0.05, 0.008, 1500, 6000) if interior else 0.7 * _burst(rng, 0.12, 0.03, 800, 5000)
        step = _mixed(_thump(rng.uniform(70, 110), 0.12, 0.025), scuff)
        step *= 1.0 if k % 2 else 0.85
        out[at:at + len(step)] += step[:len(out) - at]
    return out


def _knock(rng, interior: bool):
    """Three knocks on wood: damped resonances struck with a click."""
    out = np.zeros(int(0.9 * RATE))
    for k in range(3):
        at = int((0.05 + k * 0.22 + rng.uniform(-0.01, 0.01)) * RATE)
        hit = sum(_thump(f, 0.2, d) * g for f, d, g in ((170, 0.05, 1.0), (340, 0.03, 0.5), (560, 0.02, 0.3)))
        hit = _mixed(hit, 0.3 * _burst(rng, 0.01, 0.002, 2000, 8000))
        out[at:at + len(hit)] += hit[:len(out) - at]
    return out


FOLEY = {"door": _door, "footsteps": _footsteps, "knock": _knock}


class Ambience:
    """Procedural ambience beds and foley: numpy synthesis, deterministic per (arguments, seed)."""

    backend = "procedural"
    model = "ambience-2"

    def bed(self, seconds: float, layers: dict[str, float], foley: list[tuple[float, str]], seed: int, out: Path,
            *, interior: bool = False) -> dict:
        """Write a stereo 16-bit WAV at RATE of exactly `seconds`: each layer in `layers` (name -> dBFS RMS,
        see `layers_for`) plus each (seconds, kind) foley event. Outdoor layers of an interior are low-passed
        (heard through the walls). Returns {"seconds", "layers", "foley"}."""
        unknown = sorted(set(layers) - set(LAYERS)) + sorted({k for _, k in foley} - set(FOLEY))
        if unknown:
            raise ValueError(f"unknown ambience layer or foley {unknown}: choose from {sorted(LAYERS)} and "
                             f"{sorted(FOLEY)} (layers_for and foley_for pick them)")
        if seconds <= 0:
            raise ValueError(f"an ambience bed needs a positive length, got {seconds} s")
        rng = np.random.default_rng(seed)
        n = int(round(seconds * RATE))
        mix = np.zeros((n, 2))
        for name in sorted(layers):
            layer = LAYERS[name](rng, n)
            rms = float(np.sqrt(np.mean(layer ** 2)))
            if rms <= 0:
                continue
            if interior and name not in ("room", "crowd"):
                layer = _filter(layer, _band(30, 700, 2))
                rms = max(float(np.sqrt(np.mean(layer ** 2))), 1e-12)
            mix += layer * (10 ** (layers[name] / 20) / rms)
        for at, kind in sorted(foley):
            sound = FOLEY[kind](rng, interior)
            level = float(np.sqrt(np.mean(sound ** 2)))
            _add(mix, at, sound * (10 ** (FOLEY_DB / 20) / max(level, 1e-12)), float(rng.uniform(-0.3, 0.3)))
        if n and float(np.abs(mix).max()) > 0.98:  # a bed asked to be very loud saturates softly, keeping its level
            mix = 0.98 * np.tanh(mix / 0.98)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        write_wav(Path(out), mix.astype(np.float32), rate=RATE)
        return {"seconds": n / RATE, "layers": sorted(layers), "foley": [kind for _, kind in sorted(foley)]}
