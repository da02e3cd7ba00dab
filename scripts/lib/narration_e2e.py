#!/usr/bin/env python3
"""End-to-end narration check: the voice a listener with closed eyes hears.

A short PMR session (a spoken line, then one muscle group: the "Next"
quiet that names it and says how to tense it, tensing, letting go) whose
words are all built-in lines, so the built-in voice speaks them. It plays
in the real app (`respite play`, Xvfb, a private PulseAudio null sink) while
parec records the sink's monitor. Each segment of the recording is lined
up with the same segment of an offline `respite render` of the session
(the app keeps time by the sound it has played, so if a loaded machine
stalls the stream, everything after comes later, together), and then in
every segment:
- the envelopes of recording and render agree (the cue and the speech in
  place, in step with each other);
- the spoken line (segments with "voice_s" in `respite timeline --json`)
  is heard over its clip's length at the render's level, and the quiet
  after it is as quiet as the render's.
"""

import argparse
import array
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_sound import RATE, Rig, finish  # noqa: E402

HOP = RATE // 100  # 10 ms
SCRIPT = """format = 1
title = "Narration check"
kind = "pmr"
summary = "One spoken line and one muscle group, for the end-to-end narration check."

[sound]
ambient = "none"
pmr_cue = "chime"
release_cue = "bowl"

[[step]]
kind = "say"
text = "Sit or lie down comfortably, and let your eyes close if that feels right. Take one easy breath, and let it go."

[[step]]
kind = "pmr"
groups = "4"
skip = ["face", "trunk", "legs"]
tense = 7
release = 14
gap = 15
effort = "gentle"
repeat = 1
"""


def envelope(path):
    """RMS of each 10 ms of the first channel, as a fraction of full scale."""
    with wave.open(path) as w:
        channels, n = w.getnchannels(), w.getnframes()
        assert w.getframerate() == RATE and w.getsampwidth() == 2, path
        samples = array.array("h", w.readframes(n))[::channels]
    return [math.sqrt(sum(x * x for x in samples[i:i + HOP]) / HOP) / 32768 for i in range(0, len(samples) - HOP + 1, HOP)]


def first_sound(env, floor=1e-3):
    return next((i for i, x in enumerate(env) if x > floor), None)


def db(env, a, b):
    frames = env[max(a, 0):max(b, 0)]
    if not frames:
        return None
    return 10 * math.log10(sum(x * x for x in frames) / len(frames) + 1e-12)


def lost_spans(log):
    """(lost at, resumed from) playhead times the app logged."""
    spans, lost = [], None
    for line in log.splitlines():
        m = re.search(r"lost at (\d+\.\d+) s", line)
        if m:
            lost = float(m.group(1))
        m = re.search(r"playing through .* from (\d+\.\d+) s", line)
        if m and lost is not None:
            spans.append((lost, float(m.group(1))))
            lost = None
    if lost is not None:
        spans.append((lost, float("inf")))
    return spans


def energy_db(env):
    return 10 * math.log10(sum(x * x for x in env) + 1e-12)


def dropouts(got, ref):
    """10 ms frames of digital silence in the recording where the render
    has sound."""
    return sum(1 for g, r in zip(got, ref) if g == 0.0 and r > 1e-3)


