/// Why a setting's value (or one element of a list) was rejected; the loader adds the file,
/// line and setting name to make a `ConfigError`.
struct ValueError: Error, Hashable, Sendable {
    /// The offending text: the whole value, or the one list element that is wrong.
    var value: String
    /// What it should have been, phrased to follow the quoted value ("is not a whole number").
    var problem: String

    init(_ value: some StringProtocol, _ problem: String) {
        self.value = String(value)
        self.problem = problem
    }
}
