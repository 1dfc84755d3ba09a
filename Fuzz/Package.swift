// swift-tools-version: 6.1
// heapfit fuzz targets — GPL-3.0-or-later. Built only by `make fuzz` (with -sanitize=fuzzer,address);
// a plain `swift build` of heapfit never sees this package. See Tests/Fixtures/fuzz/README.md.
import PackageDescription

/// One libFuzzer executable per input kind heapfit reads.
let targets = ["FuzzCatalogue", "FuzzWorkload", "FuzzImportBootLog", "FuzzImportHeapInfo", "FuzzImportHeapDump",
               "FuzzImportMemInfo", "FuzzImportIDFSize", "FuzzImportHeapTrace", "FuzzSdkconfig"]

let package = Package(
    name: "heapfit-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "heapfit", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver so each target's main can hand control to libFuzzer.
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: [
            "CFuzzDriver",
            .product(name: "HeapfitModel", package: "heapfit"),
            .product(name: "HeapfitAdvisor", package: "heapfit"),
        ]),
    ] + targets.map { .executableTarget(name: $0, dependencies: ["FuzzSupport"]) },
    swiftLanguageModes: [.v6]
)
