"""A real SMTP server (aiosmtpd) for the notify benchmark, in its own process.

``python -m bench.notify_sink PORT LOG [nopipelining]`` accepts every
message and appends one line per message to LOG:
``<monotonic seconds> <recipient> <Message-ID>``
(``time.monotonic`` is one clock for every process on Linux, so the
benchmark can compare it with its own).
"""

from __future__ import annotations

import sys
import time

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, log, pipelining: bool = True) -> None:
        self.log = log
        self.pipelining = pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        """Offer ``PIPELINING`` like Postfix and Exim do (aiosmtpd handles it, unannounced)."""
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:
        data = envelope.original_content or b""
        head = data.split(b"\r\n\r\n", 1)[0]
        message_id = next((line.split(b":", 1)[1].strip().decode() for line in head.split(b"\r\n")
                           if line.lower().startswith(b"message-id:")), "-")
        self.log.write(f"{time.monotonic():.6f} {envelope.rcpt_tos[0]} {message_id}\n")
        self.log.flush()
        return "250 2.0.0 queued"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "a", encoding="utf-8") as log:
        recorder = Recorder(log, pipelining="nopipelining" not in sys.argv[3:])
        controller = Controller(recorder, hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        try:
            sys.stdin.read()  # until the benchmark closes our stdin
        finally:
            controller.stop()


if __name__ == "__main__":
    main()
