#!/usr/bin/env python3
"""End-to-end check of the studio through the real app and a real input.

A private PulseAudio server (scripts/lib/live_sound.py's rig) gets two
more null sinks: the monitor of "quiet" is the default source and hears
nothing; the monitor of "mic" ("Monitor of Studio-mic") is the microphone
chosen by name in the app's settings, so whatever is played into "mic" is
what the app hears only if it honours that choice. Under Xvfb,
`respite copy` makes a copy of a built-in and `respite studio` opens it;
xdotool chooses the second line and presses R; after the 3-2-1 count-in a
line of the built-in voice is played into "mic", quietly (-12 dB); R again
stops. The FLAC the studio wrote must hold that speech: not silence, the
count-in and the silence around the words trimmed (to about the words'
length), levelled up (louder than what was played) and under -3 dBFS. The
original take must be kept in takes/. Screenshots of the studio recording
and after are left in the work folder (printed) to look at.
"""

import argparse
import glob
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from live_sound import Rig, stop  # noqa: E402

RATE = 48000


def pcm(path):
    """Mono 16-bit samples of an audio file, at RATE, through sox."""
    raw = subprocess.run(["sox", path, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", str(RATE), "-"],
                         check=True, capture_output=True).stdout
    return struct.unpack("<%dh" % (len(raw) // 2), raw)


def db(x):
    return 20 * math.log10(max(x, 1e-9) / 32768)


def active(samples, floor_db=-45):
    """The part between the first and last 10 ms window louder than floor_db."""
    w = RATE // 100
    loud = [i for i in range(0, len(samples) - w, w)
            if db(math.sqrt(sum(x * x for x in samples[i:i + w]) / w)) > floor_db]
    return samples[loud[0]:loud[-1] + w] if loud else []


def rms_db(samples):
    return db(math.sqrt(sum(x * x for x in samples) / max(len(samples), 1)))


def key(rig, *keys):
    subprocess.run(["xdotool", "search", "--sync", "--name", "Respite", "windowfocus", "--sync"],
                   env=rig.env, capture_output=True, timeout=20)
    subprocess.run(["xdotool", "key", *keys], env=rig.env, check=True)


def shot(rig, path):
    subprocess.run(["import", "-window", "root", path], env=rig.env, check=True)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="respite-studio-e2e-")
    rig = Rig(work)
    app = None
    ok = False
    try:
        rig.start_pulse()
        # Two inputs: the system's default hears nothing; the one chosen by
        # name in the settings hears the words.
        for name in ("quiet", "mic"):
            subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=" + name, "rate=%d" % RATE,
                            "channels=1", "sink_properties=device.description=Studio-" + name],
                           env=rig.env, check=True, capture_output=True)
        subprocess.run(["pactl", "set-default-source", "quiet.monitor"], env=rig.env, check=True)
        config = os.path.join(rig.env["XDG_CONFIG_HOME"], "respite")
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, "settings.toml"), "w") as f:
            f.write('microphone = "Monitor of Studio-mic"\n')
        rig.start_x()

        copied = subprocess.run([args.bin, "copy", "builtin:safe-place"], env=rig.env, capture_output=True, text=True)
        if copied.returncode != 0:
            sys.exit("studio-e2e: respite copy failed: " + copied.stderr)
        script = copied.stdout.strip()
        # The words: a line of the built-in voice, played 12 dB down.
        clip = sorted(glob.glob("assets/narration/clips/*.ogg"))[0]
        speech = os.path.join(work, "speech.wav")
        subprocess.run(["sox", clip, "-r", str(RATE), "-c", "1", "-b", "16", speech, "vol", "0.25"], check=True)
        played = pcm(speech)
        words = active(played)

        log = open(os.path.join(work, "app.log"), "w+")
        env = dict(rig.env, RESPITE_REPORT_FIRST_FRAME="1")
        app = subprocess.Popen([args.bin, "studio", script], env=env, stdout=log, stderr=log)
        # Keys pressed before the first frame are lost: wait for it (launch
        # takes 1 to 6 s on a loaded machine), then a little more.
        started = time.monotonic()
        while "first frame after" not in open(log.name).read():
            if app.poll() is not None or time.monotonic() - started > 60:
                log.seek(0)
                sys.exit("studio-e2e: the app showed no first frame:\n" + log.read())
            time.sleep(0.2)
        time.sleep(1.0)
        key(rig, "Down")
        time.sleep(0.5)
        key(rig, "r")
        # The count-in is counted in the input's samples, so it cannot start
        # before the app's record stream is connected: wait for that (once,
        # on a loaded machine, the studio still said "Opening the
        # microphone" 12 s after R), then for the 3 s of count-in with room
        # for the samples to start flowing.
        pressed = time.monotonic()
        while not subprocess.run(["pactl", "list", "short", "source-outputs"], env=rig.env,
                                 capture_output=True, text=True).stdout.strip():
            if time.monotonic() - pressed > 60:
                sys.exit("studio-e2e: FAILED: the app did not open the microphone within 60 s of R")
            time.sleep(0.1)
        print("studio-e2e: the microphone was open %.1f s after R" % (time.monotonic() - pressed))
        time.sleep(4.5)
        paplay = subprocess.Popen(["paplay", "-d", "mic", speech], env=rig.env)
        time.sleep(len(played) / RATE * 0.6)
        recording = shot(rig, os.path.join(work, "studio-recording.png"))
        paplay.wait(30)
        time.sleep(1.0)
        key(rig, "r")
        time.sleep(2.0)
        recorded = shot(rig, os.path.join(work, "studio-recorded.png"))
        stop(app)
        app = None

        voice = os.path.splitext(script)[0] + ".voice"
        if not os.path.exists(os.path.join(voice, "manifest.json")):
            log.seek(0)
            print(log.read())
            sys.exit("studio-e2e: FAILED: no recording was saved (a silent take is refused: was the chosen "
                     "microphone used?); work folder %s" % work)
        manifest = json.load(open(os.path.join(voice, "manifest.json")))
        lines = manifest["lines"]
        problems = []
        if len(lines) != 1:
            problems.append("%d lines in the manifest, expected 1" % len(lines))
        line = next(iter(lines.values()))
        flac = os.path.join(voice, line["file"])
        got = pcm(flac)
        secs, want = len(got) / RATE, len(words) / RATE
        peak = db(max(abs(x) for x in got))
        level, played_level = rms_db(active(got)), rms_db(words)
        takes = os.listdir(os.path.join(voice, "takes"))
        print("studio-e2e: recorded %s: %.2f s (the words %.2f s), peak %.1f dBFS, speech RMS %.1f dB (played at %.1f)"
              % (line["file"], secs, want, peak, level, played_level))
        if not active(got):
            problems.append("the recording is silent")
        if not (want - 0.2 <= secs <= want + 0.6):
            problems.append("%.2f s is not the words' %.2f s trimmed with a short pad" % (secs, want))
        if peak > -2.95:
            problems.append("peak %.2f dBFS over the -3 dBFS ceiling" % peak)
        if level < played_level + 6:
            problems.append("not levelled: %.1f dB against %.1f played" % (level, played_level))
        if len(takes) != 1:
            problems.append("takes/ holds %s" % takes)
        if problems:
            print("studio-e2e: screenshots (kept) %s %s" % (recording, recorded))
            log.seek(0)
            print(log.read())
            print("studio-e2e: FAILED: " + "; ".join(problems))
        else:
            print("studio-e2e: ok")
            ok = True
    finally:
        stop(app)
        rig.close()
        if not ok or args.keep:
            print("studio-e2e: work folder kept: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
