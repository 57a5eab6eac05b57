public import Foundation

/// The key-encryption key: 32 random bytes in a file readable by its owner only.
///
/// The file holds one line per version (`<version> <base64>`); the highest version is current, older ones
/// stay so keys wrapped under them still open until `keys rotate` rewraps them. It never enters a database
/// or a log.
public struct MasterKey: Sendable {
    /// The current version, recorded next to every key it wraps.
    public let currentVersion: Int
    let versions: [Int: SymmetricKey]

    /// The key of the current version.
    var current: SymmetricKey { versions[currentVersion]! }

    /// The key of a given version.
    func key(version: Int) throws -> SymmetricKey {
        guard let key = versions[version] else {
            throw KeyringError(.wrongMasterKey, "master key version \(version) is not in the master key file")
        }
        return key
    }

    /// Creates a new master key file with mode 0600.
    ///
    /// - Throws: ``KeyringError`` `masterKeyExists` if the file is already there; a key is never overwritten.
    @discardableResult
    public static func create(at url: URL) throws -> MasterKey {
        let key = SymmetricKey.random()
        let text = header + "1 " + Data(key.bytes).base64EncodedString() + "\n"
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw KeyringError(.masterKeyExists, "\(url.lastPathComponent) already exists; refusing to overwrite it")
            }
            throw KeyringError(.storage, "cannot create \(url.lastPathComponent): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw KeyringError(.storage, "cannot write \(url.lastPathComponent)")
        }
        return MasterKey(currentVersion: 1, versions: [1: key])
    }

    /// Loads the master key file, refusing one that group or others can read.
    public static func load(from url: URL) throws -> MasterKey {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw KeyringError(.masterKeyMissing, "no master key at \(url.path); run `pdgate init` first")
        }
        guard info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw KeyringError(
                .masterKeyInsecurePermissions,
                "\(url.lastPathComponent) has mode \(mode); it must be 600 (chmod 600 \(url.path))")
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw KeyringError(.masterKeyMalformed, "\(url.lastPathComponent) is not readable text")
        }
        var versions: [Int: SymmetricKey] = [:]
        for (index, line) in text.split(separator: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ")
            guard parts.count == 2, let version = Int(parts[0]), version > 0,
                let data = Data(base64Encoded: String(parts[1])), data.count == SymmetricKey.byteCount
            else {
                throw KeyringError(.masterKeyMalformed, "\(url.lastPathComponent) line \(index + 1) is not `<version> <base64 key>`")
            }
            versions[version] = SymmetricKey(bytes: Array(data))
        }
        guard let current = versions.keys.max() else {
            throw KeyringError(.masterKeyMalformed, "\(url.lastPathComponent) holds no key")
        }
        return MasterKey(currentVersion: current, versions: versions)
    }

    /// Appends a new version to the file and returns the key ring's new master key.
    public func addingVersion(at url: URL) throws -> MasterKey {
        let next = currentVersion + 1
        let key = SymmetricKey.random()
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(next) \(Data(key.bytes).base64EncodedString())\n".utf8))
        try handle.synchronize()
        var all = versions
        all[next] = key
        return MasterKey(currentVersion: next, versions: all)
    }

    private static let header = "# pdgate master key: keep this file secret, mode 600, and back it up apart from the data\n"
}
