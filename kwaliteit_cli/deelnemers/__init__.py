"""Participants on their own phones (issue 16), served by the facilitator's laptop.

- ``state``: the room in memory (devices, token, proposals, dots, the vote, the inbox);
- ``server``: the standard library's HTTP server on one chosen address, hardened;
- ``network``: which address to serve on, found without internet;
- ``qr``: the QR code, address and code for the facilitator's screen;
- ``check``: ``kwaliteit deelnemers test``, a test page that reports when a phone reaches it.

Nothing here is imported unless ``--deelnemers`` (or the test command) asks for it.
"""
