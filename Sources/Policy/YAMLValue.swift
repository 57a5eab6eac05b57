import Foundation
import Yams

/// A node of a policy file together with where it sits: file, line and key path.
///
/// Every accessor throws a ``PolicyError`` that points at this node, so the loaders never lose track of lines.
struct YAMLValue {
    let node: Node
    let file: String
    let path: String
    let line: Int?

    /// Parses a whole policy file; the root must be a mapping.
    static func parse(_ text: String, file: String) throws(PolicyError) -> YAMLValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PolicyError(syntax: error, file: file)
        } catch {
            throw PolicyError(.malformedYAML, file: file, message: "cannot parse the file as YAML; check its syntax")
        }
        guard let root, case .mapping = root else {
            throw PolicyError(
                .wrongType, file: file, line: root?.mark?.line ?? 1,
                message: "the file must be a YAML mapping starting with `version: 1`")
        }
        return YAMLValue(node: root, file: file, path: "", line: root.mark?.line ?? 1)
    }

    func error(_ code: PolicyError.Code, _ message: String) -> PolicyError {
        PolicyError(code, file: file, line: line, keyPath: path, message: message)
    }

    func child(_ key: String, node: Node, line: Int?) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)", line: line ?? self.line)
    }

    /// What the node is, for messages.
    var shapeName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): Self.isNull(scalar) ? "an empty value" : "a single value"
        }
    }

    // MARK: Mappings

    /// The entries of a mapping whose keys are names chosen by the policy author (purposes, roles, …).
    func entries() throws(PolicyError) -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else {
            throw error(.wrongType, "expected a mapping of names, found \(shapeName)")
        }
        var result: [(key: String, value: YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode, !key.string.isEmpty else {
                throw error(.wrongType, "keys must be plain names")
            }
            result.append((key.string, child(key.string, node: valueNode, line: keyNode.mark?.line)))
        }
        return result
    }

    /// The mapping at this node, rejecting keys outside `allowedKeys`.
    func mapping(allowedKeys: [String]) throws(PolicyError) -> YAMLMapping {
        var children: [String: YAMLValue] = [:]
        for (key, value) in try entries() {
            guard allowedKeys.contains(key) else {
                throw value.error(.unknownKey, Self.unknownKeyMessage(key, allowed: allowedKeys))
            }
            children[key] = value
        }
        return YAMLMapping(owner: self, children: children)
    }

    static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        var message = "unknown key '\(key)'"
        if let suggestion = allowed.min(by: { editDistance(key, $0) < editDistance(key, $1) }),
            editDistance(key, suggestion) <= max(2, key.count / 3)
        {
            message += "; did you mean '\(suggestion)'?"
        }
        return message + " Allowed keys here: \(allowed.joined(separator: ", "))"
    }

    // MARK: Sequences

    /// The items of a list.
    func sequence() throws(PolicyError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else {
            throw error(.wrongType, "expected a list, found \(shapeName)")
        }
        return sequence.enumerated().map { index, item in
            YAMLValue(node: item, file: file, path: "\(path)[\(index)]", line: item.mark?.line ?? line)
        }
    }

    /// A list of names; a single scalar counts as a list of one.
    func nameList() throws(PolicyError) -> [(name: String, value: YAMLValue)] {
        if case .scalar = node {
            return [(try string(), self)]
        }
        var result: [(name: String, value: YAMLValue)] = []
        for item in try sequence() {
            result.append((try item.string(), item))
        }
        return result
    }

    // MARK: Scalars

    /// A non-empty string.
    func string() throws(PolicyError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(.wrongType, "expected a single value, found \(shapeName)")
        }
        guard !Self.isNull(scalar) else {
            throw error(.invalidValue, "the value must not be empty")
        }
        return scalar.string.trimmingCharacters(in: .whitespaces)
    }

    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        return text.isEmpty || (scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(text))
    }

    /// An integer.
    func int(in range: ClosedRange<Int>) throws(PolicyError) -> Int {
        let text = try string()
        guard let value = Int(text) else {
            throw error(.wrongType, "expected a whole number")
        }
        guard range.contains(value) else {
            throw error(.invalidValue, "the number must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// `true` or `false`.
    func bool() throws(PolicyError) -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        default: throw error(.wrongType, "expected true or false")
        }
    }

    /// One of the raw values of `E`.
    func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws(PolicyError) -> E where E.RawValue == String {
        let text = try string()
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(.invalidValue, "'\(text)' is not allowed here; use one of: \(allowed)")
        }
        return value
    }

    /// A connector type: a lowercase identifier (which connectors exist, the program checks).
    func connectorKind() throws(PolicyError) -> ConnectorKind {
        let text = try string()
        guard let kind = ConnectorKind(rawValue: text) else {
            throw error(.invalidValue, "'\(text)' is not a connector type (a lowercase name such as unisender)")
        }
        return kind
    }

    /// A text given as `{ru: …, en: …}`.
    func localized() throws(PolicyError) -> LocalizedText {
        let mapping = try mapping(allowedKeys: ["ru", "en"])
        return LocalizedText(ru: try mapping.required("ru").string(), en: try mapping.required("en").string())
    }
}

extension YAMLValue {
    /// Levenshtein distance, for "did you mean" hints.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension PolicyError {
    /// Translates a Yams syntax error, keeping its line and dropping the echoed document.
    init(syntax error: YamlError, file: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            self.init(
                .malformedYAML, file: file, line: mark.line,
                message: "YAML syntax error (\(detail)); check indentation, colons and quotes on this line or above")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                .duplicateName, file: file, line: context.mark.line,
                message: "key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping; keep one")
        case .reader(let problem, _, _, _):
            self.init(.malformedYAML, file: file, message: "cannot read the file (\(problem)); save it as UTF-8")
        default:
            self.init(.malformedYAML, file: file, message: "cannot parse the file as YAML; check its syntax")
        }
    }
}
