import Intent
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Policy files: each kind, the services syntax, and what is refused.
@Suite("policy files")
struct PolicyFileTests {
    static func services(_ entries: [(IPProtocol, PortSet)]) -> ServiceSet {
        var set = ServiceSet()
        for (proto, ports) in entries { set.insert(proto, ports) }
        return set
    }

    static var everything: ServiceSet { services(IPProtocol.allCases.map { ($0, PortSet.full) }) }

    /// The services a one-policy `require` file reads from `text` (a YAML flow list).
    func parsedServices(_ text: String) throws -> ServiceSet {
        let file = try PolicyFile.parse(
            """
            version: 1
            policies:
              - {id: p, kind: require, description: d, from: [internet], to: [vnet:v], services: \(text)}
            """)
        guard case .require(_, _, let services) = try #require(file.policies.first).kind else {
            Issue.record("not a require policy")
            return ServiceSet()
        }
        return services
    }

    @Test("each kind is read with its selectors, services, severity and line")
    func everyKind() throws {
        let file = try PolicyFile.parse(
            """
            version: 1
            description: four policies
            policies:
              - id: no-internet-to-back
                kind: deny
                description: The Internet must not reach the back end.
                from: [internet]
                to: [tag:role=back]
              - id: front-reaches-data-https
                kind: require
                severity: warning
                description: The front end keeps reaching the data subnet on HTTPS.
                from: subnet:vnet-front/snet-web
                to: [subnet:vnet-back/snet-data]
                services: [tcp/443]
              - id: front-exposure
                kind: max-exposure
                severity: note
                description: The front end exposes SSH at most.
                zone: [vnet:vnet-front]
                allow: [tcp/22]
              - id: back-residency
                kind: residency
                description: The back end stays in Germany.
                resources: [tag:role=back]
                regions: [GermanyWestCentral]
            """, file: "policies.yaml")
        #expect(file.file == "policies.yaml")
        #expect(file.policies.map(\.id) == ["no-internet-to-back", "front-reaches-data-https", "front-exposure", "back-residency"])
        #expect(file.policies.map(\.kind.name) == ["deny", "require", "max-exposure", "residency"])
        #expect(file.policies.map(\.severity) == [.error, .warning, .note, .error])
        #expect(file.policies.map(\.line) == [4, 9, 16, 22])
        #expect(file.policies.allSatisfy { $0.file == "policies.yaml" })
        #expect(file.policies[0].kind == .deny(from: [.internet], to: [.tag(key: "role", value: "back")], services: nil))
        #expect(
            file.policies[1].kind
                == .require(
                    from: [.subnet(network: "vnet-front", subnet: "snet-web")],
                    to: [.subnet(network: "vnet-back", subnet: "snet-data")],
                    services: Self.services([(.tcp, PortSet(443...443))])))
        #expect(file.policies[2].kind == .maxExposure(zone: [.network("vnet-front")], allowed: Self.services([(.tcp, PortSet(22...22))])))
        #expect(file.policies[3].kind == .residency(resources: [.tag(key: "role", value: "back")], regions: ["germanywestcentral"]))
        #expect(file.policies[0].description == "The Internet must not reach the back end.")
    }

    @Test("max-exposure without allow exposes nothing")
    func maxExposureDefault() throws {
        let file = try PolicyFile.parse("version: 1\npolicies:\n  - {id: p, kind: max-exposure, description: d, zone: [vnet:v]}\n")
        #expect(file.policies.first?.kind == .maxExposure(zone: [.network("v")], allowed: ServiceSet()))
    }

    @Test("deny with services keeps only those; except keeps everything else")
    func denyServicesAndExcept() throws {
        let file = try PolicyFile.parse(
            """
            version: 1
            policies:
              - {id: only-ssh, kind: deny, description: d, from: [internet], to: [vnet:v], services: [tcp/22]}
              - {id: all-but-https, kind: deny, description: d, from: [internet], to: [vnet:v], except: [tcp/443]}
            """)
        guard case .deny(_, _, let only?) = file.policies[0].kind, case .deny(_, _, let except?) = file.policies[1].kind else {
            Issue.record("deny policies without services: \(file.policies)")
            return
        }
        #expect(only == Self.services([(.tcp, PortSet(22...22))]))
        var expected = Self.services([(.tcp, PortSet(0...442)), (.tcp, PortSet(444...65535))])
        for proto in IPProtocol.allCases where proto != .tcp { expected.insert(proto, .full) }
        #expect(except == expected)
        #expect(except.intersection(Self.services([(.tcp, PortSet(443...443))])).isEmpty)
    }

    struct ServicesCase: Sendable, CustomTestStringConvertible {
        let text: String
        let expected: [(IPProtocol, PortSet)]
        var testDescription: String { text }
    }

    static let servicesCases: [ServicesCase] = [
        ServicesCase(text: "[tcp/443]", expected: [(.tcp, PortSet(443...443))]),
        ServicesCase(text: "[\"tcp/22,3389\"]", expected: [(.tcp, PortSet(22...22)), (.tcp, PortSet(3389...3389))]),
        ServicesCase(text: "[tcp/8000-8100]", expected: [(.tcp, PortSet(8000...8100))]),
        ServicesCase(text: "[udp/*]", expected: [(.udp, .full)]),
        ServicesCase(text: "[icmp]", expected: [(.icmp, .full)]),
        ServicesCase(text: "[TCP/80, udp/53]", expected: [(.tcp, PortSet(80...80)), (.udp, PortSet(53...53))]),
        ServicesCase(text: "tcp/0-65535", expected: [(.tcp, .full)]),
    ]

    @Test("services syntax", arguments: servicesCases)
    func servicesSyntax(_ c: ServicesCase) throws {
        #expect(try parsedServices(c.text) == Self.services(c.expected))
    }

    @Test("a port list in a block sequence needs no quotes")
    func portListBlock() throws {
        let file = try PolicyFile.parse(
            """
            version: 1
            policies:
              - id: p
                kind: max-exposure
                description: d
                zone: [vnet:v]
                allow:
                  - tcp/22,3389
            """)
        #expect(
            file.policies.first?.kind == .maxExposure(zone: [.network("v")], allowed: Self.services([(.tcp, PortSet(22...22)), (.tcp, PortSet(3389...3389))])))
    }

    @Test("an unquoted port list in a flow sequence splits at the comma, and the stray port is refused")
    func portListFlowUnquoted() throws {
        #expect {
            try PolicyFile.parse("version: 1\npolicies:\n  - {id: p, kind: max-exposure, description: d, zone: [vnet:v], allow: [tcp/22,3389]}\n")
        } throws: { error in
            (error as? IntentError)?.diagnostics.first?.message.contains("cannot read the service '3389'") == true
        }
    }

    @Test("'any' is every protocol on every port")
    func anyService() throws {
        #expect(try parsedServices("[any]") == Self.everything)
        #expect(try parsedServices("[any]").isEverything)
    }

    static let refused: [RefusedDocument] = [
        RefusedDocument(
            name: "unknown kind",
            text: """
                version: 1
                policies:
                  - {id: p1, kind: deny, description: d, from: [internet], to: [vnet:v]}
                  - id: p2
                    kind: forbid
                    description: d
                """, line: 4, fragment: "unknown policy kind 'forbid' in policy 'p2'; known kinds: deny, require, max-exposure, residency"),
        RefusedDocument(
            name: "bad service",
            text: """
                version: 1
                policies:
                  - id: p
                    kind: require
                    description: d
                    from: [internet]
                    to: [vnet:v]
                    services: [sctp/80]
                """, line: 8, fragment: "cannot read the service 'sctp/80'"),
        RefusedDocument(
            name: "port out of range",
            text: "version: 1\npolicies:\n  - {id: p, kind: require, description: d, from: [internet], to: [vnet:v], services: [tcp/70000]}\n",
            line: 3, fragment: "cannot read the ports '70000'"),
        RefusedDocument(
            name: "reversed port range",
            text: "version: 1\npolicies:\n  - {id: p, kind: require, description: d, from: [internet], to: [vnet:v], services: [tcp/90-80]}\n",
            line: 3, fragment: "cannot read the ports '90-80'"),
        // Found by FuzzSelectors: `/` split into nothing, and reading its protocol trapped.
        RefusedDocument(
            name: "a service that is only a slash",
            text: "version: 1\npolicies:\n  - {id: p, kind: max-exposure, description: d, zone: [vnet:v], allow: [\"/\"]}\n",
            line: 3, fragment: "cannot read the service '/'"),
        RefusedDocument(
            name: "tcp without ports",
            text: "version: 1\npolicies:\n  - {id: p, kind: require, description: d, from: [internet], to: [vnet:v], services: [tcp]}\n",
            line: 3, fragment: "needs ports"),
        RefusedDocument(
            name: "icmp with ports",
            text: "version: 1\npolicies:\n  - {id: p, kind: require, description: d, from: [internet], to: [vnet:v], services: [icmp/8]}\n",
            line: 3, fragment: "icmp has no ports"),
        RefusedDocument(
            name: "services and except together",
            text: """
                version: 1
                policies:
                  - id: p
                    kind: deny
                    description: d
                    from: [internet]
                    to: [vnet:v]
                    services: [tcp/22]
                    except: [tcp/443]
                """, line: 3, fragment: "give 'services' or 'except', not both"),
        RefusedDocument(
            name: "duplicate ID",
            text: """
                version: 1
                policies:
                  - {id: same, kind: deny, description: d, from: [internet], to: [vnet:v]}
                  - {id: SAME, kind: deny, description: d, from: [internet], to: [vnet:w]}
                """, line: 4, fragment: "the policy ID 'SAME' is used twice"),
        RefusedDocument(
            name: "bad selector", text: "version: 1\npolicies:\n  - {id: p, kind: deny, description: d, from: [internet], to: [vnett:v]}\n",
            line: 3, fragment: "unknown selector 'vnett:v'"),
        RefusedDocument(
            name: "bad severity", text: "version: 1\npolicies:\n  - {id: p, kind: deny, severity: critical, description: d, from: [internet], to: [vnet:v]}\n",
            line: 3, fragment: "severity must be error, warning or note, not 'critical'"),
        RefusedDocument(
            name: "missing description", text: "version: 1\npolicies:\n  - {id: p, kind: deny, from: [internet], to: [vnet:v]}\n",
            line: 3, fragment: "policy 'p' needs 'description'"),
        RefusedDocument(
            name: "key of another kind",
            text:
                "version: 1\npolicies:\n  - id: p\n    kind: residency\n    description: d\n    resources: [vnet:v]\n    regions: [westeurope]\n    zone: [vnet:v]\n",
            line: 8, fragment: "unknown key 'zone' in policy 'p' (residency)"),
        RefusedDocument(name: "wrong version", text: "version: 3\npolicies: []\n", line: 1, fragment: "unsupported policy file version 3"),
        RefusedDocument(
            name: "malformed YAML", text: "version: 1\npolicies:\n  - id: p\n    kind: deny\n   description: d\n", line: 5, fragment: "malformed YAML"),
    ]

    @Test("refused with the file, the line and what is wrong", arguments: refused)
    func refusedFile(_ c: RefusedDocument) throws {
        do {
            let file = try PolicyFile.parse(c.text, file: "policy.yaml")
            Issue.record("accepted: \(file.policies.map(\.id))")
        } catch {
            let d = try #require(error.diagnostics.first)
            c.check(d, file: "policy.yaml")
        }
    }

    @Test("the bundled retail-llm policy file reads as six policies")
    func bundledPolicy() throws {
        let file = try PolicyFile.load(file: Fixtures.path("Topologies/retail-llm/policy.yaml"))
        #expect(
            file.policies.map(\.id) == [
                "no-internet-to-training", "no-frontend-to-training", "frontends-to-inference-https-only",
                "checkout-reaches-inference", "frontend-internet-exposure", "training-data-residency",
            ])
        #expect(file.policies.map(\.kind.name) == ["deny", "deny", "deny", "require", "max-exposure", "residency"])
    }

    @Test("an empty selector list is an error at its line, not a policy that holds over nothing", arguments: ["from: []", "to: []"])
    func emptySelectors(_ field: String) throws {
        let other = field.hasPrefix("from") ? "to: [internet]" : "from: [internet]"
        let text = "version: 1\npolicies:\n  - id: p\n    kind: deny\n    description: d\n    \(field)\n    \(other)\n"
        let error = try #require(throws: IntentError.self) { try PolicyFile.parse(text) }
        #expect(error.description.contains("an empty list of selectors selects nothing"), "\(error.description)")
        #expect(error.description.hasPrefix("<memory>:"), "the error names the file and line: \(error.description)")
    }
}
