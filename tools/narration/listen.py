#!/usr/bin/env python3
"""Listens to every built-in narration clip with a speech recogniser, as a
check that each clip says its line (no one on the team has listened to all
52 minutes; this is the next best ear, and it can be run again after every
regeneration).

The recogniser is PocketSphinx (PyPI `pocketsphinx`, BSD licence), whose
wheel ships its US-English acoustic model and dictionary, so nothing is
downloaded. Two checks per clip:

1. **Which line is it?** The recogniser is given a grammar whose only
   sentences are the clip's own line and the lines most like it (by shared
   words; `--candidates`, 24 by default, or every line with `--candidates
   0`, which is about ten times slower), and must pick the one the clip
   says. The lines most like a line are the ones a wrong or garbled clip
   would be mistaken for: many differ only in a body part ("...your
   dominant hand" / "...your forehead"). A clip that says its own line is
   picked as that line (or, rarely, as a line that differs only in a word
   or two; those are printed). A clip that says another of them, is
   garbled, cut short or silent is picked as some other line, or as
   nothing.
2. **Free transcription.** With the general English language model, the
   word error rate of what it heard against the line's text. A synthetic
   voice and a small 2015 model give a high floor (a few tens of percent),
   so this is a figure to compare clips by and runs by, not a pass mark;
   the worst clips are printed to be listened to.

Usage (from the repository root; development time only):

    /work/narr-venv/bin/pip install pocketsphinx==5.1.1
    /work/narr-venv/bin/python tools/narration/listen.py [--free] [--only ID...]

Needs `sox` (with Ogg Vorbis) to decode the clips to 16 kHz.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from pocketsphinx import Config, Decoder, get_model_path

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
NARRATION = os.path.join(ROOT, "assets", "narration")

# Words of the lines that the CMU dictionary lacks, spelt in its phones.
EXTRA_WORDS = {
    "tensing": "T EH N S IH NG",
    "whooshing": "W UW SH IH NG",
    "fogging": "F AA G IH NG",
    "heaviness": "HH EH V IY N AH S",
    "springy": "S P R IH NG IY",
    "practising": "P R AE K T IH S IH NG",
    "birches": "B ER CH IH Z",
}

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
       "sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n):
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    return " ".join(ONES[int(d)] for d in str(n))


def words(text):
    """The line as the recogniser's words: lower case, digits spelt out."""
    text = re.sub(r"\d+", lambda m: " " + number_words(int(m.group())) + " ", text.lower())
    return re.findall(r"[a-z']+", text)


def decode_pcm(path):
    return subprocess.run(
        ["sox", path, "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-"],
        check=True, capture_output=True,
    ).stdout


def decoder(model, dictionary, **search):
    settings = dict(hmm=os.path.join(model, "en-us", "en-us"), dict=dictionary, lm=None, loglevel="ERROR")
    settings.update(search)
    config = Config(**settings)
    return Decoder(config)


def recognise(d, pcm):
    d.start_utt()
    d.process_raw(pcm, full_utt=True)
    d.end_utt()
    hyp = d.hyp()
    return hyp.hypstr if hyp else ""


def word_errors(heard, want):
    """Levenshtein distance over words."""
    prev = list(range(len(want) + 1))
    for i, h in enumerate(heard, 1):
        cur = [i]
        for j, w in enumerate(want, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (h != w)))
        prev = cur
    return prev[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--free", action="store_true", help="also transcribe freely and report word errors")
    parser.add_argument("--only", nargs="*", help="line ids to check (default: all)")
    parser.add_argument("--candidates", type=int, default=24,
                        help="lines to choose among for each clip: its own and the most alike (0: every line)")
    parser.add_argument("--control", action="store_true",
                        help="a check of the check: give each line the clip of the line most like it; "
                             "every one should be caught")
    args = parser.parse_args()
    manifest = json.load(open(os.path.join(NARRATION, "manifest.json")))
    lines = manifest["lines"]
    ids = sorted(args.only or lines)
    model = get_model_path()
    work = tempfile.mkdtemp(prefix="respite-listen-")
    dictionary = os.path.join(work, "words.dict")
    with open(dictionary, "w") as out:
        out.write(open(os.path.join(model, "en-us", "cmudict-en-us.dict")).read())
        for word, phones in EXTRA_WORDS.items():
            out.write("%s %s\n" % (word, phones))
    # One sentence per distinct wording; several ids may share a wording
    # only if the manifest says so (it does not today).
    by_words = {}
    for id_ in lines:
        by_words.setdefault(" ".join(words(lines[id_]["text"])), []).append(id_)
    all_words = sorted(by_words)
    pick = decoder(model, dictionary)
    free = decoder(model, dictionary, lm=os.path.join(model, "en-us", "en-us.lm.bin")) if args.free else None

    picked_own, near, wrong, errors, total_words, worst = 0, [], [], 0, 0, []
    for n, id_ in enumerate(ids, 1):
        line = lines[id_]
        want = words(line["text"])
        clip = line["file"]
        if args.control:
            share = lambda other: len(set(want) & set(words(lines[other]["text"]))) / len(
                set(want) | set(words(lines[other]["text"])))
            clip = lines[max((o for o in lines if words(lines[o]["text"]) != want), key=share)]["file"]
        pcm = decode_pcm(os.path.join(NARRATION, clip))
        own = " ".join(want)
        candidates = all_words
        if args.candidates:
            alike = lambda other: len(set(want) & set(other.split())) / len(set(want) | set(other.split()))
            candidates = sorted(sorted(all_words, key=alike, reverse=True)[:args.candidates] + [own])
            candidates = sorted(set(candidates))
        pick.add_jsgf_string("lines", "#JSGF V1.0;\ngrammar lines;\npublic <line> = %s;\n"
                             % " | ".join("( %s )" % w for w in candidates))
        pick.activate_search("lines")
        heard = recognise(pick, pcm)
        if id_ in by_words.get(heard, []):
            picked_own += 1
        else:
            distance = word_errors(heard.split(), want)
            (near if heard and distance <= max(2, len(want) // 10) else wrong).append((id_, heard, distance))
        if free:
            text = recognise(free, pcm)
            e = word_errors(text.split(), want)
            errors += e
            total_words += len(want)
            worst.append((e / max(1, len(want)), id_, text))
        if n % 50 == 0:
            print("listen: %d of %d clips" % (n, len(ids)), file=sys.stderr)
    print("listen: %d clips; %d picked as their own line, %d as a line a word or two away, %d as another line "
          "or nothing" % (len(ids), picked_own, len(near), len(wrong)))
    for id_, heard, distance in near:
        print("  near  %s (%d words off): %r" % (id_, distance, heard))
    for id_, heard, distance in wrong:
        print("  WRONG %s: wants %r, heard %r" % (id_, lines[id_]["text"], heard))
    if free:
        print("listen: free transcription, word error rate %.1f %% over %d words" % (100 * errors / total_words,
                                                                                    total_words))
        for rate, id_, text in sorted(worst, reverse=True)[:5]:
            print("  %.0f %% %s: %r\n        heard %r" % (100 * rate, id_, lines[id_]["text"], text))
    subprocess.run(["rm", "-rf", work])
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
