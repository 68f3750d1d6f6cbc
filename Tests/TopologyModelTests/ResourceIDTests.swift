import Testing

@testable import TopologyModel

@Suite("ResourceID")
struct ResourceIDTests {
    static let vnet = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-Net/providers/Microsoft.Network/virtualNetworks/vnet-hub"
    static let subnet = vnet + "/subnets/app"

    @Test("equality, hashing and ordering ignore case; text is kept")
    func caseInsensitive() {
        let a = ResourceID(Self.subnet)
        let b = ResourceID(Self.subnet.lowercased())
        let c = ResourceID(Self.subnet.uppercased())
        #expect(a == b && b == c)
        #expect(Set([a, b, c]).count == 1)
        #expect([a: 1][c] == 1)
        #expect(!(a < b) && !(b < a))
        #expect(a.text == Self.subnet)
        #expect(b.text == Self.subnet.lowercased())
        #expect(a.description == Self.subnet)
        #expect(a != ResourceID(Self.vnet + "/subnets/app2"))
    }

    @Test("IDs with no capitals, ASCII capitals or other capitals compare alike")
    func foldedSpellings() {
        let lower = ResourceID(Self.subnet.lowercased())
        #expect(lower.key == lower.text)
        #expect(lower == ResourceID(Self.subnet) && lower.hashValue == ResourceID(Self.subnet).hashValue)
        let umlaut = ResourceID(Self.vnet + "/subnets/ÄPP")
        #expect(umlaut == ResourceID(Self.vnet.lowercased() + "/subnets/äpp"))
        #expect(umlaut.text == Self.vnet + "/subnets/ÄPP")
        #expect(umlaut.parent == ResourceID(Self.vnet))
    }

    /// IDs are scanned and lowercased eight bytes at a time: random texts over the bytes around
    /// the capitals and the slash, of every length around the word size, must give the key,
    /// segments and parent that the plain string operations give.
    @Test("random texts: key, segments and parent as the string operations give them")
    func randomTexts() {
        var state: UInt64 = 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("/aAzZ@[`{09-_.Ä/")
        for _ in 0..<3000 {
            let text = String((0..<next(40)).map { _ in alphabet[next(alphabet.count)] })
            let id = ResourceID(text)
            var trimmed = Substring(text)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            #expect(id.key == trimmed.lowercased(), "\(text)")
            #expect(id.segments == trimmed.split(separator: "/"), "\(text)")
        }
        let parts = ["subscriptions", "S-1", "resourceGroups", "Rg_A", "providers", "Microsoft.Network", "virtualNetworks", "VNet.9", "subnets", "App"]
        for _ in 0..<2000 {
            var text = ""
            for part in parts {
                text += next(5) == 0 ? "//" : "/"
                text += next(2) == 0 ? part.uppercased() : part
            }
            let id = ResourceID(text)
            let expected = ResourceID("/" + text.split(separator: "/").dropLast(2).joined(separator: "/"))
            #expect(id.parent == expected && id.parent?.key == expected.key, "\(text)")
            #expect(id.hasParent(expected), "\(text)")
        }
    }

    /// IDs are hashed by their key, eight bytes at a time: IDs that differ in case only hash
    /// alike; IDs that differ anywhere else, in any length, almost never do.
    @Test("key hashes: alike for case variants, apart for different IDs")
    func keyHashes() {
        var hashes = Set<Int>()
        var count = 0
        for spoke in 0..<100 {
            for rule in 0..<100 {
                let text = "/subscriptions/s/resourceGroups/rg-\(spoke)/providers/Microsoft.Network/networkSecurityGroups/nsg-\(spoke)/securityRules/r\(rule)"
                let id = ResourceID(text)
                #expect(id.keyHash == ResourceID(text.uppercased()).keyHash && id.keyHash == ResourceID(text.lowercased()).keyHash)
                hashes.insert(id.keyHash)
                count += 1
            }
        }
        for length in 0..<40 { hashes.insert(ResourceID(String(repeating: "a", count: length)).keyHash); count += 1 }
        #expect(hashes.count >= count - 2)
    }

    @Test("trailing slashes are dropped")
    func trailingSlash() {
        #expect(ResourceID(Self.vnet + "/") == ResourceID(Self.vnet))
        #expect(ResourceID(Self.vnet + "//").text == Self.vnet)
    }

    @Test("a subnet's parent is its VNet; a VNet has none")
    func parent() throws {
        let parent = try #require(ResourceID(Self.subnet).parent)
        #expect(parent == ResourceID(Self.vnet))
        #expect(parent.text == Self.vnet)
        #expect(ResourceID(Self.vnet).parent == nil)
        let rule = ResourceID("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/r1")
        #expect(rule.parent == ResourceID("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg"))
    }

    @Test("impliedType, name and resource group")
    func parts() {
        let subnet = ResourceID(Self.subnet)
        #expect(subnet.impliedType == "Microsoft.Network/virtualNetworks/subnets")
        #expect(subnet.name == "app")
        #expect(subnet.resourceGroup == "rg-Net")
        #expect(ResourceID(Self.vnet).impliedType == "Microsoft.Network/virtualNetworks")
        #expect(ResourceID(Self.vnet + "/virtualNetworkPeerings/p1").impliedType == "Microsoft.Network/virtualNetworks/virtualNetworkPeerings")
        #expect(ResourceID("/subscriptions/s/resourceGroups/rg").impliedType == nil)
        #expect(ResourceID("not-an-id").name == "not-an-id")
        #expect(ResourceID("not-an-id").parent == nil)
        // Lowercased Resource Graph IDs still split.
        #expect(ResourceID(Self.subnet.lowercased()).impliedType == "microsoft.network/virtualnetworks/subnets")
    }

