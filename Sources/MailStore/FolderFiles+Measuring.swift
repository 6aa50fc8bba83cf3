import Dispatch
import Glibc
import MailCore

extension FolderFiles {
    /// Messages in a listing above this many are measured on more than one thread.
    static let listingsPerMeasuringThread = 512

    /// Each listed message's INTERNALDATE and RFC822.SIZE (``MaildirReader/measure(_:access:)``), `nil`
    /// for one gone meanwhile. A Maildir that mailroom has never seen may hold thousands of files whose
    /// names carry no `W=` and must be read to be counted (a first SELECT): they are measured on as many
    /// threads as there are cores, each acting as the mailbox's owner, while the caller waits.
    func measure(_ listings: [MaildirReader.Listing]) throws(MailStoreError) -> [(internalDate: Int64, size: Int64)?] {
        let threads = min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), listings.count / Self.listingsPerMeasuringThread)
        guard threads > 1 else { return try measure(listings[...]) }
        let share = (listings.count + threads - 1) / threads
        let parts = ParkingMutex<[Int: Result<[(internalDate: Int64, size: Int64)?], MailStoreError>]>([:])
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let slice = listings[(part * share)..<min(listings.count, (part + 1) * share)]
            let result = Result { () throws(MailStoreError) in try measure(slice) }
            parts.withLock { $0[part] = result }
        }
        var measured: [(internalDate: Int64, size: Int64)?] = []
        measured.reserveCapacity(listings.count)
        for part in 0..<threads {
            measured += try parts.withLock { $0[part]! }.get()
        }
        return measured
    }

    private func measure(_ listings: ArraySlice<MaildirReader.Listing>) throws(MailStoreError)
        -> [(internalDate: Int64, size: Int64)?] {
        try run { (access) throws(MailStoreError) in
            try listings.map { (listing) throws(MailStoreError) in
                do {
                    return try MaildirReader.measure(listing, access: access)
                } catch {
                    throw Self.storeError(error, path: listing.path)
                }
            }
        }
    }
}
