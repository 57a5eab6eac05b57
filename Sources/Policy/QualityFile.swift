/// Parses the optional `quality.yaml`.
enum QualityFile {
    static let name = "quality.yaml"

    static func parse(_ text: String, fields: FieldCatalogue) throws(PolicyError) -> DataQualityPolicy {
        let root = try YAMLValue.parse(text, file: name)
        let top = try root.mapping(allowedKeys: ["version", "reverification", "exports"])
        try top.checkVersion()
        var policy = DataQualityPolicy.defaults
        if let node = top.optional("reverification") {
            let map = try node.mapping(allowedKeys: ["after", "fields"])
            if let after = map.optional("after") { policy.reverifyAfter = try RetentionFile.duration(after) }
            if let perField = map.optional("fields") {
                for (field, value) in try perField.entries() {
                    guard fields.field(named: field) != nil else {
                        throw value.error(.unknownReference, "unknown field '\(field)'; use a field of fields.yaml")
                    }
                    policy.reverifyFields[field] = try RetentionFile.duration(value)
                }
            }
        }
        if let node = top.optional("exports") {
            let map = try node.mapping(allowedKeys: ["review_threshold", "file_life"])
            if let threshold = map.optional("review_threshold") {
                policy.exportReviewThreshold = try threshold.int(in: 0...10_000_000)
            }
            if let life = map.optional("file_life") { policy.exportFileLife = try RetentionFile.fixedDuration(life) }
        }
        return policy
    }
}
