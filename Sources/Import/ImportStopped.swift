/// An import stopped because too many of its rows were rejected; nothing of it is committed.
struct ImportStopped: Error {
    var rows: Int
    var rejected: Int
    var byReason: [String: Int]
}
