// SPDX-License-Identifier: MIT

/// An ordered list of header fields with case-insensitive lookup.
///
/// RFC 9110 §5.1: field names are case-insensitive, and a field may appear more than once. We keep the
/// fields in arrival order (so a proxy or a test sees them as sent) and compare names without case.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Every field in arrival order, names as sent (RFC 9110 §5.3: order matters for repeated fields).
    public private(set) var fields: [(name: String, value: String)] = []

    /// No fields.
    public init() {}

    /// `["Content-Type": "text/plain"]`, in the order written.
    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name: name, value: value) }
    }

    /// The first value of the field `name`, or `nil`.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            remove(name: name)
            if let newValue { add(name: name, value: newValue) }
        }
    }

    /// Every value of the field `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Appends a field, keeping any earlier field with the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name, value))
    }

    /// Removes every field called `name`, case-insensitively.
    public mutating func remove(name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Whether a field called `name` is present (names are case-insensitive, RFC 9110 §5.1).
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// True when a comma-separated field (such as `Connection: keep-alive, Upgrade`) lists `token`.
    public func hasToken(_ token: String, in name: String) -> Bool {
        values(for: name).contains { value in
            value.split(separator: ",").contains { $0.trimmingSpaces().caseInsensitiveEquals(token) }
        }
    }

    /// The fields in order, as `(name, value)` pairs.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// The same fields in the same order (names compared as sent).
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive comparison, which is what HTTP tokens need (no locale rules).
    public func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        let a = self.utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) }
    }

    /// The string without leading and trailing spaces and tabs (RFC 9110 §5.6.3 "OWS").
    public func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
