#!/usr/bin/env python3
"""End-to-end check of the live sound path through the real app.

Starts a private PulseAudio server (a null sink) and Xvfb, then runs
`respite play` on a session of clicks whose intervals are all different, while
parec records the sink's monitor. Every run must have sound at every cue to
the end, spaced exactly as `respite timeline --json` says (within 2 ms); a
failed run is a failure: nothing is retried.

With --restart, one more run kills the PulseAudio server mid-session and
starts it again: the app must reconnect by itself within a few seconds, and
the cues after that must be the timeline's next ones, in step, with none
repeated.

Prints one line per run with the audio host the app used.
"""

import argparse
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import wave

RATE = 48000
TOLERANCE_S = 0.002


def clicks_script(steps):
    """A click at every breath phase; phase lengths all differ, so a run of
    intervals tells which cues they are."""
    lines = [
        "format = 1",
        'title = "Live sound check"',
        'kind = "breathing"',
        'summary = "Clicks at every phase, for the end-to-end sound check."',
        "[sound]",
        'ambient = "none"',
        'cue = "click"',
        "[[step]]",
        'kind = "pause"',
        "seconds = 2",
    ]
    for i in range(steps):
        lines += [
            "[[step]]",
            'kind = "breathe"',
            "inhale = %.2f" % (1.0 + 0.1 * i),
            "exhale = %.2f" % (1.5 + 0.13 * i),
            "cycles = 1",
        ]
    return "\n".join(lines) + "\n"


def onsets(path):
    """Times of the clicks in a recording: a sample above the noise floor
    after at least 100 ms of quiet."""
    with wave.open(path) as w:
        rate, n = w.getframerate(), w.getnframes()
        samples = struct.unpack("<%dh" % n, w.readframes(n))
    found, quiet = [], int(0.1 * rate)
    for i, x in enumerate(samples):
        if abs(x) > 30:
            if quiet >= 0.1 * rate:
                found.append(i / rate)
            quiet = 0
        else:
            quiet += 1
    return found


def intervals(xs):
    return [b - a for a, b in zip(xs, xs[1:])]


def matches(heard, cues):
    """Where in `cues` the run of `heard` onsets sits, judged by intervals
    alone; None if nowhere."""
    got = intervals(heard)
    for start in range(len(cues) - len(heard) + 1):
        want = intervals(cues[start:start + len(heard)])
        if all(abs(g - w) <= TOLERANCE_S for g, w in zip(got, want)):
            return start
    return None


