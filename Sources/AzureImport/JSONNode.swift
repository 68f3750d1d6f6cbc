import Foundation
import TopologyModel

/// A JSON value together with its JSON pointer, so every conversion step can report
/// exactly where a bad value sits.
///
/// The pointer is spelled only when asked for: conversion reads a dozen members of every
/// one of hundreds of thousands of rules and needs a pointer only for the few that are
/// wrong (and once per resource, for its source location). A node keeps its parent's
/// pointer and its own token; the two are joined on demand.
struct JSONNode {
    let value: JSONValue
    /// The parent's pointer when `token` is set, else this node's whole pointer.
    private let base: String
    /// The member name or array index that leads here from the parent, unescaped.
    private let token: String?

    init(value: JSONValue, pointer: String) {
        self.value = value
        base = pointer
        token = nil
    }

    init(value: JSONValue, parent: String, token: String) {
        self.value = value
        base = parent
        self.token = token
    }

    var pointer: String {
        guard let token else { return base }
        return base + "/" + Self.escape(token)
    }

    /// The same node with its pointer spelled out, for a node whose members are read often
    /// (a resource and its properties): their children then share the spelled pointer.
    var materialized: JSONNode { token == nil ? self : JSONNode(value: value, pointer: pointer) }

    static func escape(_ token: String) -> String {
        // Almost no key holds `~` or `/`: skip Foundation's search for them (it dominated
        // conversion time on large estates).
        guard token.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The member `key` (case-insensitive), with its pointer as the document spells it.
    func child(_ key: String) -> JSONNode? {
        guard case .object(let o) = value, let i = o.index(of: key) else { return nil }
        let v = o.values[i]
        if case .null = v { return nil }
        return JSONNode(value: v, parent: pointer, token: o.keys[i])
    }

    /// The first member present among `keys`.
    func child(anyOf keys: [String]) -> JSONNode? {
        for key in keys { if let c = child(key) { return c } }
        return nil
    }

    var items: [JSONNode] {
        guard case .array(let a) = value else { return [] }
        let here = pointer
        return a.enumerated().map { JSONNode(value: $0.element, parent: here, token: String($0.offset)) }
    }

    var string: String? { Self.text(of: value) }

    /// A scalar as text: strings as they are, whole numbers without a fraction, booleans
    /// as `true`/`false`; nil for null, arrays and objects.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    var bool: Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true": return true;
            case "false": return false;
            default: return nil
            }
        default: return nil
        }
    }

    var isObject: Bool { if case .object = value { return true }; return false }
    var offset: Int? { value.objectValue?.offset }

    /// A sub-resource reference: `{"id": "..."}` or a bare ID string.
    var referenceID: ResourceID? {
        if case .string(let s) = value, !s.isEmpty { return ResourceID(s) }
        if let id = child("id")?.string, !id.isEmpty { return ResourceID(id) }
        return nil
    }

    /// The strings of a string or array-of-strings member.
    var strings: [String] {
        switch value {
        case .array(let a): return a.compactMap { JSONNode(value: $0, pointer: "").string }
        default: return string.map { [$0] } ?? []
        }
    }
}

extension StringProtocol {
    /// Spaces and tabs trimmed, without Foundation's character-set machinery (rule
    /// conversion calls this for every port and prefix token of large estates).
    var trimmedBlanks: String {
        let bytes = Array(utf8)
        guard let first = bytes.first, let last = bytes.last else { return "" }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        if !blank(first) && !blank(last) { return String(self) }
        guard let start = bytes.firstIndex(where: { !blank($0) }), let end = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
