/// The export route's part of the OpenAPI document.
extension OpenAPIDocument {
    static var exportPaths: Object {
        [
            "/v1/exports": [
                "post": operation("export", "The people usable for a purpose, with its fields only, as CSV or .xlsx; "
                                      + "a role with the export action only; above the role's export limit it needs "
                                      + "a second person's approval (pdgate export approve) and is flagged",
                                  tag: "exports", body: ref("Export"),
                                  responses: ["200": [
                                      "description": "The file, as an attachment; X-PDGate-Export-People gives the "
                                          + "count and X-PDGate-Export-Flagged whether it was flagged for review",
                                      "content": [
                                          "text/csv": ["schema": ["type": "string", "format": "binary"]],
                                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                                              ["schema": ["type": "string", "format": "binary"]],
                                      ] as Object,
                                  ] as Object],
                                  errors: [400, 403, 413, 415, 422]),
            ],
        ]
    }

    static var exportSchemas: Object {
        let string: Object = ["type": "string"]
        return [
            "Export": object([
                "purpose": ["type": "string", "description": "A purpose of purposes.yaml"] as Object,
                "tag": string, "status": string,
                "format": ["type": "string", "enum": ["csv", "xlsx"]] as Object,
                "approval": ["type": "integer", "format": "int64",
                             "description": "A second person's approval, for an export above the role's limit"] as Object,
            ], required: ["purpose"]),
        ]
    }
}
