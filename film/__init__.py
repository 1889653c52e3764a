"""The ground floor of filmcrew: what every other layer stands on and that imports none of them.

The film's domain types (script, cast, shots, cut, notes, the continuity ledger), the settings, the recorder
that every model and media call goes through, the event schema and its reader, and the seam that hands a
shot to whatever renders it. tools/ and memory/ import only this; agents/ imports those; the app shell
(filmcrew/, bench/) imports everything.

Importing it turns off the telemetry of the libraries below it before any of them loads: onnxruntime (the
Piper voice) otherwise writes a device id and queues events under ~/.cache/Microsoft/. A value the user set
is kept.
"""

import os as _os

for _name, _value in {"ORT_DISABLE_TELEMETRY": "1"}.items():
    _os.environ.setdefault(_name, _value)