    @Test("a resource named 'providers' does not confuse type and parent")
    func resourceNamedProviders() {
        let id = ResourceID("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/providers/subnets/app")
        #expect(id.impliedType == "Microsoft.Network/virtualNetworks/subnets")
        #expect(id.parent == ResourceID("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/providers"))

    }
}

@Suite("ResourceID parents from any spelling")
struct ResourceIDParentSpellingTests {
    @Test(
        "the parent is the same whether the ID is canonical, doubled-slash, unslashed or upper case",
        arguments: [
            (
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt/routes/r",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt"
            ),
            (
                "/subscriptions/s//resourceGroups/rg/providers/Microsoft.Network/routeTables/rt/routes/r",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt"
            ),
            (
                "subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt/routes/r",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt"
            ),
            (
                "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/ROUTETABLES/RT/ROUTES/R",
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/routetables/rt"
            ),
            (
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Insights/diagnosticSettings/d",
                nil
            ),
        ])
    func parents(_ id: String, _ expected: String?) {
        #expect(ResourceID(id).parent == expected.map(ResourceID.init))
    }

    /// A parent is cut from its child's text, key and separators rather than parsed again:
    /// it must be the ID parsing its text gives, down to its own parents and type.
    @Test(
        "a parent cut from its child is the parsed parent, all the way up",
        arguments: [
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/Allow-SSH",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a/ipConfigurations/x/more/y",
            "/subscriptions/S/resourceGroups/RG-Ü/providers/Microsoft.Network/virtualNetworks/V/subnets/A",
        ])
    func cutParents(_ text: String) {
        var id: ResourceID? = ResourceID(text)
        while let current = id, let parent = current.parent {
            let parsed = ResourceID(parent.text)
            #expect(
                parent == parsed && parent.key == parsed.key && parent.impliedType == parsed.impliedType
                    && parent.name == parsed.name && parent.parent?.text == parsed.parent?.text, "\(parent.text)")
            id = parent
        }
    }

    /// Segment offsets are kept inline up to 16 segments and 65,535 bytes: deeper or longer IDs
    /// keep them elsewhere and must answer the same, and so must their parents.
    @Test("IDs past the inline segment limits: many segments, very long names", arguments: [20, 17, 16, 15])
    func longIDs(_ depth: Int) {
        let provider = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network"
        for name in ["n", String(repeating: "Long", count: 20_000)] {
            var text = provider + "/virtualNetworks/" + name
            var expectedParents = [text]
            while text.split(separator: "/").count < depth {
                text += "/child/" + name
                expectedParents.append(text)
            }
            var id: ResourceID? = ResourceID(text)
            #expect(id?.segments == text.split(separator: "/"))
            #expect(id?.name == name)
            // Each parent drops the last two segments, down to the top resource.
            for expected in expectedParents.reversed() {
                #expect(id?.text == expected && id?.key == expected.lowercased())
                let parent = id?.parent
                if let parent, let id { #expect(id.hasParent(parent) && parent == ResourceID(parent.text)) }
                id = parent
            }
            #expect(id == nil)
        }
    }

    @Test("a multi-byte name does not shift the parent")
    func multiByte() {
        let id = ResourceID("/subscriptions/s/resourceGroups/rg-ÄÖÜ/providers/Microsoft.Network/virtualNetworks/vnet-ü/subnets/snet-é")
        #expect(id.parent?.text == "/subscriptions/s/resourceGroups/rg-ÄÖÜ/providers/Microsoft.Network/virtualNetworks/vnet-ü")
        #expect(id.impliedType == "Microsoft.Network/virtualNetworks/subnets")
    }
}

/// `hasParent` answers what comparing with `parent` answers, without building the parent.
@Suite("ResourceID.hasParent")
struct ResourceIDHasParentTests {
    static let base = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/nsg-a"
    static let ids = [
        base + "/securityRules/r1", base.uppercased() + "/securityRules/R1",
        "subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/nsg-a/securityRules/r1",
        "/subscriptions/s//resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/nsg-a/securityRules/r1",
        base + "/securityRules/r1/", base, "/subscriptions/s/resourceGroups/g", base + "x/securityRules/r1",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a/providers/Microsoft.Authorization/locks/l",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/nsg-ä/securityRules/r1",
    ].map(ResourceID.init)

    @Test("agrees with parent == candidate for every pair of a varied set of IDs")
    func agrees() {
        let candidates = Self.ids + Self.ids.compactMap(\.parent) + [ResourceID(Self.base.uppercased()), ResourceID(Self.base + "/")]
        for id in Self.ids {
            for candidate in candidates {
                #expect(id.hasParent(candidate) == (id.parent == candidate), "\(id.text) under \(candidate.text)")
            }
        }
        #expect(ResourceID(Self.base + "/securityRules/r1").hasParent(ResourceID(Self.base.lowercased())))
    }
}

/// IDs written without the leading slash name the same resource as the slashed form.
@Suite("Unrooted resource IDs")
struct UnrootedResourceIDTests {
    @Test(
        "an ID without its leading slash equals the slashed one, and its children find it",
        arguments: [
            "subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
            "resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
            "SUBSCRIPTIONS/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
        ])
    func rooted(_ text: String) {
        let id = ResourceID(text)
        #expect(id == ResourceID("/" + text))
        #expect(id.text.hasPrefix("/"))
        #expect(ResourceID(text + "/subnets/s").parent == id)
    }

    @Test("other text is left as it is")
    func otherText() {
        #expect(ResourceID("nsg-web").text == "nsg-web")
        #expect(ResourceID("subscriptionsX/0").text == "subscriptionsX/0")
    }
}
