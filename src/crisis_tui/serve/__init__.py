"""``crisis-tui serve``: the explorer for anyone with an SSH client, installing nothing.

The pieces, one job each: :mod:`.options` (what the operator chose),
:mod:`.eventlog` (one line per event), :mod:`.hostkey` and :mod:`.access`
(who the server is and who may come in), :mod:`.limits` (how much anyone
may take), :mod:`.commands` (what an exec request may run), :mod:`.zygote`
and :mod:`.child` (the pre-loaded process and the session it forks),
:mod:`.bridge` (one SSH session relayed to its process) and :mod:`.server`
(the SSH side, signals and shutdown).
"""
