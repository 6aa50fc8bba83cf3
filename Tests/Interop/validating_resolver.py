"""A stand-in for the local validating resolver DANE needs (unbound or BIND on 127.0.0.1): it
forwards each UDP query to an authoritative server and sets the AD bit in the answer, as a validator
does for a zone whose DNSSEC signatures check out. mailroom's DNS listener serves unsigned zones,
so the validation itself is what this stands in for; with `authenticate=False` it is a resolver
that could not validate (an unsigned zone), whose answers are insecure."""

import socket
import threading

AD = 0x20  # the AD bit, in the fourth octet of the header (RFC 4035 §3.2.3)


class ValidatingResolver:
    def __init__(self, upstream_port: int, authenticate: bool = True):
        self.upstream = ("127.0.0.1", upstream_port)
        self.authenticate = authenticate
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                query, client = self.socket.recvfrom(4096)
            except OSError:
                return
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as upstream:
                upstream.settimeout(2)
                try:
                    upstream.sendto(query, self.upstream)
                    answer = bytearray(upstream.recv(65535))
                except OSError:
                    continue
            if len(answer) >= 4:
                answer[3] = answer[3] | AD if self.authenticate else answer[3] & ~AD
            self.socket.sendto(bytes(answer), client)

    def close(self):
        self.socket.close()
