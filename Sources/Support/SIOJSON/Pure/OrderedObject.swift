// SPDX-License-Identifier: MIT

/// A string-keyed map that remembers insertion order: the storage behind a JSON object.
///
/// Why not `[String: Value]`? A JavaScript object keeps its keys in insertion order, so
/// `JSON.stringify(JSON.parse(text))` gives the keys back in the order they came. A Swift `Dictionary`
/// shuffles them. Socket.IO payloads go from client to server and back (acks, echoes, broadcasts), so we
/// keep the order and the bytes stay predictable.
///
/// Rules, chosen to match JavaScript:
/// - Setting an existing key replaces its value **in place**. The key keeps its first position, as in
///   `JSON.parse('{"a":1,"b":2,"a":3}')`, which gives `{"a":3,"b":2}`.
/// - Removing a key closes the gap, so removal costs O(n).
///
/// One difference from JavaScript: V8 lists integer-like keys (`"1"`, `"42"`) first, in numeric order,
/// before the other keys. We keep plain insertion order for every key.
///
/// Lookup: objects with at most `linearScanLimit` keys (most Socket.IO payloads) are scanned, because a short
/// scan is faster than hashing and allocates nothing. Bigger objects get a hash index, so lookups stay O(1)
/// on average even for a hostile payload with 100 000 keys.
///
/// Equality depends on order: `{"a":1,"b":2}` and `{"b":2,"a":1}` are different values. That is what an
/// ordered map means, and it lets tests catch key-order bugs.
public struct OrderedObject<Value: Hashable & Sendable>: Sendable, Hashable, RandomAccessCollection,
    ExpressibleByDictionaryLiteral
{
    /// One member, as iteration yields it.
    public typealias Element = (key: String, value: Value)

    /// Objects up to this many keys are searched linearly, without a hash index.
    static var linearScanLimit: Int { 8 }

    /// The member names, in insertion order.
    public private(set) var keys: [String] = []
    /// The member values, in the order of `keys`.
    public private(set) var values: [Value] = []
    /// Key -> position in `keys`. `nil` while the object is small enough to scan.
    private var index: [String: Int]? = nil

    /// An empty object.
    public init() {}

    /// An empty object with room for `minimumCapacity` members.
    public init(minimumCapacity: Int) {
        keys.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
    }

    /// Literal keys follow the same rule as parsed ones: a repeated key keeps its first position, last value.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements { self[key] = value }
    }

    /// Builds an object from pairs, in order. A repeated key keeps its first position and its last value.
    public init(_ pairs: some Sequence<(String, Value)>) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// The value for `key`, or `nil`. Assigning `nil` removes the key.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let position = position(of: key) {
                    values[position] = newValue
                } else {
                    append(key: key, value: newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes `key` and returns its value, or `nil` when it was absent. O(n): later keys move up one place.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> Value? {
        guard let position = position(of: key) else { return nil }
        keys.remove(at: position)
        let removed = values.remove(at: position)
        index = keys.count > Self.linearScanLimit ? Self.buildIndex(keys) : nil
        return removed
    }

    /// True when the object has `key`, even if its value is `null`.
    public func contains(key: String) -> Bool { position(of: key) != nil }

    /// The same keys in the same order, with every value transformed.
    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> OrderedObject<T> {
        var result = OrderedObject<T>()
        result.keys = keys
        result.values = try values.map(transform)
        result.index = index
        return result
    }

    // MARK: RandomAccessCollection (iterates `(key, value)` pairs in order)

    /// The first member's position (Collection).
    public var startIndex: Int { 0 }
    /// One past the last member (Collection).
    public var endIndex: Int { keys.count }
    /// The member at `position`, in insertion order.
    public subscript(position: Int) -> Element { (keys[position], values[position]) }

    // MARK: Hashable (the index is derived data and takes no part)

    /// Equal when the members are equal, whatever their order (JSON objects are unordered, RFC 8259 §4).
    public static func == (lhs: OrderedObject, rhs: OrderedObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    /// Hashes the members independently of their order, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }

    // MARK: Private

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    private mutating func append(key: String, value: Value) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index?[key] = keys.count - 1
        } else if keys.count > Self.linearScanLimit {
            index = Self.buildIndex(keys)
        }
    }

    private static func buildIndex(_ keys: [String]) -> [String: Int] {
        var index = [String: Int](minimumCapacity: keys.count)
        for (position, key) in keys.enumerated() { index[key] = position }
        return index
    }
}
