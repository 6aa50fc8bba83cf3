import Foundation
import MailCore
import MailroomConfig
import Testing

/// `:include:/file` destinations, read at expansion time.
@Suite("alias :include: files")
struct AliasesIncludeTests {
    @Test("an include file's names, addresses, programs and nested aliases are expanded")
    func include() throws {
        let directory = try TemporaryDirectory()
        let list = try directory.write("list", "# members\nxiong, postmaster\n\n  friend@r.test \"|cmd a\"\n#x, y\n")
        let expander = try expander("list: :include:\(list), root", "postmaster: root")
        let result = expander.expand(address("list@example.test"))
        #expect(result.destinations
            == [mailbox("xiong"), mailbox("root"), .mailbox(localPart: "friend", domain: "r.test"), .program("cmd a")])
        #expect(result.problems.isEmpty)
    }

    @Test("edits to an include file take effect at the next expansion")
    func readAtExpansion() throws {
        let directory = try TemporaryDirectory()
        let list = try directory.write("list", "a\n")
        let expander = try expander("list: :include:\(list)")
        #expect(expander.expand(address("list@example.test")).destinations == [mailbox("a")])
        try directory.write("list", "b, c\n")
        #expect(expander.expand(address("list@example.test")).destinations == [mailbox("b"), mailbox("c")])
    }

    @Test("an include file that lists the alias including it delivers to that mailbox")
    func includeSelfReference() throws {
        let reader = AliasIncludeReader { _ in "list, a\n" }
        let result = try expander("list: :include:/l", includeReader: reader).expand(address("list@example.test"))
        #expect(result.destinations == [mailbox("list"), mailbox("a")])
    }

    @Test("a loop through an include file is reported")
    func includeLoop() throws {
        let reader = AliasIncludeReader { _ in "a\n" }
        let result = try expander("a: b", "b: :include:/l", includeReader: reader).expand(address("a@example.test"))
        #expect(result.destinations.isEmpty)
        #expect(result.problems.map(\.message) == ["alias database loop for a: a -> b -> :include:/l -> a (aliases:1)"])
    }

    @Test("the same include file is read once per expansion, even when it includes itself")
    func includeOnce() throws {
        let reader = AliasIncludeReader { _ in "x, :include:/l\n" }
        let result = try expander("a: :include:/l, b", "b: :include:/l", includeReader: reader).expand(address("a@example.test"))
        #expect(result.destinations == [mailbox("x")])
        #expect(result.problems.isEmpty)
    }

    @Test("an include file that cannot be read is a problem naming it; the rest still delivers")
    func missingInclude() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing"
        let result = try expander("list: :include:\(missing), root").expand(address("list@example.test"))
        #expect(result.destinations == [mailbox("root")])
        #expect(result.problems == [AliasProblem(.include, enhancedStatus: "5.3.5",
            message: "\(missing): cannot read: No such file or directory (:include: in alias \"list\")")])
    }

    @Test("an include file with a grammar error is a problem with its FILE:LINE")
    func brokenInclude() throws {
        let directory = try TemporaryDirectory()
        let list = try directory.write("list", "a\n\"|unterminated\n")
        let result = try expander("list: :include:\(list)").expand(address("list@example.test"))
        #expect(result.destinations.isEmpty)
        #expect(result.problems.map(\.message)
            == ["\(list):2: missing closing quote: \"|unterminated (:include: in alias \"list\")"])
    }

    @Test("include files that are directories or world-writable are refused, as local(8) does")
    func unsafeIncludes() throws {
        let directory = try TemporaryDirectory()
        let open = try directory.write("open", "a\n")
        guard chmod(open, 0o666) == 0 else { throw POSIXError(.EIO) }
        let result = try expander("d: :include:\(directory.path)", "w: :include:\(open)").expand(address("d@example.test"))
        #expect(result.problems.map(\.message) == ["\(directory.path): not a regular file (:include: in alias \"d\")"])
        let writable = try expander("w: :include:\(open)").expand(address("w@example.test"))
        #expect(writable.problems.map(\.message)
            == ["\(open): is world-writable; refusing to use it (:include: in alias \"w\")"])
        #expect(writable.destinations.isEmpty)
    }

    @Test("includes count towards the nesting limit")
    func includeDepth() throws {
        let reader = AliasIncludeReader { path in path == "/1" ? ":include:/2\n" : "z\n" }
        let result = try expander("a: :include:/1", maximumDepth: 2, includeReader: reader).expand(address("a@example.test"))
        #expect(result.destinations.isEmpty)
        #expect(result.problems.map(\.message)
            == ["alias expansion of a@example.test nests more than 2 levels deep at :include:/2"])
    }
}
