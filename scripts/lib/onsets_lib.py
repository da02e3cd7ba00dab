"""Click onsets in a mono 16-bit WAV recording: a sample above the noise
floor after at least 100 ms of quiet. Fast enough for an hour at 48 kHz
(10 ms blocks are skipped by their peak). Used by scripts/lib/soak_sound.py."""
import audioop
import struct
import wave

BLOCK = 480
THRESHOLD = 30


def onsets(path):
    """Returns (onset times in seconds, recording length in seconds)."""
    w = wave.open(path)
    rate = w.getframerate()
    assert w.getsampwidth() == 2 and w.getnchannels() == 1, "mono 16-bit expected"
    found, quiet, index = [], 0, 0
    while True:
        chunk = w.readframes(BLOCK)
        if not chunk:
            break
        n = len(chunk) // 2
        if audioop.max(chunk, 2) > THRESHOLD:
            for i, x in enumerate(struct.unpack("<%dh" % n, chunk)):
                if abs(x) > THRESHOLD:
                    if quiet >= 0.1 * rate:
                        found.append((index + i) / rate)
                    quiet = 0
                else:
                    quiet += 1
        else:
            quiet += n
        index += n
    return found, index / rate
