import Foundation

/// Reads a configuration file, turning failures into `FILE: cannot read: REASON` with the
/// system's own wording (`No such file or directory`), which users recognise.
enum ConfigFileReader {
    static func contents(ofFile path: String) throws(ConfigError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw unreadable(path, reason: systemReason()) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, reason: systemReason())
            }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw unreadable(path, reason: "not UTF-8 text")
        }
        return text
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno))
    }

    private static func unreadable(_ path: String, reason: String) -> ConfigError {
        ConfigError(.unreadable, file: path, line: nil, message: "cannot read: \(reason)")
    }
}
