#!/usr/bin/env python3
"""Picture against sound, measured on the real app (`respite play`), on the
private PulseAudio server and X display of live_sound.py's rig.

The app runs with RESPITE_SYNC_LOG set: each frame that draws a new segment
prints the wall-clock time it was made. The null sink's monitor is recorded
through a pipe whose every block is stamped with the wall clock as it
arrives; no block can arrive before it was played, so the earliest
"arrival minus samples so far" over the whole recording places the first
sample on the wall clock (late by at most the monitor's smallest delivery
delay, a few ms). A cue's click then has a wall-clock time, and the offset
of the picture is when its segment was first drawn minus when its click
was heard: positive means the picture came late.

Reports the distribution of that offset over every cue, and how far into
its segment the playhead already was when the frame was made (frame
scheduling). The frame is then painted and presented, which this does not
include; `RESPITE_FRAME_REPORT` or scripts/measure-ui give that cost.

Target: within a frame or two, far inside ITU-R BT.1359's detectability
window (45 ms early to 125 ms late). It fails when the median is outside
that window or more than one cue in ten is.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_sound import RATE, in_rig, stop  # noqa: E402
from onsets_lib import onsets  # noqa: E402

EARLY_LIMIT, LATE_LIMIT = -0.045, 0.125


class TimedRecording:
    """parec's raw samples written to a WAV, with the wall-clock time of
    the first sample (see the module's comment)."""

    def __init__(self, rig, path):
        self.proc = subprocess.Popen(
            ["parec", "-d", "respite_e2e.monitor", "--rate=%d" % RATE, "--channels=1",
             "--format=s16le", "--raw", "--latency-msec=5"],
            env=rig.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.wav = wave.open(path, "wb")
        self.wav.setnchannels(1)
        self.wav.setsampwidth(2)
        self.wav.setframerate(RATE)
        self.samples, self.t0, self.blocks = 0, None, 0
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            arrived = time.time()
            if not data:
                break
            self.wav.writeframes(data)
            self.samples += len(data) // 2
            self.blocks += 1
            first = arrived - self.samples / RATE
            if self.t0 is None or first < self.t0:
                self.t0 = first

    def close(self):
        stop(self.proc)
        self.thread.join(5)
        self.wav.close()


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--picture-delay-ms", type=int, default=0,
                        help="the app's 'Picture delay' setting, e.g. to see the check fail, or to try a value")
    args = parser.parse_args()
    in_rig("respite-sync-", lambda rig: measure(rig, args))


def measure(rig, args):
    """Plays the clicks with the sync log on; returns the problems found."""
    work = rig.work
    problems = []
    path = os.path.join(work, "sync.toml")
    open(path, "w").write("\n".join([
        "format = 1", 'title = "Sync check"', 'kind = "breathing"',
        'summary = "A click at every phase, for the picture-against-sound check."',
        "[sound]", 'ambient = "none"', 'cue = "click"',
        "[[step]]", 'kind = "pause"', "seconds = 2",
        "[[step]]", 'kind = "breathe"', "inhale = 4", "hold_in = 1", "exhale = 6",
        "minutes = %s" % args.minutes,
    ]) + "\n")
    timeline = json.loads(subprocess.check_output([args.bin, "timeline", "--json", path]))
    cues = [c["at_s"] for c in timeline["cues"]]
    if args.picture_delay_ms:
        config = os.path.join(rig.env["XDG_CONFIG_HOME"], "respite")
        os.makedirs(config, exist_ok=True)
        open(os.path.join(config, "settings.toml"), "w").write("latency_offset_ms = %d\n" % args.picture_delay_ms)
    rec = TimedRecording(rig, os.path.join(work, "sync.wav"))
    time.sleep(0.5)
    env = dict(rig.env, RESPITE_SYNC_LOG="1")
    err = open(os.path.join(work, "sync.log"), "w+")
    app = subprocess.Popen([args.bin, "play", path], env=env, stdout=err, stderr=err)
    time.sleep(timeline["duration_s"] + 3.0)
    stop(app)
    time.sleep(0.3)
    rec.close()
    err.seek(0)
    log = err.read()
    drawn = {}
    for unix, start, at in re.findall(r"drawn: (\S+) segment starting (\S+) at (\S+)", log):
        drawn.setdefault(round(float(start), 6), (float(unix), float(at) - float(start)))
    heard, _ = onsets(os.path.join(work, "sync.wav"))
    hosts = re.findall(r"playing through (\S+) \(.*?latency (\d+) ms\)", log)
    print("soak-sync: %s; %d cues, %d clicks heard, %d segment changes drawn; %d blocks recorded"
          % (", ".join("%s %s ms" % h for h in hosts) or "no sound connection", len(cues), len(heard),
             len(drawn), rec.blocks))
    if len(heard) != len(cues):
        problems.append("%d of %d cues heard" % (len(heard), len(cues)))
    offsets, lags, late = [], [], []
    for cue, onset in zip(cues, heard):
        frame = drawn.get(round(cue, 6))
        if frame is None:
            near = sorted(d for d in drawn if abs(d - cue) < 12)
            problems.append("the segment starting at %.3f s was never drawn (drawn near it: %s)" % (
                cue, ", ".join("%.3f s at %.3f" % (d, d + drawn[d][1]) for d in near)))
            continue
        offsets.append(frame[0] - (rec.t0 + onset))
        lags.append(frame[1])
        if not EARLY_LIMIT <= offsets[-1] <= LATE_LIMIT:
            late.append("%+.0f ms at the cue at %.3f s" % (offsets[-1] * 1000, cue))
    if offsets:
        ms = lambda x: "%+.1f" % (x * 1000)
        print("soak-sync: picture minus sound over %d cues (ms): min %s, median %s, p95 %s, max %s"
              % (len(offsets), ms(min(offsets)), ms(percentile(offsets, 50)), ms(percentile(offsets, 95)),
                 ms(max(offsets))))
        print("soak-sync: playhead already into the segment when its first frame was made (ms): "
              "median %.1f, max %.1f" % (percentile(lags, 50) * 1000, max(lags) * 1000))
        # Judged on the distribution, not each frame: on a loaded
        # machine one frame can wait its turn for the CPU (seen: 192 ms
        # at a load average of 17), while a fault in the sync moves
        # every frame (170 ms early if the output latency were not
        # compensated).
        outside = [o for o in offsets if not EARLY_LIMIT <= o <= LATE_LIMIT]
        print("soak-sync: %d of %d cues outside the BT.1359 window%s" % (
            len(outside), len(offsets), "" if not late else " (%s)" % ", ".join(late[:5])))
        if not EARLY_LIMIT <= percentile(offsets, 50) <= LATE_LIMIT or len(outside) * 10 > len(offsets):
            problems.append("the picture is out of step with the sound (median %+.0f ms, %d of %d cues outside)"
                            % (percentile(offsets, 50) * 1000, len(outside), len(offsets)))
    return problems


if __name__ == "__main__":
    main()
