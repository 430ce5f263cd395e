// SPDX-License-Identifier: MIT

/// A value SQLite stores: its five storage classes (sqlite.org/datatype3.html §2).
///
/// Statements bind these and rows return them, so the rest of the store never touches the C API.
enum SQLiteValue: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(integerLiteral value: Int64) { self = .integer(value) }
    init(stringLiteral value: String) { self = .text(value) }
    init(nilLiteral: ()) { self = .null }

    init(_ value: Int) { self = .integer(Int64(value)) }
    init(_ value: Bool) { self = .integer(value ? 1 : 0) }
    init(_ value: String?) { self = value.map(SQLiteValue.text) ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }

    /// The value as an `Int` (SQLite returns whole numbers as `.integer`); 0 for NULL, like `sqlite3_column_int64`.
    var int: Int {
        switch self {
        case .integer(let value): return Int(value)
        case .real(let value): return Int(exactly: value.rounded(.towardZero)) ?? 0
        case .text(let text): return Int(text) ?? 0
        case .null, .blob: return 0
        }
    }

    /// `nil` for NULL: columns such as `author_id` become NULL when the user is deleted.
    var optionalInt: Int? {
        if case .null = self { return nil }
        return int
    }

    var bool: Bool { int != 0 }

    var string: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return ""
        }
    }

    var optionalString: String? {
        if case .null = self { return nil }
        return string
    }

    var bytes: [UInt8] {
        switch self {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        case .null, .integer, .real: return []
        }
    }
}
