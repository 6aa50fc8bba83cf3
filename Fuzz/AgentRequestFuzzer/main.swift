import FuzzSupport
@testable import PrivilegedAgent

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point for what the privileged agent reads: a request from the server, which an
/// attacker who took the server over writes at will, and the agent's reply, which the server reads.
///
/// Three checks per input:
/// - the bytes as a request parse or throw, never trap; a parsed request encodes back to exactly the
///   same bytes (one meaning per message);
/// - every path a parsed request names goes through the policy without trapping, and a path the
///   policy lets root act on is in the spool itself, never elsewhere (no `.` or `..` component, no
///   NUL; a name such as `..c` is a name);
/// - the bytes as a reply parse or throw, never trap, and a parsed reply encodes back to them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAgentRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    if let request = try? AgentRequest(decoding: bytes) {
        fuzzCheck(request.encoded == bytes, "\(request) does not encode back to its bytes")
        checkPolicy(request)
    }
    if let reply = try? AgentReply(decoding: bytes) {
        fuzzCheck(reply.encoded == bytes, "a reply does not encode back to its bytes")
    }
    return 0
}

private let policy = AgentPolicy(
    spoolDirectories: ["/var/mail"], firstValidUID: 1000, lastValidUID: nil, virtualOwner: (5000, 5000),
    primaryGroup: { $0 }, spoolGroups: { [8] })

private func checkPolicy(_ request: AgentRequest) {
    let paths: [String]
    switch request {
    case let .checkPath(path, _, _, _), let .open(path, _, _, _), let .makeDirectory(path, _, _),
         let .unlink(path, _), let .removeDirectory(path, _), let .status(path, _, _):
        paths = [path]
    case let .rename(source, target, _):
        paths = [source, target]
    case .changeOwner, .verifyPassword, .openChannel:
        paths = []
    }
    for path in paths where policy.refusal(uid: 0, gid: 0, path: path) == nil {
        let inSpool = path == "/var/mail" || (path.hasPrefix("/var/mail/") && !path.dropFirst("/var/mail/".count).contains("/"))
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        fuzzCheck(inSpool && !components.contains("..") && !components.contains(".") && !path.utf8.contains(0),
                  "root allowed at \(path)")
    }
}

runLibFuzzer(fuzzAgentRequest)
