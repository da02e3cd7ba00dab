"""Closes a window as a window manager's close button does: sends
WM_DELETE_WINDOW to every window whose name contains argv[1] (the app may
then ask first). Debian's xdotool (3.2016) cannot send it: its windowkill
disconnects the client instead."""
import sys
from Xlib import X, display, protocol

d = display.Display()
root = d.screen().root
wm_protocols = d.intern_atom("WM_PROTOCOLS")
wm_delete = d.intern_atom("WM_DELETE_WINDOW")
sent = 0

def walk(w):
    global sent
    try:
        name = w.get_wm_name()
    except Exception:
        name = None
    if isinstance(name, bytes):
        name = name.decode(errors="replace")
    if name and sys.argv[1] in name:
        ev = protocol.event.ClientMessage(window=w, client_type=wm_protocols, data=(32, [wm_delete, X.CurrentTime, 0, 0, 0]))
        w.send_event(ev, event_mask=X.NoEventMask)
        sent += 1
    for c in w.query_tree().children:
        walk(c)

walk(root)
d.flush()
if not sent:
    sys.exit(f"close_window: no window named like {sys.argv[1]!r}")
