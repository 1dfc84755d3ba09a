// swift-tools-version: 6.1
// heapfit — GPL-3.0-or-later (links GLPK). See LICENSE.
import PackageDescription

let package = Package(
    name: "heapfit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "heapfit", targets: ["heapfit"]),
        .library(name: "HeapfitSimulator", targets: ["Simulator"]),
        // For the libFuzzer targets in Fuzz/ (a separate package built only by `make fuzz`).
        .library(name: "HeapfitModel", targets: ["Model"]),
        .library(name: "HeapfitAdvisor", targets: ["Advisor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Typed, validated values from files: no algorithms.
        .target(name: "Model", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Faithful allocator models, boot and replay.
        .target(name: "Simulator", dependencies: ["Model"]),
        // C shim around GLPK (error hook + setjmp/longjmp guard).
        .target(name: "CGLPK", linkerSettings: [.linkedLibrary("glpk")]),
        // MIP formulation and the GLPK backend.
        .target(name: "Solver", dependencies: ["Simulator", "CGLPK"]),
        // Use cases: reports, importers, emitters.
        .target(name: "Advisor", dependencies: ["Solver", "Simulator", "Model"]),
        .executableTarget(
            name: "heapfit",
            dependencies: ["Advisor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "HeapfitBenchmarks", dependencies: ["Simulator", "Advisor"],
            path: "Benchmarks/HeapfitBenchmarks"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator"]),
        .testTarget(name: "SolverTests", dependencies: ["Solver"]),
        .testTarget(name: "AdvisorTests", dependencies: ["Advisor"]),
        .testTarget(name: "HeapfitCLITests", dependencies: ["Advisor"]),
    ],
    swiftLanguageModes: [.v6]
)
