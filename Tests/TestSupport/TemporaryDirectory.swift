import Foundation

/// A fresh, uniquely named directory under the system temporary directory.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "lateral-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    public func appending(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Deletes the directory and everything in it.
    public func remove() { try? FileManager.default.removeItem(at: url) }

    /// A temporary directory holding a copy of `Topologies/<name>` at the same relative path,
    /// so commands that default to `Topologies/...` and write `Reports/...` can run there
    /// without touching the checkout.
    public static func withTopologyCopy(_ name: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "lateral-\(name)")
        let topologies = directory.appending("Topologies")
        try FileManager.default.createDirectory(at: topologies, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.packageRoot.appendingPathComponent("Topologies/\(name)"),
            to: topologies.appendingPathComponent(name))
        return directory
    }
}
