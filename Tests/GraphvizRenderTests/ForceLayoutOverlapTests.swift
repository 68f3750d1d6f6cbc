import Foundation
import GraphvizRender
import Testing

/// Force-directed layouts (sfdp, for whole estates) must not draw boxes over each other:
/// the renderer sets `overlap=prism` unless the DOT says otherwise.
@Suite("Force-directed layouts keep boxes apart")
struct ForceLayoutOverlapTests {
    /// Forty wide boxes joined to one hub: sfdp's default would pile them up.
    static let dot: String = {
        var text = "digraph g {\n  node [shape=box];\n  hub;\n"
        for i in 0..<40 {
            text += "  n\(i) [label=\"vnet-fe-weu-\(String(format: "%04d", i))  westeurope  10.\(i).0.0/16 | 10 subnets, 20 hosts\"];\n  hub -> n\(i);\n"
        }
        return text + "}\n"
    }()

    struct Box { let minX, minY, maxX, maxY: Double }

    /// The bounding box of every node polygon in an SVG.
    static func boxes(_ svg: String) -> [Box] {
        var result: [Box] = []
        for group in svg.components(separatedBy: "<g id=\"node").dropFirst() {
            guard let start = group.range(of: "points=\""), let end = group[start.upperBound...].firstIndex(of: "\"") else { continue }
            let points = group[start.upperBound..<end].split(separator: " ").compactMap { pair -> (Double, Double)? in
                let xy = pair.split(separator: ",")
                guard xy.count == 2, let x = Double(xy[0]), let y = Double(xy[1]) else { return nil }
                return (x, y)
            }
            guard !points.isEmpty else { continue }
            result.append(Box(minX: points.map(\.0).min()!, minY: points.map(\.1).min()!, maxX: points.map(\.0).max()!, maxY: points.map(\.1).max()!))
        }
        return result
    }

    @Test("sfdp lays forty wide boxes out without any two overlapping")
    func noOverlap() throws {
        let svg = String(decoding: try GraphvizRenderer.render(dot: Self.dot, format: .svg, layout: "sfdp"), as: UTF8.self)
        let boxes = Self.boxes(svg)
        #expect(boxes.count == 41)
        #expect(Self.overlaps(boxes) == 0)
    }

    static func overlaps(_ boxes: [Box]) -> Int {
        var overlapping = 0
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i], b = boxes[j]
                if a.minX < b.maxX - 0.5 && b.minX < a.maxX - 0.5 && a.minY < b.maxY - 0.5 && b.minY < a.maxY - 0.5 { overlapping += 1 }
            }
        }
        return overlapping
    }

    @Test("a DOT that sets overlap itself keeps its choice (here: boxes may overlap, and do)")
    func explicitOverlap() throws {
        let dot = Self.dot.replacingOccurrences(of: "digraph g {\n", with: "digraph g {\n  overlap=true;\n")
        let svg = String(decoding: try GraphvizRenderer.render(dot: dot, format: .svg, layout: "sfdp"), as: UTF8.self)
        let boxes = Self.boxes(svg)
        #expect(boxes.count == 41)
        #expect(Self.overlaps(boxes) > 0)
    }
}
