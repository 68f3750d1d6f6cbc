import TopologyModel

extension AuditFinding {
    /// The longest SAS lifetime a SAS expiration policy may allow: the Azure Policy built-in
    /// "Storage SAS tokens should adhere to 7 day maximum validity" (CIS v3 asked for one
    /// hour).
    package static let longestSAS = 7 * 24 * 3600
    /// The longest key expiration period (catalog STO-004, after Prowler's 90-day rotation).
    package static let longestKeyDays = 90

    /// STO-004 to STO-008, KV-002, KV-003, RES-002 and RES-004: settings of storage accounts,
    /// key vaults and registries that decide no flow. STO-007 is for crown-jewel accounts
    /// only (``ZoneContext/assets``); the others are escalated on them.
    static func hardening(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        var found: [AuditFinding] = []
        for account in topology.storageAccounts.values {
            let s = account.settings, jewel = zone.assets.contains(account.id)
            let subject = PostureNote.Subject(id: account.id, name: account.name, origin: account.origin)
            func add(_ code: Code, _ setting: Setting) {
                found.append(AuditFinding(code: code, subject: subject, evidence: .setting(setting), inTargetZone: jewel))
            }
            let sasWeak = s.sasExpirationSeconds.map { $0 > longestSAS } ?? true
            let keyWeak = s.keyExpirationDays.map { $0 > longestKeyDays } ?? true
            if sasWeak || keyWeak {
                add(
                    .storageExpirationPolicies,
                    .expirationPolicies(
                        sasSeconds: s.sasExpirationSeconds, action: s.sasExpirationAction, keyDays: s.keyExpirationDays, sharedKey: account.allowSharedKeyAccess
                    ))
            }
            if (s.minimumTLSVersion ?? .tls1_0) < .tls1_2 {
                let reachable =
                    account.publicNetworkAccess != .disabled && (opensToAll(account.publicNetworkAccess, account.defaultAction) || !account.ipRules.isEmpty)
                add(.storageMinimumTLS, .minimumTLS(s.minimumTLSVersion, publicEndpoint: reachable))
            }
            if s.httpsOnly == false { add(.storagePlainHTTP, .plainHTTP(openToAllNetworks: opensToAll(account.publicNetworkAccess, account.defaultAction))) }
            if jewel, s.requireInfrastructureEncryption != true || s.keySource != .microsoftKeyvault {
                add(.storageEncryption, .encryption(infrastructure: s.requireInfrastructureEncryption, keySource: s.keySource))
            }
            if s.allowCrossTenantReplication == true { add(.crossTenantReplication, .crossTenantReplication) }
            if let redundancy = s.redundancy, redundancy.isGeoReplicated {
                add(.geoReplicatedStorage, .geoReplication(redundancy, primary: account.location, secondary: s.secondaryLocation))
            }
        }
        for resource in topology.serviceResources.values {
            let subject = PostureNote.Subject(id: resource.id, name: resource.name, origin: resource.origin)
            let jewel = zone.assets.contains(resource.id)
            func add(_ code: Code, _ setting: Setting) {
                found.append(AuditFinding(code: code, subject: subject, evidence: .setting(setting), inTargetZone: jewel))
            }
            switch resource.kind {
            case .keyVault:
                if resource.vault.rbacAuthorization != true { add(.keyVaultAccessPolicies, .accessPolicies(rbac: resource.vault.rbacAuthorization)) }
                if resource.vault.purgeProtection != true { add(.keyVaultPurgeProtection, .purgeProtection(resource.vault.purgeProtection)) }
            case .containerRegistry:
                let elsewhere = resource.replicaLocations.filter { $0 != resource.location }
                if !elsewhere.isEmpty { add(.registryReplicas, .replicas(primary: resource.location, locations: elsewhere)) }
            case .machineLearningWorkspace, .onlineEndpoint, .aiServices:
                break
            }
        }
        return found
    }
}
