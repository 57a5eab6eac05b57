import Foundation
public import Requests

/// What running a request produced.
public struct RequestRunResult: Sendable, Codable {
    public var request: SubjectRequest
    /// Access: the encrypted bundle (secretstream) and the key to give the person through another channel.
    public var bundleFile: String?
    public var deliveryKey: String?
    /// SHA-256 of the bundle's manifest (names, sizes and hashes of the files inside).
    public var manifestSHA256: String?
    public var erasure: ErasureResult?
}
