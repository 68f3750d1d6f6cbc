// swift-tools-version:6.0
import PackageDescription

// Benchmarks live outside `swift test`: `swift run -c release --package-path Benchmarks lateral-bench`.
// See docs/performance.md.
let package = Package(
    name: "LateralBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lateral-bench", targets: ["LateralBench"])
    ],
    dependencies: [
        .package(name: "Lateral", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "LateralBench",
            dependencies: [
                .product(name: "Lateral", package: "Lateral"),
                .product(name: "EstateGenerator", package: "Lateral"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
