import Foundation
import MailroomConfig
import Testing

/// Loading `alias_maps` files and reloading them when they change.
@Suite("alias table")
struct AliasesTableTests {
    @Test("the first file in alias_maps that has a name wins; lookups ignore case")
    func firstFileWins() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write("first", "root: admin\n")
        let second = try directory.write("second", "root: other\nteam: a, b\n")
        let table = try AliasTable.load(paths: [first, second])
        #expect(table.lookup("ROOT")?.values == [.address("admin")])
        #expect(table.lookup("team")?.file == second)
        #expect(table.lookup("nobody") == nil)
        #expect(table.files.map(\.file) == [first, second])
    }

    @Test("a missing alias file is empty, with a warning")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let table = try AliasTable.load(paths: [directory.path + "/aliases"])
        #expect(table.lookup("root") == nil)
        #expect(table.warnings.map(\.description)
            == ["\(directory.path)/aliases: warning: alias file does not exist; no aliases read from it"])
    }

    @Test("duplicate warnings of every file are collected")
    func warnings() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("aliases", "a: b\nA: c\n")
        #expect(try AliasTable.load(paths: [file]).warnings.map(\.description)
            == ["\(file):2: warning: duplicate alias \"a\" ignored; the one on line 1 is used"])
    }

    @Test("a file that cannot be read is refused with FILE: cannot read")
    func unreadable() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: ConfigError(.unreadable, file: directory.path, line: nil, message: "cannot read: Is a directory")) {
            _ = try AliasTable.load(paths: [directory.path])
        }
    }

    @Test("a grammar error names the file and line")
    func grammarError() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("aliases", "root: admin\nbroken\n")
        #expect(throws: ConfigError(.syntax, file: file, line: 2, message: "expected \"name: value\", found \"broken\"")) {
            _ = try AliasTable.load(paths: [file])
        }
    }

    @Test("a changed file is read again; an unchanged one is not")
    func reloadAfterChange() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("aliases", "root: admin\n")
        var table = try AliasTable.load(paths: [file])
        #expect(try table.reloadIfChanged() == false)

        try directory.write("aliases", "root: admin, backup\nteam: a\n")
        #expect(try table.reloadIfChanged() == true)
        #expect(table.lookup("root")?.values == [.address("admin"), .address("backup")])
        #expect(table.lookup("team") != nil)
        #expect(try table.reloadIfChanged() == false)
    }

    @Test("same inode, size and modification time: the file is not read again")
    func unchangedStampIsNotReread() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("aliases", "root: aaaaa\n")
        var table = try AliasTable.load(paths: [file])
        let before = try modificationTime(file)
        try directory.write("aliases", "root: bbbbb\n")
        try setModificationTime(file, before)
        #expect(try table.reloadIfChanged() == false)
        #expect(table.lookup("root")?.values == [.address("aaaaa")], "the stamp matched, so the old content stays")

        var later = before
        later.tv_sec += 1
        try setModificationTime(file, later)
        #expect(try table.reloadIfChanged() == true)
        #expect(table.lookup("root")?.values == [.address("bbbbb")])
    }

    @Test("a file replaced by rename (new inode) is read again")
    func replacedFile() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("aliases", "root: aaaaa\n")
        var table = try AliasTable.load(paths: [file])
        let before = try modificationTime(file)
        let replacement = try directory.write("aliases.new", "root: bbbbb\n")
        try setModificationTime(replacement, before)
        guard rename(replacement, file) == 0 else { throw POSIXError(.EIO) }
        #expect(try table.reloadIfChanged() == true)
        #expect(table.lookup("root")?.values == [.address("bbbbb")])
    }

    @Test("a file that appears later is read; one that disappears becomes empty")
    func appearingAndDisappearingFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/aliases"
        var table = try AliasTable.load(paths: [path])
        #expect(try table.reloadIfChanged() == false)
        try directory.write("aliases", "root: admin\n")
        #expect(try table.reloadIfChanged() == true)
        #expect(table.lookup("root") != nil)
        #expect(table.warnings.isEmpty)
        try FileManager.default.removeItem(atPath: path)
        #expect(try table.reloadIfChanged() == true)
        #expect(table.lookup("root") == nil)
    }

    @Test("a broken edit is reported once and the previous content stays until it is fixed")
    func brokenEdit() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("aliases", "root: admin\n")
        var table = try AliasTable.load(paths: [file])
        try directory.write("aliases", "root: admin\n\nno colon here\n")
        #expect(throws: ConfigError(.syntax, file: file, line: 3, message: "expected \"name: value\", found \"no colon here\"")) {
            _ = try table.reloadIfChanged()
        }
        #expect(table.lookup("root")?.values == [.address("admin")])
        #expect(try table.reloadIfChanged() == false, "the same broken version is not reported again")
        try directory.write("aliases", "root: fixed\n")
        #expect(try table.reloadIfChanged() == true)
        #expect(table.lookup("root")?.values == [.address("fixed")])
    }

    @Test("a table made from parsed text has nothing to reload")
    func inMemoryTable() throws {
        var table = AliasTable([try aliases("root: admin")])
        #expect(try table.reloadIfChanged() == false)
        #expect(table.lookup("root") != nil)
        #expect(table.warnings.isEmpty)
    }
}

private func modificationTime(_ path: String) throws -> timespec {
    var info = stat()
    guard stat(path, &info) == 0 else { throw POSIXError(.ENOENT) }
    #if canImport(Darwin)
    return info.st_mtimespec
    #else
    return info.st_mtim
    #endif
}

private func setModificationTime(_ path: String, _ time: timespec) throws {
    let times = [time, time]
    guard utimensat(AT_FDCWD, path, times, 0) == 0 else { throw POSIXError(.EIO) }
}
