import TopologyModel

/// What a plan does to a resource beyond declaring it whole: an association resource sets a
/// member of a subnet or NIC the plan may not declare, and a destroyed resource goes. A
/// what-if applies them to the export; an import of the plan alone folds in what it can.
struct TerraformEdit: Sendable {
    enum Action: Sendable {
        /// A JSON merge patch (RFC 7396) on the target, in ARM's shape.
        case patch(JSONValue)
        case delete
    }

    let target: ResourceID
    let action: Action
    /// The Terraform address that asks for it.
    let address: String
    let line: Int?
}