class Rig:
    """A private PulseAudio server and X display, cleaned up on exit."""

    def __init__(self, work):
        self.work = work
        self.pulse = None
        self.xvfb = None
        self.env = dict(os.environ)
        self.env.update(
            XDG_RUNTIME_DIR=work,
            HOME=os.path.join(work, "home"),
            XDG_CONFIG_HOME=os.path.join(work, "config"),
            XDG_DATA_HOME=os.path.join(work, "data"),
            PULSE_SERVER="unix:%s/native" % work,
            LIBGL_ALWAYS_SOFTWARE="1",
            RESPITE_AUDIO_LOG="1",
        )
        os.makedirs(self.env["HOME"], exist_ok=True)

    def start_pulse(self):
        self.pulse = subprocess.Popen(
            [
                # Realtime and high priority, as a desktop's server gets them
                # through rtkit: the check is of Respite, not of a starved server.
                "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                "--realtime=yes", "--high-priority=yes",
                "-L", "module-null-sink sink_name=respite_e2e rate=%d channels=2" % RATE,
                "-L", "module-native-protocol-unix auth-anonymous=1 socket=%s/native" % self.work,
                "--log-target=file:%s/pulse.log" % self.work,
            ],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                subprocess.run(["pactl", "set-default-sink", "respite_e2e"], env=self.env, capture_output=True)
                return
            time.sleep(0.05)
        sys.exit("live-sound: pulseaudio did not start:\n" + open(self.work + "/pulse.log").read())

    def kill_pulse(self):
        if self.pulse:
            self.pulse.send_signal(signal.SIGKILL)
            self.pulse.wait()
            self.pulse = None

    def start_x(self):
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(w)
        # Keep the read end open while the server runs: Xvfb dies of
        # SIGPIPE if it writes to a closed pipe.
        self.display_pipe = r
        display = os.read(r, 16).decode().strip()
        self.env["DISPLAY"] = ":" + display

    def record(self, path):
        return subprocess.Popen(
            ["parec", "-d", "respite_e2e.monitor", "--rate=%d" % RATE, "--channels=1",
             "--format=s16le", "--file-format=wav", path],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def close(self):
        self.kill_pulse()
        if self.xvfb:
            self.xvfb.terminate()
            self.xvfb.wait()
            os.close(self.display_pipe)


def in_rig(prefix, check):
    """Runs `check(rig)` on a fresh private sound server and display, cleans
    up, and ends the script: "FAILED: ..." with the problems it returned, or
    "ok"."""
    work = tempfile.mkdtemp(prefix=prefix)
    rig = Rig(work)
    try:
        rig.start_pulse()
        rig.start_x()
        problems = check(rig)
    finally:
        rig.close()
        subprocess.run(["rm", "-rf", work])
    if problems:
        sys.exit("FAILED: " + "; ".join(problems))
    print("ok")


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def finish(app, rec, err):
    """Closes the app, lets the last sound reach the recorder, stops it, and
    returns what the app logged."""
    stop(app)
    time.sleep(0.3)
    stop(rec)
    err.seek(0)
    return err.read()


def hosts_in(log):
    """Each connection's host and latency, e.g. "PulseAudio 171 ms"."""
    return ["%s %s ms" % m for m in re.findall(r"playing through (\S+) \(.*?latency (\d+) ms\)", log)]


def plain_run(rig, args, script, cues, duration, n):
    wav = os.path.join(rig.work, "run%d.wav" % n)
    rec = rig.record(wav)
    time.sleep(0.5)
    err = open(os.path.join(rig.work, "app%d.log" % n), "w+")
    app = subprocess.Popen([args.bin, "play", script], env=rig.env, stdout=err, stderr=err)
    time.sleep(duration + 3.0)
    log = finish(app, rec, err)
    hosts = hosts_in(log)
    heard = onsets(wav)
    problems = []
    if len(heard) != len(cues):
        problems.append("%d of %d cues heard" % (len(heard), len(cues)))
    elif matches(heard, cues) != 0:
        problems.append("intervals %s, timeline %s" % (intervals(heard), intervals(cues)))
    # A stream lost and brought back before any cue was missed still meets
    # "sound at every cue"; it is counted and shown, not failed on.
    losses = [l for l in log.splitlines() if "lost at" in l]
    status = "ok" if not problems else "FAILED: " + "; ".join(problems)
    print("live-sound: run %d: host %s, %d/%d cues, %d losses recovered: %s"
          % (n, ",".join(hosts) or "none", len(heard), len(cues), len(losses), status))
    for line in losses + [l for l in log.splitlines() if "passed over" in l][:1]:
        print("live-sound:   " + line)
    if problems:
        print(log)
    return not problems


def resumed_mid_cue(heard, cues, resumed):
    """Sound resumes at the playhead, so when that falls while a cue is
    still sounding, the rest of that cue is heard first, after the silence
    of the outage, and counts as an onset. Accepts that one fragment only
    if the resume point lies after cue k-1 and before cue k, and the time
    from the fragment to the next onset is the time from the resume point
    to cue k. Returns (first cue index, onsets without the fragment), or
    (None, heard) when that does not explain what was heard."""
    if len(heard) < 2 or not resumed:
        return None, heard
    k = matches(heard[1:], cues)
    at = resumed[-1]
    if k and cues[k - 1] < at < cues[k] and abs((heard[1] - heard[0]) - (cues[k] - at)) <= 0.01:
        print("live-sound:   resumed at %.3f s inside cue %d (at %.3f s): its tail was heard first" % (at, k - 1, cues[k - 1]))
        return k, heard[1:]
    return None, heard


def restart_run(rig, args, script, cues, duration):
    """Kills the sound server at about a third of the session and starts it
    again: the app must come back by itself, in step."""
    before, after = os.path.join(rig.work, "before.wav"), os.path.join(rig.work, "after.wav")
    rec = rig.record(before)
    time.sleep(0.5)
    err = open(os.path.join(rig.work, "restart.log"), "w+")
    app = subprocess.Popen([args.bin, "play", script], env=rig.env, stdout=err, stderr=err)
    time.sleep(duration / 3)
    stop(rec)
    rig.kill_pulse()
    killed = time.time()
    time.sleep(1.0)
    rig.start_pulse()
    up = time.time()
    rec = rig.record(after)
    remaining = duration - duration / 3 - 1.0
    time.sleep(remaining + 3.0)
    log = finish(app, rec, err)
    problems = []
    back = [float(m.group(1)) for m in re.finditer(r"sound: (\d+\.\d+) playing through", log)]
    resumed = [float(m) for m in re.findall(r"playing through .* from (\d+\.\d+) s", log)]
    if len(back) < 2:
        problems.append("the sound did not come back")
        recovery = None
    else:
        recovery = back[-1] - up
    heard_before, heard_after = onsets(before), onsets(after)
    first_after = None
    if heard_after:
        first_after = matches(heard_after, cues)
        if first_after is None:
            first_after, heard_after = resumed_mid_cue(heard_after, cues, resumed)
        if first_after is None:
            problems.append("cues after the restart are out of step: %s" % intervals(heard_after))
        elif first_after + len(heard_after) != len(cues):
            problems.append("sound did not last to the end (%d after the restart)" % len(heard_after))
        elif resumed and cues[first_after] < resumed[-1] - TOLERANCE_S:
            problems.append("a cue before the resume point was played")
    else:
        problems.append("no sound after the restart")
    if heard_before and first_after is not None and first_after < len(heard_before):
        problems.append("a cue was repeated (%d before, first after is cue %d)" % (len(heard_before), first_after))
    status = "ok" if not problems else "FAILED: " + "; ".join(problems)
    rec_s = "%.2f s after the server came back (%.2f s after it died)" % (recovery, back[-1] - killed) if recovery is not None else "-"
    print("live-sound: restart: hosts %s, sound back %s, %d cues before, %d after: %s"
          % (",".join(hosts_in(log)), rec_s, len(heard_before), len(heard_after), status))
    if problems:
        print(log)
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--restart", action="store_true")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="respite-live-")
    rig = Rig(work)
    ok = True
    try:
        rig.start_pulse()
        rig.start_x()
        results = []
        for name, steps, runs, fn in [("plain", 7, args.runs, plain_run), ("restart", 12, 1 if args.restart else 0, restart_run)]:
            if runs == 0:
                continue
            script = os.path.join(work, "%s.toml" % name)
            open(script, "w").write(clicks_script(steps))
            timeline = json.loads(subprocess.check_output([args.bin, "timeline", "--json", script]))
            cues = [c["at_s"] for c in timeline["cues"]]
            duration = timeline["duration_s"]
            if fn is plain_run:
                results += [plain_run(rig, args, script, cues, duration, n + 1) for n in range(runs)]
            else:
                results.append(restart_run(rig, args, script, cues, duration))
        passed = sum(results)
        print("live-sound: %d of %d runs passed" % (passed, len(results)))
        ok = passed == len(results)
    finally:
        rig.close()
        subprocess.run(["rm", "-rf", work])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
