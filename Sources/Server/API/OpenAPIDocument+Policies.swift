import Foundation
import Policy

/// The names the policies allow, written into the document the server serves: field names, purposes and
/// jurisdictions are enums there, so a client (and schemathesis) sees the values the server accepts, and a value
/// outside them is invalid by the schema itself rather than only by a 422.
extension OpenAPIDocument {
    /// The document for a gateway running `policies`, as JSON (sorted keys).
    static func json(policies: PolicySet) -> Data {
        var document = self.document
        restrict(&document, to: policies)
        return (try? JSONSerialization.data(
            withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }

    /// Writes the policies' names into the body schemas and path parameters that take them.
    static func restrict(_ document: inout Object, to policies: PolicySet) {
        let fields = policies.fields.fields.map(\.name).sorted()
        let purposes = policies.purposes.map(\.name).sorted()
        let consentPurposes = policies.purposes.filter { $0.legalBasis == .consent }.map(\.name).sorted()
        let jurisdictions = policies.jurisdictions.map(\.code).sorted()
        func fieldMap(nullable: Bool) -> Object {
            var value: Object = ["type": "string"]
            if nullable { value["nullable"] = true }
            return ["type": "object", "additionalProperties": false,
                    "properties": Dictionary(uniqueKeysWithValues: fields.map { ($0, value as Any) }),
                    "description": "Values by field name of fields.yaml"
                        + (nullable ? "; null removes the field" : "; full_name and email or phone needed")]
        }
        func member(_ schema: String, _ name: String, _ change: (inout Object) -> Void) {
            edit(&document, ["components", "schemas", schema, "properties", name], change)
        }
        member("CreateSubject", "fields") { $0 = fieldMap(nullable: false) }
        member("UpdateSubject", "fields") { $0 = fieldMap(nullable: true) }
        member("CreateSubject", "consents") { edit(&$0, ["items"]) { $0["enum"] = consentPurposes } }
        member("GiveConsent", "purpose") { $0["enum"] = consentPurposes }
        member("Export", "purpose") { $0["enum"] = purposes }
        member("CreateRequest", "jurisdiction") { $0["enum"] = jurisdictions }
        for (path, method) in [("/v1/subjects/{id}/consents/{purpose}/withdraw", "post"),
                               ("/privacy/notices/{purpose}", "get"), ("/privacy/consents/{purpose}", "post")] {
            edit(&document, ["paths", path, method]) { operation in
                let parameters = operation["parameters"] as? [Object] ?? []
                operation["parameters"] = parameters.map { parameter -> Object in
                    guard parameter["name"] as? String == "purpose" else { return parameter }
                    var parameter = parameter
                    edit(&parameter, ["schema"]) { $0["enum"] = consentPurposes }
                    return parameter
                }
            }
        }
    }

    /// Applies `change` to the object at `path` inside `object`, when every step of the path exists.
    static func edit(_ object: inout Object, _ path: ArraySlice<String>, _ change: (inout Object) -> Void) {
        guard let key = path.first else {
            change(&object)
            return
        }
        guard var inner = object[key] as? Object else { return }
        edit(&inner, path.dropFirst(), change)
        object[key] = inner
    }

    static func edit(_ object: inout Object, _ path: [String], _ change: (inout Object) -> Void) {
        edit(&object, path[...], change)
    }
}
