/// The record of one import: which file (by name and SHA-256), how it was read, who ran it and what came of it.
public struct ImportRun: Sendable, Equatable, Codable {
    public var id: Int64?
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var fileName: String
    public var fileSHA256: String
    public var encoding: String
    public var delimiter: String
    public var principal: String
    public var rows = 0
    public var imported = 0
    public var merged = 0
    public var rejected = 0

    public init(startedAt: Int64, fileName: String, fileSHA256: String, encoding: String, delimiter: String,
                principal: String) {
        self.startedAt = startedAt
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.encoding = encoding
        self.delimiter = delimiter
        self.principal = principal
    }
}