def correlation(a, b):
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    ma, mb = sum(a) / n, sum(b) / n
    num = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    den = math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) or 1.0
    return num / den


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="respite-narration-")
    rig = Rig(work)
    problems = []
    try:
        script = os.path.join(work, "narration.toml")
        open(script, "w").write(SCRIPT)
        timeline = json.loads(subprocess.check_output([args.bin, "timeline", "--json", script]))
        spoken = [s for s in timeline["segments"] if "voice_s" in s]
        kinds = sorted({s["kind"] for s in spoken})
        if len(spoken) != len(timeline["segments"]):
            sys.exit("e2e-narration: not every segment is spoken: %s" % [s["label"] for s in timeline["segments"] if "voice_s" not in s])
        render = os.path.join(work, "render.wav")
        subprocess.run([args.bin, "render", script, "-o", render], check=True, capture_output=True)
        duration = timeline["duration_s"]

        rig.start_pulse()
        rig.start_x()
        wav = os.path.join(work, "rec.wav")
        rec = rig.record(wav)
        time.sleep(0.5)
        err = open(os.path.join(work, "app.log"), "w+")
        app = subprocess.Popen([args.bin, "play", script], env=rig.env, stdout=err, stderr=err)
        time.sleep(duration + 9.0)
        log = finish(app, rec, err)

        ref, got = envelope(render), envelope(wav)
        start = first_sound(got)
        if start is None:
            sys.exit("e2e-narration: nothing was heard\n" + log)
        lag = start - (first_sound(ref) or 0)
        disturbed = []
        first_lag = lag
        losses = lost_spans(log)
        for s in timeline["segments"]:
            a, z, end = (int(round(x * 100)) for x in (s["start_s"], s["start_s"] + s["voice_s"], s["end_s"]))
            lost = [(x, y) for x, y in losses if x - 0.5 < s["end_s"] and y + 0.5 > s["start_s"]]
            if lost:
                # The app logged the device lost and reopened (the live
                # sound layer's business, scripts/e2e-audio): the pacer ran
                # on meanwhile and this segment's sound is partly not played.
                print("e2e-narration: %6.2f s %-8s %-12s sound device lost from %.2f to %.2f s; not judged"
                      % (s["start_s"], s["kind"], s["label"][:12], lost[0][0], lost[0][1]))
                disturbed.append(s["start_s"])
                continue
            # This segment's place in the recording: at the last one's lag,
            # or later if the stream stalled in between (up to 5 s).
            window = ref[a:end]
            lag = max(range(max(lag - 300, -a), lag + 500), key=lambda l: correlation(window, got[l + a:l + end]))
            c = correlation(window, got[lag + a:lag + end])
            words, words_ref = db(got, lag + a + 5, lag + z), db(ref, a + 5, z)
            after, after_ref = db(got, lag + z + 20, lag + end - 5), db(ref, z + 20, end - 5)
            print("e2e-narration: %6.2f s %-8s %-12s at +%.2f s, correlation %.3f, words %6.1f dB (render %6.1f), "
                  "after %s (render %s)" % (
                      s["start_s"], s["kind"], s["label"][:12], lag / 100, c, words, words_ref,
                      "%.1f" % after if after is not None else "-",
                      "%.1f" % after_ref if after_ref is not None else "-"))
            if lag + end > len(got):
                problems.append("the recording ends before the segment at %.2f s" % s["start_s"])
                continue
            # A dropout (the stream starved on a loaded machine, or the
            # device lost and reopened: the app logs that) shifts the sound
            # within the segment; it is shown, and the segment not judged.
            gaps = dropouts(got[lag + a:lag + end], window)
            if gaps and c < 0.9:
                # Still, everything in it must come out, only later.
                heard, rendered = energy_db(got[lag + a:lag + end + gaps]), energy_db(ref[a:end])
                print("e2e-narration:   a dropout of %.2f s in this segment: %.1f dB heard over it, %.1f rendered"
                      % (gaps / 100, heard, rendered))
                if heard < rendered - 6:
                    problems.append("the segment at %.2f s is missing sound" % s["start_s"])
                disturbed.append(s["start_s"])
                continue
            if c < 0.9:
                problems.append("the segment at %.2f s does not sound as rendered (correlation %.3f)" % (s["start_s"], c))
            if words < -45 or abs(words - words_ref) > 6:
                problems.append("the line at %.2f s (%s) is not heard as rendered" % (s["start_s"], s["voice"]))
            if after is not None and after > max(after_ref + 6, -60):
                problems.append("sound runs on after the line at %.2f s" % s["start_s"])
        if len(disturbed) * 2 > len(timeline["segments"]):
            problems.append("too many dropouts to judge (segments at %s)" % disturbed)
        if lag != first_lag:
            print("e2e-narration: the stream stalled for %.2f s in all (a loaded machine); the session waited for it"
                  % ((lag - first_lag) / 100))
        status = "ok" if not problems else "FAILED: " + "; ".join(problems)
        print("e2e-narration: %d spoken lines (%s) and %d cues: %s"
              % (len(spoken), ", ".join(kinds), len(timeline["cues"]), status))
        if problems:
            print(log)
    finally:
        rig.close()
        subprocess.run(["rm", "-rf", work])
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
