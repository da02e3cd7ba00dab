"""Click onsets in a long mono 16-bit WAV recording, compared with the cue
times of `respite timeline --json`: the drift of the sound against the
timeline over a whole session. Used by scripts/soak-audio.

usage: drift.py TIMELINE.json RECORDING.wav
Prints the offset of the first click, the drift (each click's offset minus
the first one's) over the first and last minute, the worst drift, and how
many cues had no click (sound lost). Exits non-zero if a cue is missing or
the drift exceeds 1 ms.
"""
import json
import sys

from onsets_lib import onsets


def main():
    timeline = json.load(open(sys.argv[1]))
    cues = [c["at_s"] for c in timeline["cues"]]
    got, length = onsets(sys.argv[2])
    if not got:
        sys.exit("soak-audio: no click in the recording")
    base = got[0] - cues[0]
    drifts, missing, j = [], 0, 0
    for cue in cues:
        want = cue + base
        while j < len(got) and got[j] < want - 0.05:
            j += 1
        if j < len(got) and abs(got[j] - want) < 0.05:
            drifts.append((cue, got[j] - want))
        elif want < length - 0.5:
            missing += 1
    first = [d for c, d in drifts if c < cues[0] + 60]
    last = [d for c, d in drifts if c > drifts[-1][0] - 60]
    worst = max(abs(d) for _, d in drifts)
    mean = lambda xs: sum(xs) / len(xs)
    print("soak-audio: %.1f min recorded, %d cues, %d clicks matched, %d missing" % (length / 60, len(cues), len(drifts), missing))
    print("soak-audio: first click %.1f ms after its place in the recording" % (base * 1000))
    print("soak-audio: drift over the first minute %+.3f ms, over the last minute %+.3f ms (at %.1f min), worst %.3f ms"
          % (mean(first) * 1000, mean(last) * 1000, drifts[-1][0] / 60, worst * 1000))
    if missing:
        sys.exit("soak-audio: %d cues had no click" % missing)
    if worst > 0.001:
        sys.exit("soak-audio: drift over 1 ms")


main()
