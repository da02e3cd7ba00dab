"""Runs Mindfulness at the Computer's breathing dialog, breathing 4 s in and
6 s out as a user holding Shift would, for `scripts/measure-ui --compare`.
Prints the same frame report lines as Respite (frames counted as paint
events of the dialog). Needs a Python with `mindfulness-at-the-computer`
and PySide6 installed; pass it as MATC_PYTHON to scripts/measure-ui.

    MATC_PYTHON=/path/to/venv/bin/python3 scripts/measure-ui --compare

    python3 scripts/matc-breathe.py SECONDS

breathes for SECONDS, then leaves the dialog still (to measure it idle).
"""
import os
import sys
import tempfile
import time

from PySide6 import QtCore, QtWidgets

import matc.main_object
import matc.shared
import matc.state

INHALE_MS = 4000
EXHALE_MS = 6000


class FrameCounter(QtCore.QObject):
    """Counts paint events and prints a report line once a second."""

    def __init__(self):
        super().__init__()
        self.started = time.monotonic()
        self.frames = 0
        self.last = (0.0, 0, 0.0)

    def eventFilter(self, _obj, event):
        if event.type() == QtCore.QEvent.Paint:
            self.frames += 1
        return False

    def report(self):
        t, cpu = time.monotonic() - self.started, time.process_time()
        lt, lf, lc = self.last
        frames, secs = self.frames - lf, max(t - lt, 1e-3)
        per = 1000.0 * (cpu - lc) / max(frames, 1)
        print(f"matc: frame report: {frames / secs:.1f} frames/s, CPU {per:.2f} ms/frame "
              f"({100.0 * (cpu - lc) / secs:.1f} % of a core); "
              f"totals t_ms={int(t * 1000)} frames={self.frames} cpu_ms={int(cpu * 1000)}",
              file=sys.stderr, flush=True)
        self.last = (t, self.frames, cpu)


def main():
    # No update check over the network while measuring.
    matc.shared.is_update_available = lambda: False
    settings_dir = tempfile.mkdtemp(prefix="matc-measure-")
    matc.state.initiate_state(os.path.join(settings_dir, "settings.json"))
    app = QtWidgets.QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    main_object = matc.main_object.MainObject(False)
    dialog = main_object.br_dlg
    counter = FrameCounter()
    dialog.viewport().installEventFilter(counter)
    reports = QtCore.QTimer()
    reports.timeout.connect(counter.report)
    reports.start(1000)

    def breathe_in():
        dialog.start_breathing_in()
        QtCore.QTimer.singleShot(INHALE_MS, breathe_out)

    def breathe_out():
        dialog.start_breathing_out()
        QtCore.QTimer.singleShot(EXHALE_MS, breathe_in)

    def stop():
        QtCore.QTimer.singleShot(0, counter.report)
        reports.stop()
        dialog.start_breathing_in = dialog.start_breathing_out = lambda: None
        dialog.ib_qtimeline.stop()
        dialog.ob_qtimeline.stop()
        dialog.dot_qtimeline.stop()

    QtCore.QTimer.singleShot(500, breathe_in)
    QtCore.QTimer.singleShot(int(1000 * float(sys.argv[1])), stop)
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
