import Testing
@testable import IMAPServer

/// When a FETCH from the read-ahead may end without a look for changes (``FolderLook``).
@Suite("FolderLook: a look stands only while nothing changed and for under a second")
struct FolderLookTests {
    @Test("fresh while the generation stands and the look is under freshFor old; stale after either moves")
    func freshness() {
        let start = ContinuousClock.now
        let look = FolderLook(generation: 7, at: start)
        #expect(look.isFresh(generation: 7, at: start))
        #expect(look.isFresh(generation: 7, at: start + .milliseconds(999)))
        #expect(!look.isFresh(generation: 7, at: start + FolderLook.freshFor), "another program's change shows within a second")
        #expect(!look.isFresh(generation: 8, at: start), "any change through mailroom ends it at once")
    }
}
