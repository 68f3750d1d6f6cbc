/// `uniqueString()` and `guid()` computed as Azure computes them, so that names a template
/// derives from them match the names of the deployed resources in an export.
///
/// Both hash their arguments joined with `-`, as UTF-8. `uniqueString` is a 64-bit
/// variant of MurmurHash (two 32-bit lanes over 8-byte blocks, with their own rotations
/// and constants), printed as 13 characters of lowercase base32; `guid` is an RFC 4122
/// name-based version 5 UUID (SHA-1) in the namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830.
/// The tests hold values Azure printed for known arguments.
enum TemplateHash {
    static func uniqueString(_ parts: [String]) -> String {
        let bytes = Array(parts.joined(separator: "-").utf8)
        let hash = murmur64(bytes)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var out = ""
        for i in 0..<13 {
            let shift = 59 - 5 * i
            let digit = shift >= 0 ? Int(hash >> UInt64(shift) & 31) : Int(hash << UInt64(-shift) & 31)
            out.append(alphabet[digit])
        }
        return out
    }

    static func murmur64(_ data: [UInt8]) -> UInt64 {
        let c1: UInt32 = 0x239b_961b, c2: UInt32 = 0xab0e_9789, c3: UInt32 = 0x85eb_ca6b, c4: UInt32 = 0xc2b2_ae35
        func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { x << r | x >> (32 - r) }
        func word(_ at: Int, _ count: Int) -> UInt32 {
            var w: UInt32 = 0
            for i in 0..<min(count, 4) { w |= UInt32(data[at + i]) << UInt32(8 * i) }
            return w
        }
        let length = data.count
        var h1: UInt32 = 0, h2: UInt32 = 0
        var i = 0
        while i + 8 <= length {
            let k1 = rotl(word(i, 4) &* c1, 15) &* c2
            let k2 = rotl(word(i + 4, 4) &* c2, 17) &* c1
            h1 = (rotl(h1 ^ k1, 19) &+ h2) &* 5 &+ 0x561c_cd1b
            h2 = (rotl(h2 ^ k2, 13) &+ h1) &* 5 &+ 0x0bca_a747
            i += 8
        }
        let rest = length - i
        if rest > 0 {
            h1 ^= rotl(word(i, rest) &* c1, 15) &* c2
            if rest > 4 { h2 ^= rotl(word(i + 4, rest - 4) &* c2, 17) &* c1 }
        }
        h2 ^= UInt32(truncatingIfNeeded: length)
        h1 = (h1 ^ UInt32(truncatingIfNeeded: length)) &+ h2
        h2 = h2 &+ h1
        func mix(_ x: UInt32) -> UInt32 {
            var x = (x ^ x >> 16) &* c3
            x = (x ^ x >> 13) &* c4
            return x ^ x >> 16
        }
        h1 = mix(h1)
        h2 = mix(h2)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return UInt64(h2) << 32 | UInt64(h1)
    }

    static let guidNamespace: [UInt8] = [0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d, 0x4d, 0xdd, 0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30]

    static func guid(_ parts: [String]) -> String {
        var digest = SHA1.hash(guidNamespace + Array(parts.joined(separator: "-").utf8))
        digest[6] = digest[6] & 0x0f | 0x50
        digest[8] = digest[8] & 0x3f | 0x80
        let hex = digest[0..<16].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}

/// SHA-1 (FIPS 180-4), for `guid()` only: no cryptographic strength is asked of it.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i))) }
        func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { x << r | x >> (32 - r) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for t in 0..<16 {
                w[t] = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(data[chunk + 4 * t + $1]) }
            }
            for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch t {
                case 0..<20: (f, k) = (b & c | ~b & d, 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = (b & c | b & d | c & d, 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> UInt32(24 - 8 * $0)) } }
    }
}
