/// Encodes a ``Diagram`` as DOT text, in pure Swift, deterministically.
///
/// Node IDs are synthetic (`n0`, `n1`...) so no user text reaches an ID; every label is
/// sanitised (quotes escaped, backslashes and control characters replaced) so hostile
/// resource names cannot break out of the string (toolchain.md, DOT text).
public enum DOTEncoder {
    public static func encode(_ diagram: Diagram) -> String {
        var out = "digraph lateral {\n"
        out +=
            "  graph [compound=true, rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.3, ranksep=0.9, newrank=true, label=\"\(escape(diagram.title, limit: tooltipLimit))\", labelloc=t];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6f8\", color=\"#6b7785\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#9aa5b1\"];\n"
        var nodeIDs: [String: String] = [:]
        for (i, node) in diagram.nodes.enumerated() { nodeIDs[node.id] = "n\(i)" }
        let children = Dictionary(grouping: diagram.clusters, by: { $0.parent ?? "" })
        let nodesByCluster = Dictionary(grouping: diagram.nodes, by: { $0.cluster ?? "" })
        var clusterIndex: [String: Int] = [:]
        for (i, c) in diagram.clusters.enumerated() { clusterIndex[c.id] = i }

        func emitCluster(_ cluster: Diagram.Cluster, depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            out += "\(pad)subgraph cluster_\(clusterIndex[cluster.id]!) {\n"
            switch cluster.role {
            case .region:
                out += "\(pad)  label=\"\(escape(cluster.label))\"; style=\"rounded,dashed\"; color=\"#8792a2\"; fontcolor=\"#3e4c59\";\n"
            case .network, .target:
                let fill = cluster.role == .target ? "#fdecea" : "#eef2f7"
                out += "\(pad)  label=\"\(escape(cluster.label))\"; style=\"rounded,filled\"; fillcolor=\"\(fill)\"; color=\"#52606d\";\n"
            }
            for child in children[cluster.id] ?? [] { emitCluster(child, depth: depth + 1) }
            for node in nodesByCluster[cluster.id] ?? [] { out += "\(pad)  " + nodeLine(node, id: nodeIDs[node.id]!) }
            out += "\(pad)}\n"
        }
        for root in children[""] ?? [] { emitCluster(root, depth: 1) }
        for node in nodesByCluster[""] ?? [] { out += "  " + nodeLine(node, id: nodeIDs[node.id]!) }
        for edge in diagram.edges {
            guard let a = nodeIDs[edge.from], let b = nodeIDs[edge.to] else { continue }
            out += "  \(a) -> \(b) [\(edgeAttributes(edge))];\n"
        }
        if diagram.showLegend {
            let isDiff = diagram.edges.contains { $0.role == .opened || $0.role == .closed }
            out += isDiff ? diffLegend() : legend(collapsedRoles: [.network, .region].filter { role in diagram.nodes.contains { $0.role == role } })
        }
        out += "}\n"
        return out
    }

    static func nodeLine(_ node: Diagram.Node, id: String) -> String {
        var attributes = ["label=\"\(escape(node.label))\""] + roleAttributes(node.role)
        if node.label.unicodeScalars.count > labelLimit { attributes.append("tooltip=\"\(escape(node.label, limit: tooltipLimit))\"") }
        if node.highlighted { attributes += ["penwidth=2.5"] }
        return "\(id) [\(attributes.joined(separator: ", "))];\n"
    }

    /// The look of each node role, shared by the nodes and the legend.
    static func roleAttributes(_ role: Diagram.NodeRole) -> [String] {
        switch role {
        case .internet: ["shape=ellipse", "fillcolor=\"#fff3c4\"", "color=\"#b7791f\"", "penwidth=2"]
        case .hosts: []
        case .vacant: ["style=\"rounded,dashed\"", "fillcolor=\"#ffffff\""]
        case .entry: ["fillcolor=\"#fde2b8\"", "color=\"#c05621\""]
        case .target: ["shape=box3d", "fillcolor=\"#f8c7c3\"", "color=\"#9b2c2c\""]
        case .privateEndpoint: ["shape=cds", "style=filled", "fillcolor=\"#e9d8fd\"", "color=\"#6b46c1\""]
        case .asset: ["shape=cylinder", "style=filled", "fillcolor=\"#c6f6d5\"", "color=\"#276749\""]
        case .firewall: ["shape=octagon", "style=filled", "fillcolor=\"#feebc8\"", "color=\"#9c4221\""]
        case .network: ["shape=folder", "style=filled", "fillcolor=\"#eef2f7\"", "color=\"#52606d\""]
        case .region: ["style=\"rounded,dashed,filled\"", "fillcolor=\"#f9fafb\"", "color=\"#8792a2\""]
        }
    }

