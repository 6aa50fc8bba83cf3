import Foundation

/// The message on sendmail's standard input, read through ``LocalMessageFilter`` in 64 KiB reads, so
/// the message is never held whole.
struct SendmailInput {
    private(set) var filter: LocalMessageFilter
    private let descriptor: Int32
    private var finished = false

    init(filter: LocalMessageFilter, descriptor: Int32) {
        self.filter = filter
        self.descriptor = descriptor
    }

    /// The next message bytes that are ready; `nil` once the input has ended and everything was given.
    /// The first non-empty result comes after the header section, so `-t`'s recipients are known.
    mutating func next() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !finished {
            guard !filter.ended else { break }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            let ready = filter.feed(buffer[..<count])
            if !ready.isEmpty { return ready }
        }
        guard !finished else { return nil }
        finished = true
        return filter.finish()
    }
}
