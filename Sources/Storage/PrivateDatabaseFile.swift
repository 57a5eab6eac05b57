public import Foundation

/// Makes an SQLite file readable by its owner only before SQLite opens it.
///
/// SQLite creates a missing database with the process's default mode (0644 under the usual umask), and gives its
/// `-wal` and `-shm` files the database file's mode. Creating the file first with 0600, and narrowing an existing
/// one, keeps the vault, the key store and their copies private even where the directory's own 0700 is lost (a
/// copy, a backup destination, an archive).
public enum PrivateDatabaseFile {
    /// Creates `url` empty with mode 0600 when missing, and sets 0600 on it and its `-wal` / `-shm` companions.
    public static func prepare(_ url: URL) {
        let path = url.path
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        if descriptor >= 0 { close(descriptor) }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chmod(file, 0o600)
        }
    }
}
