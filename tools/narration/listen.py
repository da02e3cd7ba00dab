#!/usr/bin/env python3
"""Listens to every built-in narration clip with a speech recogniser, as a
check that each clip says its line (no one on the team has listened to all
52 minutes; this is the next best ear, and it can be run again after every
regeneration).

The recogniser is PocketSphinx (PyPI `pocketsphinx`, BSD licence), whose
wheel ships its US-English acoustic model and dictionary, so nothing is
downloaded. Two checks per clip:

1. **Which line is it?** The recogniser is given a grammar whose only
   sentences are the 383 lines, and must pick the one the clip says. A clip
   that says its own line is picked as that line (or, rarely, as a line
   that differs only in a word or two; those are printed). A clip that says
   another line, is garbled, cut short or silent is picked as some other
   line, or as nothing.
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
    grammar = os.path.join(work, "lines.gram")
    with open(grammar, "w") as out:
        out.write("#JSGF V1.0;\ngrammar lines;\npublic <line> = %s;\n"
                  % " | ".join("( %s )" % w for w in sorted(by_words)))
    pick = decoder(model, dictionary, jsgf=grammar)
    free = decoder(model, dictionary, lm=os.path.join(model, "en-us", "en-us.lm.bin")) if args.free else None

    picked_own, near, wrong, errors, total_words, worst = 0, [], [], 0, 0, []
    for n, id_ in enumerate(ids, 1):
        line = lines[id_]
        pcm = decode_pcm(os.path.join(NARRATION, line["file"]))
        want = words(line["text"])
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
