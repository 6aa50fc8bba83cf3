"""A minimal IMAP client over a raw socket, fast enough to measure a fast server from Python.

imaplib parses every response with regular expressions and copies literals several times; here a
response is read as bytes (lines plus the literals they announce, RFC 9051 §4.3) and only what a
benchmark checks is looked at. One command at a time, no pipelining: the client sends a command
and reads until its tagged status response (RFC 9051 §2.2.2). Literals the client sends are
synchronizing (`{n}`, waiting for the server's `+`) unless the server advertises LITERAL+
(RFC 7888), then `{n+}`.
"""

from __future__ import annotations

import re
import socket
import ssl

READ_CHUNK = 1 << 18
COMPACT_AT = 1 << 20          # drop consumed bytes from the read buffer once this many pile up
LITERAL_AT_END = re.compile(rb"\{(\d+)\}\Z")
EXISTS = re.compile(rb"\A\* (\d+) EXISTS\Z")


class IMAPError(RuntimeError):
    """The server answered NO or BAD, closed the connection, or said something out of order."""


class Literal:
    """A string the client sends as an IMAP literal."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data


class Response:
    """One server response: its lines joined (each literal replaced by its `{n}` marker, which
    stays at the end of the line that announced it) and the literals' bytes in order."""

    __slots__ = ("text", "literals")

    def __init__(self, text: bytes, literals: list[bytes]):
        self.text = text
        self.literals = literals


def quoted(s: str) -> bytes:
    """An IMAP quoted string (RFC 9051 §4.3) of ASCII text."""
    return b'"' + s.encode("ascii").replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


def astring(s: str):
    """A quoted string when ASCII, else a literal of its UTF-8 bytes."""
    return quoted(s) if s.isascii() else Literal(s.encode("utf-8"))


class Connection:
    """One IMAP connection, plain or with TLS from the start (imaps, RFC 8314 §3.2)."""

    def __init__(self, host: str, port: int, *, tls: ssl.SSLContext | None = None,
                 server_name: str | None = None, source: str | None = None, timeout: float = 120.0):
        sock = socket.create_connection((host, port), timeout=timeout,
                                        source_address=(source, 0) if source else None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            sock = tls.wrap_socket(sock, server_hostname=server_name or host)
        self.sock = sock
        self.buf = bytearray()
        self.pos = 0
        self.tags = 0
        self.literal_plus = False
        self.greeting = self.read_line()
        self._note_capabilities(self.greeting)

    # ---- reading

    def _fill(self):
        if self.pos >= COMPACT_AT or self.pos == len(self.buf):
            del self.buf[:self.pos]
            self.pos = 0
        data = self.sock.recv(READ_CHUNK)
        if not data:
            raise IMAPError("the server closed the connection")
        self.buf += data

    def read_line(self) -> bytes:
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos:i])
                self.pos = i + 2
                return line
            self._fill()

    def read_exact(self, n: int) -> bytes:
        while len(self.buf) - self.pos < n:
            self._fill()
        data = bytes(self.buf[self.pos:self.pos + n])
        self.pos += n
        return data

    def read_response(self) -> Response:
        line = self.read_line()
        m = LITERAL_AT_END.search(line)
        if not m:
            return Response(line, [])
        parts, literals = [line], []
        while m:
            literals.append(self.read_exact(int(m.group(1))))
            line = self.read_line()
            parts.append(line)
            m = LITERAL_AT_END.search(line)
        return Response(b"\r\n".join(parts), literals)

    # ---- commands

    def command(self, *pieces, on_untagged=None, check: bool = True) -> tuple[bytes, list[Response]]:
        """Send one command made of PIECES (bytes as they are, Literal as literals, separated by
        what the caller put in the bytes) and read to its tagged response. Untagged responses go
        to ON_UNTAGGED, or are returned in a list. Raises IMAPError on NO/BAD when CHECK."""
        self.tags += 1
        tag = b"b%d" % self.tags
        untagged: list[Response] = []
        keep = on_untagged or untagged.append
        out = bytearray(tag + b" ")
        for piece in pieces:
            if not isinstance(piece, Literal):
                out += piece
                continue
            n = len(piece.data)
            if self.literal_plus:
                out += b"{%d+}\r\n" % n
                out += piece.data
                continue
            out += b"{%d}\r\n" % n
            self.sock.sendall(out)
            while True:                           # wait for the go-ahead (RFC 9051 §7.5)
                r = self.read_response()
                if r.text.startswith(b"+"):
                    break
                if r.text.startswith(tag + b" "):
                    raise IMAPError(f"literal refused: {r.text[:300]!r}")
                keep(r)
            out = bytearray(piece.data)
        out += b"\r\n"
        self.sock.sendall(out)
        prefix = tag + b" "
        while True:
            r = self.read_response()
            if r.text.startswith(prefix):
                status = r.text[len(prefix):]
                if check and not status.startswith(b"OK"):
                    shown = b"".join(p if isinstance(p, bytes) else b"{literal}" for p in pieces)
                    raise IMAPError(f"{shown[:120]!r} -> {status[:300]!r}")
                self._note_capabilities(status)
                return status, untagged
            if r.text.startswith(b"* BYE") and not pieces[0].startswith(b"LOGOUT"):
                raise IMAPError(f"BYE: {r.text[:300]!r}")
            keep(r)

    def _note_capabilities(self, line: bytes):
        """Capabilities sent in a response code (RFC 9051 §7.1): only LITERAL+ matters here."""
        i = line.find(b"[CAPABILITY ")
        if i >= 0:
            caps = line[i + 12:line.find(b"]", i)].upper().split()
            self.literal_plus = b"LITERAL+" in caps

    # ---- the commands a benchmark uses

    def login(self, user: str, password: str):
        status, _ = self.command(b"LOGIN ", quoted(user), b" ", quoted(password))
        if b"[CAPABILITY " not in status:         # the server did not say: ask (RFC 9051 §6.1.1)
            _, untagged = self.command(b"CAPABILITY")
            for r in untagged:
                if r.text.startswith(b"* CAPABILITY "):
                    self.literal_plus = b"LITERAL+" in r.text[13:].upper().split()

    def select(self, mailbox: str = "INBOX") -> int:
        """SELECT; returns the EXISTS count."""
        _, untagged = self.command(b"SELECT ", quoted(mailbox))
        for r in untagged:
            m = EXISTS.match(r.text)
            if m:
                return int(m.group(1))
        raise IMAPError(f"SELECT {mailbox}: no EXISTS")

    def search(self, key: str, term: str) -> int:
        """SEARCH KEY TERM; returns how many messages match. Non-ASCII terms go as a UTF-8
        literal with CHARSET UTF-8 (RFC 9051 §6.4.4)."""
        charset = b"" if term.isascii() else b"CHARSET UTF-8 "
        _, untagged = self.command(b"SEARCH " + charset + key.encode() + b" ", astring(term))
        hits = 0
        for r in untagged:
            if r.text.startswith(b"* SEARCH"):
                hits += len(r.text.split()) - 2
        return hits

    def logout(self):
        try:
            self.command(b"LOGOUT", check=False)
        finally:
            self.close()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def tls_context(cafile: str) -> ssl.SSLContext:
    """A client context that trusts exactly the benchmark's self-signed certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cafile)
    return ctx
