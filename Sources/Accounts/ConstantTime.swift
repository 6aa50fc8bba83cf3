/// Compares two byte strings in time that depends only on their lengths, never on where they first
/// differ, so that a remote client timing its failed logins learns nothing about a stored hash or password.
func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    let left = Array(lhs)
    let right = Array(rhs)
    // Walk the longer input in full and fold in the length difference, instead of returning early on it.
    var difference: UInt8 = left.count == right.count ? 0 : 1
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= a ^ b
    }
    return difference == 0
}
