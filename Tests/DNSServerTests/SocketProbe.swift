import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blocking loopback sockets for the tests: raw bytes in and out, with a receive timeout so a test
/// fails instead of hanging.
struct SocketProbe {
    /// Seconds a receive waits before the test fails rather than hangs. Only a broken server reaches
    /// it: generous, because CPU-bound tests running in parallel can hold the cooperative pool, and
    /// with it the server's accept loop, for many seconds on a two-core machine.
    static let hangGuard = 60

    let descriptor: Int32

    static func udp() -> SocketProbe {
        SocketProbe(descriptor: socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0))
    }

    static func tcp(port: Int) throws -> SocketProbe {
        let probe = SocketProbe(descriptor: socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0))
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw ProbeError.failed("connect") }
        return probe
    }

    func setTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8], toPort port: Int) {
        var address = Self.loopback(port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    func send(_ bytes: [UInt8]) {
        _ = Glibc.send(descriptor, bytes, bytes.count, 0)
    }

    /// The next datagram or stream chunk; empty at end of stream; throws on timeout.
    func receive() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { throw ProbeError.failed("recv timed out") }
        return Array(buffer[..<count])
    }

    /// Reads a stream until `count` bytes arrived.
    func receive(exactly count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count {
            let chunk = try receive()
            guard !chunk.isEmpty else { throw ProbeError.failed("closed early") }
            bytes += chunk
        }
        return bytes
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}

enum ProbeError: Error {
    case failed(String)
}

/// Runs blocking socket calls on a thread of their own: on the cooperative pool (two threads on a
/// two-core machine) they would starve the server under test.
func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Swift.Result { try body() })
        }
    }
}
