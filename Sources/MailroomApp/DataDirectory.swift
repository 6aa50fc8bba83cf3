import Foundation

/// The `data_directory`: queue, account database, state and generated keys live here, so it is
/// created private to the server's user (0700) and its mode is checked on every start.
public enum DataDirectory {
    /// Creates `path` (and missing parents) as 0700 when it does not exist; fails with a one-line
    /// message when it cannot be made or is not a directory.
    public static func prepare(_ path: String) throws(AppError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw AppError("\(path): data_directory is not a directory") }
            guard access(path, R_OK | W_OK | X_OK) == 0 else {
                throw AppError("\(path): data_directory is not writable: \(String(cString: strerror(errno)))")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw AppError("\(path): cannot create data_directory: \(AppError.reason(error))")
        }
    }
}
