public import Core
public import Foundation

extension SubjectID {
    /// A new, unique subject id: the creation time, then 80 random bits drawn, like a nonce, from libsodium's pooled
    /// source (the id is public once issued).
    public static func generate(now: Date = Date()) -> SubjectID {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var random = [UInt8](repeating: 0, count: 10)
        random.withUnsafeMutableBufferPointer { NoncePool.fill($0) }
        return make(millis: millis, random: random)
    }
}
