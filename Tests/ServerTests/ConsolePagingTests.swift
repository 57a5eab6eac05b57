import Foundation
import Hummingbird
@testable import Server
import Testing

/// Console lists page through ``ConsolePaging``: the purge preview of 19,385 people is 100 rows a page, not one
/// 3.7 MB page.
@Suite("Console paging")
struct ConsolePagingTests {
    @Test("Pages slice the list, keep the filters in their links and stop at the last page")
    func pages() throws {
        let items = Array(0..<19_385)
        let first = try ConsolePaging(page: nil, total: items.count, size: 100)
        #expect(first.slice(items) == items[0..<100])
        let values = first.values(path: "/console/purge", query: [("as_of", "2026-12-06"), ("rule", "")])
        let paging = try #require(values["paging"] as? [String: Any])
        #expect(paging["shown"] as? String == "1–100 / 19385")
        #expect(paging["next"] as? String == "/console/purge?as_of=2026-12-06&page=2" && paging["prev"] == nil)
        let last = try ConsolePaging(page: "9999", total: items.count, size: 100)
        #expect(last.page == 194 && last.slice(items).count == 85)
        let lastValues = try #require(last.values(path: "/p", query: [])["paging"] as? [String: Any])
        #expect(lastValues["next"] == nil && lastValues["prev"] as? String == "/p?page=193")
        #expect(throws: APIError.self) { try ConsolePaging(page: "-1", total: 10) }
        // schemathesis: a page beyond the documented maximum is refused, not shown as the last page.
        #expect(throws: APIError.self) { try ConsolePaging(page: "1000001", total: 10) }
        let empty = try ConsolePaging(page: "1", total: 0)
        #expect(empty.slice([Int]()).isEmpty)
    }
}
