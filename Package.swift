// swift-tools-version:6.0
import PackageDescription

// The dependency graph below is the architecture: import -> model -> solve -> present.
// Arrows point one way; see docs/architecture.md.
let package = Package(
    name: "Lateral",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lateral", targets: ["LateralCLI"]),
        .library(name: "Lateral", targets: ["Lateral"]),
        .library(name: "EstateGenerator", targets: ["EstateGenerator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // SHA-256 of the inputs on the auditor report's cover.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(name: "ParallelSupport"),
        .target(name: "TopologyModel", dependencies: ["ParallelSupport"]),
        // Synthetic estates for benchmarks and scale tests: emits Azure JSON, depends on nothing of ours.
        .target(name: "EstateGenerator"),
        .target(name: "AzureImport", dependencies: ["TopologyModel", "ParallelSupport"]),
        .target(name: "Reachability", dependencies: ["TopologyModel", "ParallelSupport"]),
        // Change files and policies: the user's intent, read from YAML.
        .target(
            name: "Intent",
            dependencies: ["TopologyModel", "AzureImport", "Reachability", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "GraphvizRender", dependencies: ["TopologyModel", "CGraphviz"]),
        .target(name: "AuditReport", dependencies: ["TopologyModel", "Reachability", "ParallelSupport"]),
        .target(
            name: "Lateral",
            dependencies: [
                "TopologyModel", "AzureImport", "Reachability", "Intent", "GraphvizRender", "AuditReport", "ParallelSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "LateralCLI",
            dependencies: [
                "Lateral",
                "EstateGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz harnesses: scripts/fuzz.sh builds each with libFuzzer and AddressSanitizer; in an
        // ordinary build each is a small program that replays the inputs it is given.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzJSON", dependencies: ["AzureImport", "TopologyModel", "FuzzSupport"]),
        .executableTarget(name: "FuzzChange", dependencies: ["Intent", "AzureImport", "TopologyModel", "FuzzSupport"]),
        .executableTarget(name: "FuzzPolicy", dependencies: ["Intent", "Reachability", "TopologyModel", "FuzzSupport"]),
        .executableTarget(name: "FuzzSelectors", dependencies: ["Intent", "Reachability", "TopologyModel", "FuzzSupport"]),
        .executableTarget(name: "FuzzDOT", dependencies: ["GraphvizRender", "FuzzSupport"]),
        .executableTarget(name: "FuzzMarkdown", dependencies: ["AuditReport", "FuzzSupport"]),
        .target(name: "TestSupport", dependencies: ["Lateral"], path: "Tests/TestSupport"),
        .testTarget(name: "TopologyModelTests", dependencies: ["TopologyModel", "ParallelSupport"]),
        .testTarget(
            name: "AzureImportTests", dependencies: ["AzureImport", "TopologyModel", "Reachability", "TestSupport", "EstateGenerator", "ParallelSupport"]),
        .testTarget(
            name: "ReachabilityTests",
            dependencies: ["Reachability", "AuditReport", "AzureImport", "TopologyModel", "TestSupport", "EstateGenerator", "Intent", "Lateral"],
            exclude: ["Oracle/FINDINGS.md"]),
        .testTarget(name: "IntentTests", dependencies: ["Intent", "AzureImport", "Reachability", "TopologyModel", "TestSupport"]),
        .testTarget(name: "GraphvizRenderTests", dependencies: ["GraphvizRender", "TestSupport", "ParallelSupport"]),
        .testTarget(name: "AuditReportTests", dependencies: ["AuditReport", "Reachability", "TopologyModel", "Lateral", "TestSupport", "EstateGenerator"]),
        .testTarget(name: "LateralCLITests", dependencies: ["LateralCLI", "Lateral", "TestSupport"]),
        .testTarget(name: "EstateGeneratorTests", dependencies: ["EstateGenerator", "Lateral"]),
    ],
    swiftLanguageModes: [.v6]
)
