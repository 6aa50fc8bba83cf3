import Testing
@testable import MailIndex

/// The connection keeps its compiled statements (``SQLiteDatabase/preparedLimit``): a kept statement
/// must behave as a new one, whatever its last use left behind.
@Suite("SQLite connection: kept statements, WAL and mapped reads")
struct SQLiteDatabaseTests {
    @Test("a kept statement runs again with new parameters after a constraint failure")
    func reuseAfterFailure() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)")
        let insert = "INSERT INTO t (k, v) VALUES (?, ?)"
        try database.run(insert, [.integer(1), .text("a")])
        do throws(IndexError) {
            try database.run(insert, [.integer(2), .text("a")])
            Issue.record("a duplicate value was inserted")
        } catch {
            #expect(error.code == .conflict)
        }
        try database.run(insert, [.integer(2), .text("b")])
        #expect(try database.rows("SELECT v FROM t ORDER BY k") { $0.text(0) } == ["a", "b"])
    }

    @Test("a file's pages are read through a mapping, and another connection's commits are seen through it")
    func mappedReads() throws {
        try withIndexFile { path in
            let reader = try SQLiteDatabase(path: path)
            let writer = try SQLiteDatabase(path: path)
            #expect(try reader.rows("PRAGMA mmap_size") { $0.integer(0) } == [Int64(SQLiteDatabase.mappedBytes)])
            try writer.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)")
            try writer.run("INSERT INTO t (k, v) VALUES (1, zeroblob(100000))")
            try writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            #expect(try reader.rows("SELECT length(v) FROM t") { $0.integer(0) } == [100_000])
            try writer.run("UPDATE t SET v = zeroblob(5) WHERE k = 1")
            try writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            #expect(try reader.rows("SELECT length(v) FROM t") { $0.integer(0) } == [5])
        }
    }

    @Test("WAL: a query left part way holds no snapshot; the connection sees another's later commit")
    func queryLeftPartWay() throws {
        try withIndexFile { path in
            let reader = try SQLiteDatabase(path: path)
            let writer = try SQLiteDatabase(path: path)
            try writer.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
            try writer.run("INSERT INTO t (k) VALUES (1), (2)")
            #expect(throws: IndexError.self) {
                _ = try reader.rows("SELECT k FROM t ORDER BY k") { _ throws(IndexError) in
                    throw IndexError(.notAllowed, "stop at the first row")
                }
            }
            try writer.run("INSERT INTO t (k) VALUES (3)")
            #expect(try reader.rows("SELECT count(*) FROM t") { $0.integer(0) } == [3])
            #expect(try reader.rows("SELECT k FROM t ORDER BY k") { $0.integer(0) } == [1, 2, 3])
        }
    }

    @Test("statements beyond the kept number are compiled for each use and give the same rows")
    func beyondTheLimit() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        try database.run("INSERT INTO t (k) VALUES (1), (2), (3)")
        for round in 0..<2 {
            for bound in 0..<(SQLiteDatabase.preparedLimit + 8) {
                let count = try database.rows("SELECT count(*) FROM t WHERE k > \(bound % 4) AND \(round) = ?", [.integer(Int64(round))]) {
                    $0.integer(0)
                }
                #expect(count == [Int64(3 - bound % 4)])
            }
        }
    }
}
