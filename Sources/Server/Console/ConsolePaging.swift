import Foundation
import Hummingbird

/// One page of a console list: which page (`?page=`, from 1), how many per page, and the links to the pages
/// around it with the list's other query parameters kept.
struct ConsolePaging {
    /// The page shown, from 1 (a page past the end shows the last one).
    let page: Int
    /// Rows per page.
    let size: Int
    /// Rows in the whole list.
    let total: Int
    /// The highest page number accepted (as the API description says).
    static let lastPage = 1_000_000

    /// Reads `?page=` from the request.
    ///
    /// - Throws: ``APIError`` `validation` for a page that is not a positive whole number.
    init(_ request: Request, total: Int, size: Int = 50) throws {
        try self.init(page: request.uri.queryParameters.get("page"), total: total, size: size)
    }

    /// Reads the page number from `page` (a form's field for a list that is posted, not linked).
    ///
    /// - Throws: ``APIError`` `validation` for a page that is not a positive whole number.
    init(page text: String?, total: Int, size: Int = 50) throws {
        var page = 1
        if let text, !text.isEmpty {
            guard let number = Int(text), (1...Self.lastPage).contains(number) else {
                throw APIError.validation("page is a number from 1 to \(Self.lastPage)")
            }
            page = number
        }
        let last = max(1, (total + size - 1) / size)
        self.page = min(page, last)
        self.size = size
        self.total = total
    }

    /// The rows of this page.
    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min((page - 1) * size, items.count)
        return items[start..<min(start + size, items.count)]
    }

    /// The values of the `paging` partial: "51–100 / 1234" and the previous and next pages' links, which keep
    /// `query` (the list's filters; empty values are left out).
    func values(path: String, query: [(String, String)]) -> [String: Any] {
        func link(_ page: Int) -> String {
            var components = URLComponents()
            components.path = path
            components.queryItems = query.filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
                + [URLQueryItem(name: "page", value: String(page))]
            return components.string ?? path
        }
        let first = total == 0 ? 0 : (page - 1) * size + 1
        var values: [String: Any] = ["shown": "\(first)–\(min(page * size, total)) / \(total)"]
        if page > 1 {
            values["prev"] = link(page - 1)
            values["prevPage"] = String(page - 1)
        }
        if page * size < total {
            values["next"] = link(page + 1)
            values["nextPage"] = String(page + 1)
        }
        return ["paging": values]
    }
}
