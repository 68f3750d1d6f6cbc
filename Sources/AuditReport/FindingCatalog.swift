import Reachability

/// The auditor report's catalog entries for the findings Lateral proves: title, severity,
/// benchmark controls, the Azure Policy built-ins that prevent or audit the same thing, and
/// the remediation's command shape.
///
/// Copied from the findings catalog research of 2026-11-28 (docs/report.md, "Sources": CIS
/// Microsoft Azure Foundations v2.1.0 to v6.0.0 IDs from the steampipe and Prowler mapping
/// files, MCSB control IDs and policy definition GUIDs from the Azure/azure-policy built-ins,
/// marked "proposed" where no benchmark or Microsoft file makes the mapping). The ports of
/// the exposure findings are in ``AuditFinding``.
package enum FindingCatalog {
    package enum Severity: Int, Comparable, Sendable, CaseIterable {
        case info, low, medium, high, critical

        package static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

        package var name: String {
            switch self {
            case .info: "Info"
            case .low: "Low"
            case .medium: "Medium"
            case .high: "High"
            case .critical: "Critical"
            }
        }
    }

    /// An Azure Policy built-in: display name and definition GUID.
    package struct Policy: Sendable {
        package let name: String
        package let guid: String

        /// The definition's resource ID, as `az policy definition show --name` takes its GUID.
        package var definitionID: String { "/providers/Microsoft.Authorization/policyDefinitions/" + guid }
    }

    package struct Entry: Sendable {
        package let title: String
        /// The severity alone, and where the finding is in the training zone.
        package let severity: Severity
        package let inZone: Severity
        package let cis: String
        package let mcsb: String
        package let policies: [Policy]
        package let remediation: String
    }

    /// The severity of one finding: escalated when it is in the training zone (catalog §0).
    package static func severity(_ finding: AuditFinding) -> Severity {
        let entry = entry(finding.code)
        // NET-012: Medium when the broad source covers nothing past the VNet itself.
        if case .broadSource(let broad) = finding.evidence, !broad.beyondNetwork { return .medium }
        // STO-005: Low when the public endpoint admits no client; STO-006: High when it is
        // open to all networks (plaintext over the Internet).
        if case .setting(.minimumTLS(_, publicEndpoint: false)) = finding.evidence { return .low }
        if case .setting(.plainHTTP(openToAllNetworks: true)) = finding.evidence { return .high }
        return finding.inTargetZone ? entry.inZone : entry.severity
    }

    static let managementPorts: [Policy] = [
        Policy(name: "Management ports should be closed on your virtual machines", guid: "22730e10-96f6-4aac-ad84-9383d35b5917"),
        Policy(
            name: "Management ports of virtual machines should be protected with just-in-time network access control",
            guid: "b0f33259-77d7-4c9e-aac6-3aabcfae693c"),
        Policy(name: "Internet-facing virtual machines should be protected with network security groups", guid: "f6de0be7-9a8a-4b8a-b349-43cf02d22f7c"),
    ]
    static let allPorts = Policy(
        name: "All network ports should be restricted on network security groups associated to your virtual machine",
        guid: "9daedab3-fb2d-461e-b861-71790eead4f6")
    static let narrowRule =
        "az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <admin-cidr> (or az network nsg rule delete ...); reach hosts through Azure Bastion or just-in-time access"
    static let machineLearningPrivateLink = Policy(
        name: "Azure Machine Learning workspaces should use private link", guid: "45e05259-1eb5-4f70-9574-baf73e9d219b")
    static let aiServicesPrivateLink = Policy(name: "Azure AI Services resources should use Azure Private Link", guid: "d6759c02-b87f-42b7-892e-71b3f471d782")
    static let firewallRoute = Policy(
        name: "[Preview]: All Internet traffic should be routed via your deployed Azure Firewall", guid: "fc5e4038-4584-4632-8c85-c0448d374b2c")

    // swift-format-ignore
    package static func entry(_ code: AuditFinding.Code) -> Entry {
        switch code {
        case .sshFromInternet:
            Entry(title: "SSH (TCP 22) reachable from the Internet", severity: .high, inZone: .critical,
                  cis: "v5/v6 7.2 · v4 8.2 · v3 7.2 · v2.1 6.2", mcsb: "NS-3, PA-2, NS-1", policies: managementPorts, remediation: narrowRule)
        case .rdpFromInternet:
            Entry(title: "RDP (TCP 3389) reachable from the Internet", severity: .high, inZone: .critical,
                  cis: "v5/v6 7.1 · v4 8.1 · v3 7.1 · v2.1 6.1", mcsb: "NS-3, PA-2, NS-1", policies: managementPorts, remediation: narrowRule)
        case .winRMFromInternet:
            Entry(title: "WinRM (TCP 5985/5986) reachable from the Internet", severity: .high, inZone: .critical,
                  cis: "none (CIS covers RDP, SSH, UDP and HTTP(S) only)", mcsb: "NS-3, NS-1", policies: [managementPorts[0], allPorts], remediation: narrowRule)
        case .dataPortFromInternet:
            Entry(title: "Database or data-store port reachable from the Internet", severity: .high, inZone: .critical,
                  cis: "none for NSGs", mcsb: "NS-1", policies: [allPorts], remediation: narrowRule)
        case .machineLearningPort:
            Entry(title: "ML/LLM tooling port reachable from the Internet or from the frontends", severity: .high, inZone: .critical,
                  cis: "none (proposed)", mcsb: "NS-1, NS-2 (proposed)",
                  policies: [allPorts, Policy(name: "Azure Machine Learning Computes should be in a virtual network", guid: "7804b5c7-01dc-4723-969b-ae300cc07ff1")],
                  remediation: "az network nsg rule create -g <rg> --nsg-name <training-nsg> -n deny-mltools --priority <p> --direction Inbound --access Deny --protocol Tcp --source-address-prefixes Internet <frontend-cidrs> --destination-port-ranges 5000 6006 6379 7860 8000-8002 8265 8888 10001 11434")
        case .allPortsFromInternet:
            Entry(title: "Inbound from the Internet on every port", severity: .high, inZone: .critical,
                  cis: "v5/v6 7.3, 7.4 · v4 8.3, 8.4 · v3 7.3, 7.4 · v2.1 6.3, 6.4", mcsb: "NS-1, NS-8 (proposed)", policies: [allPorts, managementPorts[2]],
                  remediation: "az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --destination-port-ranges <ports> --protocol Tcp --source-address-prefixes <cidr>")
        case .shadowedAllow:
            Entry(title: "Allow rule shadowed by higher-priority denies (a dead rule, no exposure)", severity: .info, inZone: .info,
                  cis: "n/a (evaluation quality; relates to v5/v6 7.1-7.4)", mcsb: "NS-7 (proposed)", policies: [],
                  remediation: "az network nsg rule delete -g <rg> --nsg-name <nsg> -n <rule>")
        case .preemptedDeny:
            Entry(title: "Deny rule pre-empted by a higher-priority allow (the flow it names is still allowed)", severity: .medium, inZone: .high,
                  cis: "n/a", mcsb: "NS-7 (proposed), NS-1", policies: [],
                  remediation: "az network nsg rule update -g <rg> --nsg-name <nsg> -n <deny-rule> --priority <a number below the allow's>")
        case .subnetWithoutSecurityGroup:
            Entry(title: "Workload subnet with no NSG", severity: .medium, inZone: .high, cis: "v5/v6 7.11", mcsb: "NS-1",
                  policies: [Policy(name: "Subnets should be associated with a Network Security Group", guid: "e71308d3-144b-4262-b144-efdc3cc90517"),
                             Policy(name: "Non-internet-facing virtual machines should be protected with network security groups", guid: "bb91dfba-c30d-4263-9add-9c2384e659a6")],
                  remediation: "az network vnet subnet update -g <rg> --vnet-name <vnet> -n <subnet> --network-security-group <nsg>")
        case .publicIPInTargetZone:
            Entry(title: "Public IP attached to a NIC in the training zone", severity: .high, inZone: .high,
                  cis: "v5/v6 7.7 · v4 8.7 · v3 7.7 · v2.1 6.7", mcsb: "NS-1 (proposed)",
                  policies: [Policy(name: "Network interfaces should not have public IPs", guid: "83a86a26-fd1f-447c-b59d-e51f44264114")],
                  remediation: "az network nic ip-config update -g <rg> --nic-name <nic> -n <ipconfig> --remove publicIpAddress (then delete the public IP)")
        case .unfilteredPeering:
            Entry(title: "Frontend VNet peered to the training zone with no NSG filtering between them", severity: .critical, inZone: .critical,
                  cis: "v5/v6 7.11 (partial: NSG presence only)", mcsb: "NS-1 (proposed)", policies: [],
                  remediation: "az network nsg rule create -g <rg> --nsg-name <training-nsg> -n deny-frontends --priority 4000 --direction Inbound --access Deny --protocol '*' --source-address-prefixes <frontend-cidrs> --destination-port-ranges '*', then allow only declared flows; or remove the peering (both sides): az network vnet peering delete -g <rg> --vnet-name <vnet> -n <peering>")
        case .broadSource:
            Entry(title: "Over-broad VirtualNetwork, * or AzureCloud source on a training-zone inbound rule", severity: .high, inZone: .high,
                  cis: "none", mcsb: "NS-1 (proposed)", policies: [],
                  remediation: "az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <cidrs> (or --source-asgs <asg>)")
        case .forwardedTransit:
            Entry(title: "Forwarded traffic through an NVA or firewall reaches the training zone across a peering (non-transitivity bypassed)", severity: .high, inZone: .critical,
                  cis: "none", mcsb: "NS-1, NS-3 (proposed)", policies: [],
                  remediation: "az network vnet peering update -g <rg> --vnet-name <training-vnet> -n <peering> --set allowForwardedTraffic=false, or deny spoke-to-training traffic in the firewall policy")
        case .gatewayTransit:
            Entry(title: "Gateway transit exposes the training VNet to on-premises networks", severity: .high, inZone: .high,
                  cis: "none", mcsb: "NS-1, NS-9 (proposed)", policies: [],
                  remediation: "az network vnet peering update -g <rg> --vnet-name <training-vnet> -n <peering> --set useRemoteGateways=false (or keep transit: az network route-table update -g <rg> -n <rt> --disable-bgp-route-propagation true, and explicit NSG denies)")
        case .privateEndpointPoliciesOff:
            Entry(title: "Private endpoint in a subnet whose NSG does not apply to it", severity: .high, inZone: .critical,
                  cis: "none", mcsb: "NS-1, NS-2 (proposed)", policies: [],
                  remediation: "az network vnet subnet update -g <rg> --vnet-name <vnet> -n <pe-subnet> --private-endpoint-network-policies Enabled, then add NSG rules for the endpoint's addresses")
        case .noApprovedPrivateEndpoint:
            Entry(title: "PaaS resource without an approved private endpoint (the public endpoint is the only way in)", severity: .medium, inZone: .high,
                  cis: "storage v5/v6 9.3.2.1 · v4 10.3.2.1 · v3 4.9 · v2.1 3.10; key vault v5/v6 8.3.8 · v4 9.3.8 · v3 3.3.7 · v2.1 8.7", mcsb: "NS-2",
                  policies: [Policy(name: "Storage accounts should use private link", guid: "6edd7eda-6dd8-40f7-810d-67160c639cd9"),
                             Policy(name: "Azure Key Vaults should use private link", guid: "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9"),
                             Policy(name: "Container registries should use private link", guid: "e8eef0a8-67cf-4eb4-9386-14b0e78733d4"),
                             machineLearningPrivateLink, aiServicesPrivateLink],
                  remediation: "az network private-endpoint create -g <rg> -n <pe> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <resource-id> --group-id <blob|vault|registry|amlworkspace|account> --connection-name <name> (or approve the pending connection: az network private-endpoint-connection approve --id <connection-id>), then disable public access")
        case .inferenceEndpointExposed:
            Entry(title: "LLM inference endpoint publicly reachable or key-authenticated", severity: .high, inZone: .critical,
                  cis: "none (nearest analog: Databricks v5/v6 2.1.10 public network access Disabled, 2.1.11 private endpoints)", mcsb: "NS-2, IM-1",
                  policies: [Policy(name: "Azure Machine Learning Workspaces should disable public network access", guid: "438c38d2-3772-465a-a9cc-7a6666a275ce"),
                             machineLearningPrivateLink,
                             Policy(name: "Azure AI Services resources should restrict network access", guid: "037eea7a-bd0a-46c5-9a66-03aea78705d3"),
                             aiServicesPrivateLink,
                             Policy(name: "Azure AI Services resources should have key access disabled (disable local authentication)", guid: "71ef260a-8f18-47b7-abcb-62d0673d94dc")],
                  remediation: "az resource update --ids <aml-workspace-id> --set properties.publicNetworkAccess=Disabled; az resource update --ids <online-endpoint-id> --set properties.publicNetworkAccess=Disabled (and authMode AADToken); az resource update --ids <ai-account-id> --set properties.publicNetworkAccess=Disabled properties.disableLocalAuth=true; add private endpoints (LAT-PL-002)")
        case .foreignPrivateEndpoint:
            Entry(title: "Approved private endpoint connection from a subscription outside the estate (the input's subscriptions)", severity: .high, inZone: .critical,
                  cis: "none", mcsb: "NS-2 (proposed)", policies: [],
                  remediation: "az network private-endpoint-connection reject --id <connection-id> (or delete)")
        case .gatewayWithoutPreventionWAF:
            Entry(title: "Internet-facing Application Gateway without a WAF in Prevention mode", severity: .high, inZone: .high,
                  cis: "v5/v6 7.10", mcsb: "NS-6",
                  policies: [Policy(name: "Web Application Firewall (WAF) should be enabled for Application Gateway", guid: "564feb30-bf6a-4854-b4bb-0d2d2d1e6c66"),
                             Policy(name: "Web Application Firewall (WAF) should use the specified mode for Application Gateway", guid: "12430be1-6cc8-4527-a9a8-e3d38f250096")],
                  remediation: "az network application-gateway waf-policy policy-setting update -g <rg> --policy-name <waf-policy> --mode Prevention --state Enabled (attach the policy to the gateway; the SKU must be WAF_v2)")
        case .threatIntelligenceNotDeny:
            Entry(title: "Azure Firewall threat intelligence not in Deny", severity: .medium, inZone: .high, cis: "none", mcsb: "NS-3 (proposed)",
                  policies: [Policy(name: "Azure Firewall Policy should enable Threat Intelligence", guid: "da79a7e2-8aa1-45ed-af81-ba050c153564"),
                             Policy(name: "Azure Firewall Standard - Classic Rules should enable Threat Intelligence", guid: "7c591a93-c34c-464c-94ac-8f9f9a46e3d6")],
                  remediation: "az network firewall policy update -g <rg> -n <policy> --threat-intel-mode Deny (classic rules: az network firewall update -g <rg> -n <firewall> --threat-intel-mode Deny)")
        case .intrusionDetectionNotDeny:
            Entry(title: "Azure Firewall without Premium IDPS in Deny or without TLS inspection", severity: .medium, inZone: .high, cis: "none", mcsb: "NS-4, NS-3 (proposed)",
                  policies: [Policy(name: "Azure Firewall Standard should be upgraded to Premium for next generation protection", guid: "8c19196d-7fd7-45b2-a9b4-7288f47c769a"),
                             Policy(name: "Azure firewall policy should enable TLS inspection within application rules (deprecated)", guid: "a58ac66d-92cb-409c-94b8-8e48d7a96596")],
                  remediation: "az network firewall policy update -g <rg> -n <policy> --sku Premium --idps-mode Deny; TLS inspection: give the policy a certificate authority (PowerShell: Set-AzFirewallPolicy -TransportSecurityKeyVaultSecretId <id> -TransportSecurityName <name>; the az flags are UNVERIFIED) and set terminateTLS on the application rules for training-zone egress")
        case .egressBypassesFirewall:
            Entry(title: "Training-zone egress not forced through the firewall", severity: .high, inZone: .high, cis: "none", mcsb: "NS-3",
                  policies: [firewallRoute, Policy(name: "Subnets should be private", guid: "7bca8353-aa3b-429b-904a-9229c4385837")],
                  remediation: "az network route-table route create -g <rg> --route-table-name <rt> -n to-fw --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address <firewall-private-ip>; az network vnet subnet update ... --route-table <rt>; make the subnet private (defaultOutboundAccess false)")
        case .anonymousBlobRead:
            Entry(title: "Anonymous read of blobs possible", severity: .high, inZone: .critical,
                  cis: "v5/v6 9.3.8 · v4 10.3.9 · v3 4.17 · v2.1 3.17", mcsb: "NS-2",
                  policies: [Policy(name: "Storage account public access should be disallowed", guid: "4fa4b6c0-31ca-4c0d-b10d-24b96f62a751")],
                  remediation: "az storage account update -g <rg> -n <account> --allow-blob-public-access false; az storage container set-permission --account-name <account> -n <container> --public-access off --auth-mode login")
        case .storageOpenToAllNetworks:
            Entry(title: "Storage public endpoint open to all networks", severity: .high, inZone: .critical,
                  cis: "v5/v6 9.3.2.2, 9.3.2.3 · v4 10.3.2.2, 10.3.2.3 · v3 4.6, 4.7 · v2.1 3.7, 3.8", mcsb: "NS-2",
                  policies: [Policy(name: "Storage accounts should disable public network access", guid: "b2982f36-99f2-4db5-8eff-283140c09693"),
                             Policy(name: "Storage accounts should restrict network access", guid: "34c877ad-507e-4c82-993e-3452a6e0ad3c")],
                  remediation: "az storage account update -g <rg> -n <account> --public-network-access Disabled (or --default-action Deny and az storage account network-rule add -g <rg> --account-name <account> --ip-address <cidr>)")
        case .sharedKeyAccess:
            Entry(title: "Shared Key authorization enabled (account keys and SAS work)", severity: .high, inZone: .critical,
                  cis: "v5/v6 9.3.1.3 · v4 10.3.1.3", mcsb: "IM-1",
                  policies: [Policy(name: "Storage accounts should prevent shared key access", guid: "8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54")],
                  remediation: "az storage account update -g <rg> -n <account> --allow-shared-key-access false (after moving clients to Entra ID)")
        case .storageExpirationPolicies:
            Entry(title: "No SAS expiration policy or no key expiration policy on a storage account", severity: .medium, inZone: .high,
                  cis: "SAS: v3 4.5 · v2.1 3.6 (not in v4-v6); keys: v5/v6 9.3.1.1, 9.3.1.2 · v4 10.3.1.1, 10.3.1.2 · v3 4.3, 4.4 · v2.1 3.3, 3.4", mcsb: "DP-6; IM-8 for the SAS policy (proposed)",
                  policies: [Policy(name: "Storage accounts should have shared access signature (SAS) policies configured", guid: "bc1b984e-ddae-40cc-801a-050a030e4fbe"),
                             Policy(name: "Storage SAS tokens should adhere to 7 day maximum validity", guid: "7aa1c9d5-3d7e-4579-8117-d85e99211757"),
                             Policy(name: "Storage account keys should not be expired", guid: "044985bb-afe1-42cd-8a36-9d5d42424537")],
                  remediation: "az storage account update -g <rg> -n <account> --sas-expiration-period 0.01:00:00 --key-expiration-period-in-days 90")
        case .storageMinimumTLS:
            Entry(title: "Storage account minimum TLS version below 1.2", severity: .medium, inZone: .high,
                  cis: "v5/v6 9.3.6 · v4 10.3.7 · v3 4.15 · v2.1 3.15", mcsb: "DP-3",
                  policies: [Policy(name: "Storage accounts should have the specified minimum TLS version", guid: "fe83a0eb-a853-422d-aac2-1bffd182c5d0")],
                  remediation: "az storage account update -g <rg> -n <account> --min-tls-version TLS1_2")
        case .storagePlainHTTP:
            Entry(title: "Storage secure transfer (HTTPS only) disabled", severity: .medium, inZone: .high,
                  cis: "v5/v6 9.3.4 · v4 10.3.4 · v3 4.1 · v2.1 3.1", mcsb: "DP-3",
                  policies: [Policy(name: "Secure transfer to storage accounts should be enabled", guid: "404c3081-a854-4457-ae30-26a93ef643f9")],
                  remediation: "az storage account update -g <rg> -n <account> --https-only true")
        case .storageEncryption:
            Entry(title: "Crown-jewel storage account without infrastructure (double) encryption or a customer-managed key", severity: .low, inZone: .medium,
                  cis: "infrastructure encryption: v3 4.2 · v2.1 3.2 (not in v4-v6); customer-managed key: v4 2.1.1.2.1 · v3 4.11 · v2.1 3.12", mcsb: "DP-4, DP-5",
                  policies: [Policy(name: "Storage accounts should have infrastructure encryption", guid: "4733ea7b-a883-42fe-8cac-97454c2a9e4a"),
                             Policy(name: "Storage accounts should use customer-managed key for encryption", guid: "6fac406b-40ca-413b-bf8e-0bf964659c25")],
                  remediation: "Infrastructure encryption is chosen when an account is created: az storage account create ... --require-infrastructure-encryption, then copy the data; customer-managed key: az storage account update -g <rg> -n <account> --encryption-key-source Microsoft.Keyvault --encryption-key-vault <vault-uri> --encryption-key-name <key> (with a managed identity)")
        case .crossTenantReplication:
            Entry(title: "Cross-tenant object replication allowed", severity: .medium, inZone: .high,
                  cis: "v5/v6 9.3.7 · v4 10.3.8 · v3 4.16 · v2.1 3.16", mcsb: "none mapped (DP-2 proposed)",
                  policies: [Policy(name: "Storage accounts should prevent cross tenant object replication", guid: "92a89a79-6c52-4a7e-a03f-61306fc49312")],
                  remediation: "az storage account update -g <rg> -n <account> --allow-cross-tenant-replication false")
        case .keyVaultPublic:
            Entry(title: "Key vault reachable from public networks", severity: .high, inZone: .critical, cis: "v5/v6 8.3.7 · v4 9.3.7", mcsb: "NS-2, DP-8",
                  policies: [Policy(name: "Azure Key Vault should disable public network access", guid: "405c5871-3e91-4644-8a63-58e19d68ff5b"),
                             Policy(name: "Azure Key Vault should have firewall enabled or public network access disabled", guid: "55615ac9-af46-4a59-874e-391cc3dfb490")],
                  remediation: "az keyvault update -g <rg> -n <vault> --public-network-access Disabled (or --default-action Deny --bypass AzureServices)")
        case .keyVaultAccessPolicies:
            Entry(title: "Key vault uses access policies instead of Azure RBAC (control-plane writers can grant themselves data access)", severity: .high, inZone: .high,
                  cis: "v5/v6 8.3.6 · v4 9.3.6 · v3 3.3.6 · v2.1 8.6", mcsb: "PA-7",
                  policies: [Policy(name: "Azure Key Vault should use RBAC permission model", guid: "12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5")],
                  remediation: "Map the access policies to role assignments, then az keyvault update -g <rg> -n <vault> --enable-rbac-authorization true (breaks clients that rely on access policies)")
        case .keyVaultPurgeProtection:
            Entry(title: "Key vault purge protection disabled", severity: .medium, inZone: .high,
                  cis: "v5/v6 8.3.5 · v4 9.3.5 · v3 3.3.5 · v2.1 8.5", mcsb: "DP-8",
                  policies: [Policy(name: "Key vaults should have deletion protection enabled", guid: "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"),
                             Policy(name: "Key vaults should have soft delete enabled", guid: "1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d")],
                  remediation: "az keyvault update -g <rg> -n <vault> --enable-purge-protection true (irreversible)")
        case .registryAdminUser:
            Entry(title: "Container registry admin user enabled", severity: .high, inZone: .critical, cis: "none", mcsb: "IM-1",
                  policies: [Policy(name: "Container registries should have local admin account disabled.", guid: "dc921057-6b28-4fbe-9b83-f7bec05db6c2")],
                  remediation: "az acr update -n <registry> --admin-enabled false")
        case .registryAnonymousPull:
            Entry(title: "Container registry anonymous pull enabled", severity: .medium, inZone: .high, cis: "none", mcsb: "IM-1",
                  policies: [Policy(name: "Container registries should have anonymous authentication disabled.", guid: "9f2dea28-e834-476c-99c5-3507b4728395")],
                  remediation: "az acr update -n <registry> --anonymous-pull-enabled false")
        case .registryPublic:
            Entry(title: "Container registry reachable from public networks", severity: .medium, inZone: .high, cis: "none", mcsb: "NS-2",
                  policies: [Policy(name: "Container registries should not allow unrestricted network access", guid: "d0793b48-0edc-4296-a390-4c75d1bdfd71"),
                             Policy(name: "Public network access should be disabled for Container registries", guid: "0fdf0491-d080-4575-b627-ad0e843cba0f")],
                  remediation: "az acr update -n <registry> --public-network-enabled false (or --default-action Deny and az acr network-rule add)")
        case .mutableImageTag:
            Entry(title: "Workload runs an image by a mutable tag (latest or none, no digest)", severity: .medium, inZone: .high,
                  cis: "none for image tags (v5/v6 8.1.4.1 · v4 9.1.4.1 · v3 3.1.4.1 Defender for Containers is the scanning half, not checked)", mcsb: "DS-6, PV-6; PV-5",
                  policies: [Policy(name: "Kubernetes cluster containers should only use allowed images", guid: "febd0533-8e55-448f-b837-bd0e06f16469"),
                             Policy(name: "Microsoft Defender for Containers should be enabled", guid: "1c988dd6-ade4-430f-a608-2a3e5b0a6d38"),
                             Policy(name: "Azure registry container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)", guid: "090c7b07-b4ed-4561-ad20-e9075f3ccaff")],
                  remediation: "Deploy by digest (<registry>.azurecr.io/<repository>@sha256:<digest>); az security pricing create -n Containers --tier standard")
        case .geoReplicatedStorage:
            Entry(title: "Storage account replicated to a secondary region", severity: .info, inZone: .info,
                  cis: "none for residency; v5/v6 9.3.11 · v4 10.3.12 recommend GRS on critical accounts (the opposite): keep the pair inside the boundary or use ZRS, and record the deviation",
                  mcsb: "none mapped",
                  policies: [Policy(name: "Storage accounts should be limited by allowed SKUs", guid: "7433c107-6db4-4ad1-b57a-a76dce0154a1")],
                  remediation: "If the secondary region is outside the allowed regions: az storage account update -g <rg> -n <account> --sku Standard_LRS (a conversion to ZRS is UNVERIFIED)")
        case .registryReplicas:
            Entry(title: "Container registry replicated to other regions", severity: .info, inZone: .info, cis: "none", mcsb: "none mapped", policies: [],
                  remediation: "If a replica's region is outside the allowed regions: az acr replication delete -r <registry> -n <replica>")
        case .internetToTargets:
            Entry(title: "Internet to LLM training zone path exists", severity: .critical, inZone: .critical, cis: "n/a (composite)", mcsb: "NS-1, NS-3 (proposed)",
                  policies: [], remediation: "Cut one hop of each path (the rule, route or peering the hop tables name), then run the analysis again to verify")
        case .entriesToTargets:
            Entry(title: "Retail frontend to LLM training zone path exists", severity: .critical, inZone: .critical, cis: "n/a (composite)", mcsb: "NS-1, PA-7 (proposed)",
                  policies: [], remediation: "Cut one hop of each path (the rule, route or peering the hop tables name), then run the analysis again to verify")
        case .targetsToInternet:
            Entry(title: "Training zone to Internet exfiltration route exists", severity: .high, inZone: .high, cis: "n/a (composite)", mcsb: "NS-3, DP-2 (proposed)",
                  policies: [firewallRoute], remediation: "Force egress through the firewall with explicit FQDN allow-lists; disable public endpoints")
        }
    }
}
