/// One resource instance of a Terraform plan or state: its address, what the plan does to
/// it, and its attributes as they will be.
struct TerraformInstance {
    /// `module.hub.azurerm_subnet.fw[0]`: the place every diagnostic and explanation names.
    let address: String
    /// `module.hub.` (with instance keys), or empty for the root module.
    let modulePrefix: String
    let type: String
    let name: String
    /// `create`, `update`, `delete`, `no-op`, `read`: a replace is `delete` then `create`
    /// (or the other way round); a state's instances are `no-op`.
    let actions: [String]
    let attributes: TerraformAttributes
    /// The attributes before the change, for a resource the plan deletes.
    let before: JSONValue
    /// Where its entry starts in the file, for line numbers.
    let offset: Int

    var deletes: Bool { actions == ["delete"] }

    /// The address with every instance key taken off, as the configuration names the block.
    var configurationAddress: String { Self.strippingKeys(address) }

    /// The address of the resource block without this instance's own key.
    var blockAddress: String {
        guard address.hasSuffix("]"), let open = Self.lastKeyStart(address) else { return address }
        return String(address[..<open])
    }

    /// `text` without its `[...]` instance keys (quoted keys may hold brackets).
    static func strippingKeys(_ text: String) -> String {
        var out = "", depth = 0, quoted = false, escaped = false
        for c in text {
            if depth > 0 {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    quoted.toggle()
                } else if !quoted && c == "]" {
                    depth -= 1
                }
                continue
            }
            if c == "[" { depth += 1 } else { out.append(c) }
        }
        return out
    }

    private static func lastKeyStart(_ text: String) -> String.Index? {
        var quoted = false
        var i = text.index(before: text.endIndex)
        while i > text.startIndex {
            i = text.index(before: i)
            let c = text[i]
            if c == "\"" { quoted.toggle() } else if c == "[" && !quoted { return i }
        }
        return nil
    }
}
