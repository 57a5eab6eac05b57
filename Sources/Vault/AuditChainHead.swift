/// The audit chain's head as this transaction left it, once the transaction holds the chain's lock.
///
/// A transaction that appends several entries (a purge batch, a lookup's two) reads the head from the database once;
/// after that no other process can move it until commit, so each append takes the head from here.
package final class AuditChainHead {
    /// The last entry's sequence number and hash, or nil while the head has not been read for an append.
    package var locked: (seq: Int64, hash: [UInt8])?
    /// Whether the head was read for an append (then a nil ``locked`` means an empty chain).
    package var isLocked = false
    /// Whether this transaction appended the head and has not signed it: then no checkpoint for it can exist yet
    /// (no one else appends while the chain is locked), and signing it needs no look-up first.
    package var appendedUnsigned = false

    /// Forgets the head (a rollback to a savepoint may have undone appends); the next append reads it again.
    package func forget() {
        locked = nil
        isLocked = false
        appendedUnsigned = false
    }
}
