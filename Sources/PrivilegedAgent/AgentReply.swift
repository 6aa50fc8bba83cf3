import Glibc

/// The agent's answer to one ``AgentRequest``: an `errno` (0 for success), and what the request asks
/// back. A descriptor (from `open` and `openChannel`) travels beside the bytes.
struct AgentReply: Equatable {
    /// 0, or the `errno` of the failed call (`EPERM` for a request the agent's policy refuses).
    var errorNumber: Int32
    /// A path check's refusal: the reason, when the path is not one to work in (``errorNumber`` 0).
    var refusal: String?
    /// `status`'s result.
    var status: stat?
    /// `verifyPassword`'s answer.
    var verified: Bool

    init(errorNumber: Int32 = 0, refusal: String? = nil, status: stat? = nil, verified: Bool = false) {
        self.errorNumber = errorNumber
        self.refusal = refusal
        self.status = status
        self.verified = verified
    }

    static func == (lhs: AgentReply, rhs: AgentReply) -> Bool {
        lhs.encoded == rhs.encoded
    }

    var encoded: [UInt8] {
        var writer = AgentWriter()
        writer.append(errorNumber)
        writer.append(verified)
        writer.append(refusal != nil)
        if let refusal {
            writer.append(refusal)
        }
        writer.append(status != nil)
        if var status {
            withUnsafeBytes(of: &status) { writer.append(raw: $0) }
        }
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(AgentWireError) {
        var reader = AgentReader(bytes)
        errorNumber = try reader.integer()
        verified = try reader.flag()
        refusal = try reader.flag() ? try reader.string() : nil
        if try reader.flag() {
            var info = stat()
            try withUnsafeMutableBytes(of: &info) { (target) throws(AgentWireError) in try reader.raw(into: target) }
            status = info
        } else {
            status = nil
        }
        guard reader.isAtEnd else { throw AgentWireError() }
    }
}