    /// Peerings do not constrain ranks, so they are often flat (both ends on one rank).
    /// Graphviz 2.43's dot corrupts its heap laying out flat edges that carry a `label`
    /// (ten peerings from one hub are enough), so their text is an `xlabel`, placed after
    /// the layout.
    static func edgeAttributes(_ edge: Diagram.Edge) -> String {
        var attributes: [String] = []
        let constrains = ![.peering, .brokenPeering].contains(edge.role)
        if !edge.label.isEmpty { attributes.append("\(constrains ? "label" : "xlabel")=\"\(escape(edge.label))\"") }
        switch edge.role {
        case .attackPath: attributes += ["color=\"#c53030\"", "fontcolor=\"#c53030\"", "penwidth=2.5"]
        case .reachability: attributes += ["color=\"#a0aec0\"", "fontcolor=\"#718096\"", "style=solid"]
        // Peerings do not order ranks, but `weight=0` says so, not `constraint=false`:
        // Graphviz 2.43's dot double-frees edge splines for constraint=false edges between
        // clusters under newrank (seen on a what-if diagram; upstream issue #1169 is the
        // same crash class).
        case .peering: attributes += ["dir=both", "arrowhead=none", "arrowtail=none", "style=dashed", "color=\"#3182ce\"", "fontcolor=\"#3182ce\"", "weight=0"]
        case .brokenPeering: attributes += ["dir=none", "style=dotted", "color=\"#a0aec0\"", "fontcolor=\"#a0aec0\"", "weight=0"]
        case .opened: attributes += ["color=\"#e53e3e\"", "fontcolor=\"#c53030\"", "penwidth=3"]
        case .closed: attributes += ["color=\"#2f855a\"", "fontcolor=\"#2f855a\"", "style=dashed", "penwidth=2.5"]
        case .unchanged: attributes += ["color=\"#d5dbe1\"", "fontcolor=\"#b8c2cc\"", "style=solid"]
        }
        return attributes.joined(separator: ", ")
    }

    /// The legend; collapsed VNet and region boxes get an entry only when drawn, so
    /// diagrams at subnet detail keep the legend they always had.
    static func legend(collapsedRoles: [Diagram.NodeRole] = []) -> String {
        var extra = ""
        for role in collapsedRoles {
            let label = role == .network ? "VNet (its other subnets and hosts)" : "region (its other VNets)"
            extra += "    legend_\(role.rawValue) [label=\"\(label)\", \(roleAttributes(role).joined(separator: ", "))];\n"
        }
        return """
              subgraph cluster_legend {
                label="Legend"; style="rounded"; color="#cbd2d9"; fontcolor="#3e4c59";
                legend_a [label="entry point", fillcolor="#fde2b8", color="#c05621"];
                legend_b [label="target", shape=box3d, fillcolor="#f8c7c3", color="#9b2c2c"];
                legend_c [label="hosts", fillcolor="#f4f6f8"];
                legend_d [label="subnet without hosts", style="rounded,dashed", fillcolor="#ffffff"];
                legend_e [label="private endpoint", shape=cds, style=filled, fillcolor="#e9d8fd", color="#6b46c1"];
                legend_f [label="asset (storage...)", shape=cylinder, style=filled, fillcolor="#c6f6d5", color="#276749"];
                legend_g [label="Azure Firewall", shape=octagon, style=filled, fillcolor="#feebc8", color="#9c4221"];
                legend_e -> legend_f [label="private link", color="#a0aec0", fontcolor="#718096"];
                legend_a -> legend_b [label="attack path hop (services)", color="#c53030", fontcolor="#c53030", penwidth=2.5];
                legend_c -> legend_d [label="other allowed hop", color="#a0aec0", fontcolor="#718096"];
                legend_c -> legend_b [label="live peering", dir=both, arrowhead=none, arrowtail=none, style=dashed, color="#3182ce", fontcolor="#3182ce"];
                legend_d -> legend_a [label="peering without traffic", dir=none, style=dotted, color="#a0aec0", fontcolor="#a0aec0"];
            \(extra)  }

            """
    }

    static func diffLegend() -> String {
        """
          subgraph cluster_legend {
            label="Legend"; style="rounded"; color="#cbd2d9"; fontcolor="#3e4c59";
            legend_a [label="entry point", fillcolor="#fde2b8", color="#c05621"];
            legend_b [label="target", shape=box3d, fillcolor="#f8c7c3", color="#9b2c2c"];
            legend_c [label="hosts", fillcolor="#f4f6f8"];
            legend_a -> legend_b [label="opened by the change", color="#e53e3e", fontcolor="#c53030", penwidth=3];
            legend_c -> legend_b [label="closed by the change", color="#2f855a", fontcolor="#2f855a", style=dashed, penwidth=2.5];
            legend_a -> legend_c [label="unchanged hop", color="#d5dbe1", fontcolor="#b8c2cc"];
          }

        """
    }

    /// Makes arbitrary text safe inside a DOT double-quoted string: `"` escaped, `\`
    /// replaced (DOT would read it as an escape), `&` written as `&amp;` (Graphviz decodes
    /// entities in labels), control characters (newlines included) turned into spaces. Iterates scalars, not Characters (a quote followed by a
    /// combining mark is one Character).
    ///
    /// Text longer than ``labelLimit`` characters is cut there with an ellipsis: Graphviz
    /// refuses labels past 16 KB, so one 20,000-character name failed every render format.
    /// The full text stays in the reports (and, for a node, in its tooltip up to
    /// ``tooltipLimit``).
    public static func escape(_ text: String, limit: Int = labelLimit) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        var cut = false
        if let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex), end < scalars.endIndex {
            scalars = scalars[..<end]
            cut = true
        }
        for scalar in scalars {
            switch scalar {
            case "\"": out.append("\\"); out.append("\"")
            case "\\": out.append("/")
            // Graphviz decodes HTML entities in ordinary labels; keep `&` literal.
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar == "\u{2028}" || scalar == "\u{2029}"
                {
                    out.append(" ")
                } else {
                    out.append(scalar)
                }
            }
        }
        if cut { out.append("\u{2026}") }
        return String(out)
    }

    /// Characters of a label kept before the ellipsis: readable on a page, far below
    /// Graphviz's 16 KB even at four bytes a character.
    public static let labelLimit = 400
    /// Characters of a truncated node's tooltip (SVG), which carries the rest of the name, and
    /// of a diagram's title (a what-if's list of changes).
    public static let tooltipLimit = 3_000
}
