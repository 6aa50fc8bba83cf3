import CSQLite
import Synchronization

/// One SQLite database connection, with the few calls the index makes: statements with bound
/// parameters, rows read by column, and transactions. Not shared between threads: its owner
/// serialises access (``SQLiteMailIndex`` holds it under a lock).
///
/// The database runs in WAL mode with `synchronous = NORMAL` (https://sqlite.org/wal.html,
/// https://sqlite.org/pragma.html#pragma_synchronous): a committed transaction is in the WAL file
/// when `COMMIT` returns, so it survives SIGKILL and any crash of the process; the WAL is synced
/// only when it is checkpointed into the database, so an operating system crash or power loss may
/// take back the transactions committed since the last checkpoint, never half of one (the database
/// stays consistent). Readers of other connections never see half of a transaction. This is
/// Dovecot's `mail_fsync = optimized` for its index: the message files are what gets synced
/// (``MailStore``'s deliverers, the folder store's APPEND), not each index change.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    /// Compiled statements by their SQL, kept while the connection lives: the index runs the same
    /// few dozen statements for every command, and compiling one costs more than running it.
    private var prepared: [String: SQLiteStatement] = [:]
    /// At most this many statements are kept; any other is compiled for each use.
    static let preparedLimit = 64
    /// Transactions committed through this connection, readable from any thread without its owner's
    /// lock (``SQLiteMailIndex/generation``).
    let commits = CommitCount()

    /// Opens (creating) the database at `path`, or an in-memory one for `":memory:"`.
    init(path: String) throws(IndexError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(opened)
            throw IndexError(.unavailable, "cannot open the index \(path): \(message)")
        }
        handle = opened
        sqlite3_busy_timeout(handle, 10_000)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        // Pages are read through a mapping of the file rather than copied by pread(2) into the
        // connection's own 2 MiB page cache: a FETCH 1:* of a 10,000-message folder reads more pages
        // than that cache holds, so every such FETCH read the whole table again (a third of its CPU in
        // benchmarks/imap fetch-meta). The mapping is address space, not memory: the pages are the
        // kernel's page cache, shared by every connection (https://sqlite.org/mmap.html).
        try execute("PRAGMA mmap_size = \(Self.mappedBytes)")
    }

    /// The most of a database file read through ``init(path:)``'s mapping; beyond it, pread(2).
    static let mappedBytes = 1 << 30

    deinit {
        prepared.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs `sql` (one or more statements without parameters).
    func execute(_ sql: String) throws(IndexError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw IndexError(.corrupt, "\(text) in: \(sql)")
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws(IndexError) -> T) throws(IndexError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            commits.count.add(1, ordering: .releasing)
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A prepared statement for `sql` with `parameters` bound (1-based, in order): the kept one when
    /// there is one (reset first), else a new one, kept while there is room. One use at a time: the
    /// caller steps it to its end (``run(_:_:)``, ``rows(_:_:_:)``) and resets it.
    func statement(_ sql: String, _ parameters: [SQLiteValue] = []) throws(IndexError) -> SQLiteStatement {
        if let kept = prepared[sql] {
            kept.reset()
            try kept.bind(parameters)
            return kept
        }
        var compiled: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &compiled, nil) == SQLITE_OK, let compiled else {
            throw IndexError(.corrupt, "\(String(cString: sqlite3_errmsg(handle))) in: \(sql)")
        }
        let statement = SQLiteStatement(compiled, database: handle)
        try statement.bind(parameters)
        if prepared.count < Self.preparedLimit {
            prepared[sql] = statement
        }
        return statement
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, _ parameters: [SQLiteValue] = []) throws(IndexError) {
        let statement = try statement(sql, parameters)
        // Reset at once: a statement left part way keeps its read snapshot of the WAL open.
        defer { statement.reset() }
        while try statement.step() {}
    }

    /// Every row of a query, each made by `row`.
    func rows<T>(_ sql: String, _ parameters: [SQLiteValue] = [],
                 _ row: (SQLiteStatement) throws(IndexError) -> T) throws(IndexError) -> [T] {
        let statement = try statement(sql, parameters)
        defer { statement.reset() }
        var result: [T] = []
        while try statement.step() {
            result.append(try row(statement))
        }
        return result
    }

    /// The rowid of the last insert.
    var lastInsertedRow: Int64 {
        sqlite3_last_insert_rowid(handle)
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: OpaquePointer

    fileprivate init(_ handle: OpaquePointer, database: OpaquePointer) {
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Back to before its first step, its parameters unbound, ready to be used again.
    fileprivate func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    fileprivate func bind(_ parameters: [SQLiteValue]) throws(IndexError) {
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32 = switch value {
            case .integer(let number): sqlite3_bind_int64(handle, index, number)
            case .text(let text): text.withCString { mailroom_sqlite3_bind_text_copy(handle, index, $0, -1) }
            case .blob(let bytes): bytes.withUnsafeBytes { mailroom_sqlite3_bind_blob_copy(handle, index, $0.baseAddress, Int32($0.count)) }
            case .null: sqlite3_bind_null(handle, index)
            }
            guard result == SQLITE_OK else { throw IndexError(.corrupt, String(cString: sqlite3_errmsg(database))) }
        }
    }

    /// Advances to the next row: `true` while there is one.
    func step() throws(IndexError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case SQLITE_CONSTRAINT: throw IndexError(.conflict, String(cString: sqlite3_errmsg(database)))
        case SQLITE_FULL: throw IndexError(.full, String(cString: sqlite3_errmsg(database)))
        default: throw IndexError(.corrupt, String(cString: sqlite3_errmsg(database)))
        }
    }

    func integer(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String {
        sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
    }

    func blob(_ column: Int32) -> [UInt8]? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

/// How many transactions a connection committed: shared with readers on other threads.
final class CommitCount: Sendable {
    let count = Atomic<UInt64>(0)
}
