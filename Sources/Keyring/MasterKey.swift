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

    /// Adds a new version to the file and returns the key ring's new master key.
    ///
    /// The file is replaced atomically (a new file with mode 0600, synced, then renamed over the old one), so a
    /// crash leaves either the old file or the new one, never a half-written key. Older versions stay in it: keys
    /// wrapped under them still open until `keys rotate` has rewrapped them, and key-store backups need them.
    public func addingVersion(at url: URL) throws -> MasterKey {
        let next = currentVersion + 1
        let key = SymmetricKey.random()
        var all = versions
        all[next] = key
        var text = Self.header
        for version in all.keys.sorted() {
            text += "\(version) \(Data(all[version]!.bytes).base64EncodedString())\n"
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).new")
        unlink(temporary.path)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw KeyringError(.storage, "cannot create \(temporary.lastPathComponent): \(reason)")
        }
        let bytes = Array(text.utf8)
        let written = write(fd, bytes, bytes.count)
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw KeyringError(.storage, "cannot write \(url.lastPathComponent); it was left unchanged")
        }
        Self.syncDirectory(of: url)
        return MasterKey(currentVersion: next, versions: all)
    }

    /// Syncs the directory holding `url`, so a rename in it survives a power cut.
    private static func syncDirectory(of url: URL) {
        let fd = open(url.deletingLastPathComponent().path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static let header = "# pdgate master key: keep this file secret, mode 600, and back it up apart from the data\n"
}
