import Reachability
import TopologyModel

extension Isolation {
    /// One `az` command and the command that undoes it.
    struct Step {
        let comment: String
        let run: String
        let undo: String
    }

    /// The plan as `az` CLI steps, in the change file's order.
    var steps: [Step] {
        var steps: [Step] = []
        for (n, change) in plan.changes.enumerated() {
            let comment = "# \(n + 1). \(cutSummary(change))"
            switch change.action {
            case .disablePublicAccess(let asset, let kind):
                let (run, undo): (String, String)
                let at = Self.scope(asset)
                switch kind {
                case .storage:
                    let before = estate.topology.storageAccounts[asset]?.publicNetworkAccess == .disabled ? "Disabled" : "Enabled"
                    run = "az storage account update \(at) --public-network-access Disabled"
                    undo = "az storage account update \(at) --public-network-access \(before)"
                case .keyVault:
                    run = "az keyvault update \(at) --public-network-access Disabled"
                    undo = "az keyvault update \(at) --public-network-access Enabled"
                case .registry:
                    run = "az acr update \(at) --public-network-enabled false"
                    undo = "az acr update \(at) --public-network-enabled true"
                case .machineLearningWorkspace, .onlineEndpoint, .aiServices:
                    // The catalog's shape (LAT-PL-003); a workspace's older switch is closed too.
                    let ids = "--ids \(Self.shell(asset.text))"
                    let behindVnet = kind == .machineLearningWorkspace ? " properties.allowPublicAccessWhenBehindVnet=" : ""
                    let service = estate.topology.serviceResources[asset]
                    let before = service?.publicNetworkAccess == .disabled ? "Disabled" : "Enabled"
                    run = "az resource update \(ids) --set properties.publicNetworkAccess=Disabled" + (behindVnet.isEmpty ? "" : behindVnet + "false")
                    undo =
                        "az resource update \(ids) --set properties.publicNetworkAccess=\(before)"
                        + (behindVnet.isEmpty ? "" : behindVnet + (service?.inference.allowPublicAccessWhenBehindVnet == true ? "true" : "false"))
                }
                steps.append(Step(comment: comment, run: run, undo: undo))
            case .privateSubnet(let subnet):
                let at =
                    "--subscription \(Self.shell(subnet.subscription ?? "")) --resource-group \(Self.shell(subnet.resourceGroup ?? "")) --vnet-name \(Self.shell(subnet.parent?.name ?? "")) --name \(Self.shell(subnet.name))"
                let before = estate.topology.subnets[subnet]?.defaultOutboundAccess ?? true
                steps.append(
                    Step(
                        comment: comment, run: "az network vnet subnet update \(at) --default-outbound false",
                        undo: "az network vnet subnet update \(at) --default-outbound \(before)"))
            case .removePeering(let peering, let reverse):
                // Re-created in the order that lets a side using the remote gateways find transit.
                let sides = [peering] + (reverse.map { [$0] } ?? [])
                for (i, side) in sides.enumerated() {
                    steps.append(
                        Step(comment: i == 0 ? comment : "", run: "az network vnet peering delete \(Self.peeringScope(side))", undo: Self.recreate(side)))
                }
            case .denyRules(let subnet, let nsg, let creates, let location, let direction, let rules):
                let group = Self.scope(nsg)
                if creates {
                    steps.append(
                        Step(
                            comment: comment + " (creates \(nsg.name))", run: "az network nsg create \(group) --location \(Self.shell(location))",
                            undo: "az network nsg delete \(group)"))
                }
                var first = !creates
                for (direction, access, rule) in Self.rules(creates: creates, direction: direction, rules) {
                    let at =
                        "--subscription \(Self.shell(nsg.subscription ?? "")) --resource-group \(Self.shell(nsg.resourceGroup ?? "")) --nsg-name \(Self.shell(nsg.name)) --name \(Self.shell(rule.name))"
                    let run =
                        "az network nsg rule create \(at) --priority \(rule.priority) --direction \(direction == .inbound ? "Inbound" : "Outbound") --access \(access) --protocol \(Self.shell(rule.protocolName))"
                        + " --source-address-prefixes \(rule.sourcePrefixes.map(Self.shell).joined(separator: " ")) --source-port-ranges '*'"
                        + " --destination-address-prefixes \(rule.destinationPrefixes.map(Self.shell).joined(separator: " "))"
                        + " --destination-port-ranges \(rule.destinationPorts.map(Self.shell).joined(separator: " "))"
                    steps.append(Step(comment: first ? comment : "", run: run, undo: "az network nsg rule delete \(at)"))
                    first = false
                }
                // Associated last, once its rules are in place; dissociated first on the way back.
                if creates {
                    let at =
                        "--subscription \(Self.shell(subnet.subscription ?? "")) --resource-group \(Self.shell(subnet.resourceGroup ?? "")) --vnet-name \(Self.shell(subnet.parent?.name ?? "")) --name \(Self.shell(subnet.name))"
                    steps.append(
                        Step(
                            comment: "# associate \(nsg.name) with \(subnet.name)",
                            run: "az network vnet subnet update \(at) --network-security-group \(Self.shell(nsg.text))",
                            undo: "az network vnet subnet update \(at) --remove networkSecurityGroup"))
                }
            }
        }
        return steps
    }

    /// `isolate.sh`: every step in order; stops at the first that fails.
    public var playbook: String {
        Self.script(
            "Lateral isolation plan: \(plan.size) change\(plan.size == 1 ? "" : "s") (docs/isolate.md). Review before running; rollback.sh undoes it.",
            steps.flatMap { ($0.comment.isEmpty ? [] : [$0.comment]) + ["echo \(Self.shell("+ " + $0.run))", $0.run] })
    }

    /// `rollback.sh`: undoes each step of ``playbook``, last first.
    public var rollback: String {
        Self.script(
            "Undoes isolate.sh, last step first. Steps isolate.sh never reached fail harmlessly; the script goes on.",
            steps.reversed().flatMap { ["echo \(Self.shell("+ " + $0.undo))", $0.undo + " || echo 'failed (continuing)' >&2"] })
    }

    static func script(_ title: String, _ lines: [String]) -> String {
        "#!/bin/sh\n# \(title)\nset -eu\n\n" + lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// `--subscription S --resource-group G --vnet-name V --name P` for a peering.
    static func peeringScope(_ p: VirtualNetworkPeering) -> String {
        "--subscription \(shell(p.id.subscription ?? "")) --resource-group \(shell(p.id.resourceGroup ?? "")) --vnet-name \(shell(p.localNetwork.name)) --name \(shell(p.name))"
    }

    /// The command that creates a peering again with the flags the export had.
    static func recreate(_ p: VirtualNetworkPeering) -> String {
        "az network vnet peering create \(peeringScope(p)) --remote-vnet \(shell(p.remoteNetwork?.text ?? ""))"
            + " --allow-vnet-access \(p.allowVirtualNetworkAccess) --allow-forwarded-traffic \(p.allowForwardedTraffic)"
            + " --allow-gateway-transit \(p.allowGatewayTransit) --use-remote-gateways \(p.useRemoteGateways)"
    }

    /// `--subscription S --resource-group G --name N` for a top-level resource.
    static func scope(_ id: ResourceID) -> String {
        "--subscription \(shell(id.subscription ?? "")) --resource-group \(shell(id.resourceGroup ?? "")) --name \(shell(id.name))"
    }

    /// A word for the POSIX shell, quoted when it needs to be.
    static func shell(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { c in
                (c.properties.isASCIIHexDigit || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                    || "-_./:,=@".unicodeScalars.contains(c))
            }
        return plain ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
