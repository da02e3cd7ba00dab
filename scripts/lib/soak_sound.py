#!/usr/bin/env python3
"""Long sound checks through the real app (`respite play`), on the private
PulseAudio server and X display of live_sound.py's rig.

--minutes M: a click at every breath phase for M minutes, recorded from the
sink's monitor. Reports the drift of the clicks against `respite timeline
--json` from the first minute to the last (target: under 1 ms, the audio
clock is master), any cue with no click, and the app's memory (RSS) and CPU
sampled every 10 s, early and late side by side (target: flat).

--pull AT,GONE: AT seconds in, the null sink is unloaded (the device is
pulled); GONE seconds later it is loaded again under the same name. The
app must go on to the end of the session, say that the sound was lost and
picked up again, and the clicks after that must be the timeline's next
cues, in step, none repeated.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_sound import RATE, clicks_script, finish, in_rig, intervals, matches  # noqa: E402
from onsets_lib import onsets  # noqa: E402


def script(minutes):
    return "\n".join([
        "format = 1", 'title = "Sound soak"', 'kind = "breathing"',
        'summary = "A click at every phase, for the long sound checks."',
        "[sound]", 'ambient = "none"', 'cue = "click"',
        "[[step]]", 'kind = "pause"', "seconds = 2",
        "[[step]]", 'kind = "breathe"', "inhale = 4", "hold_in = 1", "exhale = 6",
        "minutes = %s" % minutes,
    ]) + "\n"


def usage(pid):
    """(RSS in KiB, CPU seconds used) of a process."""
    rss = next(int(l.split()[1]) for l in open("/proc/%d/status" % pid) if l.startswith("VmRSS"))
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def soak(rig, args, path, cues, duration):
    wav = os.path.join(rig.work, "soak.wav")
    rec = rig.record(wav)
    time.sleep(0.5)
    err = open(os.path.join(rig.work, "soak.log"), "w+")
    app = subprocess.Popen([args.bin, "play", path], env=rig.env, stdout=err, stderr=err)
    started, samples = time.time(), []
    while time.time() - started < duration + 3.0 and app.poll() is None:
        time.sleep(10)
        try:
            samples.append((time.time() - started,) + usage(app.pid))
        except (OSError, StopIteration):
            break
    log = finish(app, rec, err)
    heard, length = onsets(wav)
    problems = []
    print("soak-audio: %.1f min recorded, %d cues, %d clicks" % (length / 60, len(cues), len(heard)))
    if len(heard) != len(cues):
        problems.append("%d of %d cues heard" % (len(heard), len(cues)))
    else:
        offsets = [h - c for h, c in zip(heard, cues)]
        first = [o for o, c in zip(offsets, cues) if c < cues[0] + 60]
        last = [o for o, c in zip(offsets, cues) if c > cues[-1] - 60]
        mean = lambda xs: sum(xs) / len(xs)
        drift = mean(last) - mean(first)
        spread = max(offsets) - min(offsets)
        print("soak-audio: click offset %.3f ms over the first minute, %.3f ms over the last (at %.1f min): "
              "drift %+.3f ms; widest spread of any click %.3f ms"
              % (mean(first) * 1000, mean(last) * 1000, cues[-1] / 60, drift * 1000, spread * 1000))
        # Steady stretching (a clock running at the wrong rate) or jumps
        # (underruns: the server plays silence while the app is late).
        jumps = [(c, b - a) for c, a, b in zip(cues[1:], offsets, offsets[1:]) if abs(b - a) > 0.005]
        print("soak-audio: mean offset by minute (ms): %s" % " ".join(
            "%.1f" % (mean([o for o, c in zip(offsets, cues) if m * 60 <= c < (m + 1) * 60]) * 1000)
            for m in range(int(cues[-1] // 60) + 1) if any(m * 60 <= c < (m + 1) * 60 for c in cues)))
        print("soak-audio: %d jumps over 5 ms between neighbouring clicks, %.1f ms in all; the rest moved %.3f ms"
              % (len(jumps), sum(j for _, j in jumps) * 1000, (offsets[-1] - offsets[0] - sum(j for _, j in jumps)) * 1000))
        if abs(drift) > 0.001:
            problems.append("drift over 1 ms")
    if len(samples) >= 4:
        span = max(60.0, samples[-1][0] / 6)
        early = [s for s in samples if s[0] <= samples[0][0] + span]
        late = [s for s in samples if s[0] >= samples[-1][0] - span]
        cpu = lambda w: (w[-1][2] - w[0][2]) / max(1.0, w[-1][0] - w[0][0]) * 100
        print("soak-audio: memory %.1f MiB early, %.1f MiB late (%+.1f MiB); CPU %.1f %% early, %.1f %% late "
              "(of one core; windows of %d s, %d samples)"
              % (max(s[1] for s in early) / 1024, max(s[1] for s in late) / 1024,
                 (max(s[1] for s in late) - max(s[1] for s in early)) / 1024, cpu(early), cpu(late), span, len(samples)))
        # The whole course, so that a steady climb (a leak) can be told
        # from a step or two (caches filling, the allocator): the largest
        # RSS in each tenth of the run.
        # The last sample belongs to the last tenth (it is taken after the
        # session ended, with the end-of-session page drawn).
        tenth = samples[-1][0] / 10
        bucket = lambda t: min(9, int(t / tenth)) if tenth > 0 else 0
        course = [max((s[1] for s in samples if bucket(s[0]) == k), default=None) for k in range(10)]
        print("soak-audio: memory by tenth of the run (MiB): %s"
              % " ".join("-" if r is None else "%.1f" % (r / 1024) for r in course))
    losses = [l for l in log.splitlines() if "lost at" in l]
    print("soak-audio: %d sound losses in the app's log" % len(losses))
    return problems


def pull(rig, args, path, cues, duration):
    at, gone = args.pull
    before, after = os.path.join(rig.work, "before.wav"), os.path.join(rig.work, "after.wav")
    rec = rig.record(before)
    time.sleep(0.5)
    err = open(os.path.join(rig.work, "pull.log"), "w+")
    app = subprocess.Popen([args.bin, "play", path], env=rig.env, stdout=err, stderr=err)
    time.sleep(at)
    modules = subprocess.check_output(["pactl", "list", "short", "modules"], env=rig.env, text=True)
    index = next(l.split()[0] for l in modules.splitlines() if "module-null-sink" in l)
    subprocess.run(["pactl", "unload-module", index], env=rig.env, check=True)
    rec.wait(5)
    time.sleep(gone)
    subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=respite_e2e", "rate=%d" % RATE,
                    "channels=2"], env=rig.env, check=True, capture_output=True)
    subprocess.run(["pactl", "set-default-sink", "respite_e2e"], env=rig.env, check=True)
    rec = rig.record(after)
    time.sleep(max(0.0, duration - at - gone) + 3.0)
    running = app.poll() is None
    log = finish(app, rec, err)
    heard_before, _ = onsets(before)
    heard_after, _ = onsets(after)
    problems = []
    if not running:
        problems.append("the app stopped (exit %s)" % app.returncode)
    if not any("lost at" in l for l in log.splitlines()):
        problems.append("the app did not notice the device going")
    first_after = matches(heard_after, cues) if len(heard_after) >= 3 else None
    if first_after is None:
        problems.append("no sound in step after the device came back (%d clicks: %s)"
                        % (len(heard_after), intervals(heard_after)[:5]))
    elif first_after + len(heard_after) != len(cues):
        problems.append("the sound did not last to the end")
    elif first_after < len(heard_before):
        problems.append("a cue was repeated (%d before, first after is cue %d)" % (len(heard_before), first_after))
    print("soak-sink-pull: device pulled at %d s for %d s: %d cues before, %d after (from cue %s of %d)"
          % (at, gone, len(heard_before), len(heard_after), first_after, len(cues)))
    for line in log.splitlines():
        if "lost at" in line or "playing through" in line:
            print("soak-sink-pull:   " + line)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--pull", type=lambda s: tuple(int(x) for x in s.split(",")), metavar="AT,GONE")
    args = parser.parse_args()
    in_rig("respite-soak-", lambda rig: check(rig, args))


def check(rig, args):
    path = os.path.join(rig.work, "soak.toml")
    if args.pull:
        # Phases of different lengths, so a run of clicks tells which cues they are.
        at, gone = args.pull
        steps = next(n for n in range(1, 1000) if sum(2.5 + 0.23 * i for i in range(n)) > at + gone + 30)
        open(path, "w").write(clicks_script(steps))
    else:
        open(path, "w").write(script(args.minutes))
    timeline = json.loads(subprocess.check_output([args.bin, "timeline", "--json", path]))
    cues = [c["at_s"] for c in timeline["cues"]]
    run = pull if args.pull else soak
    return run(rig, args, path, cues, timeline["duration_s"])


if __name__ == "__main__":
    main()
