import Foundation
import Simulator

// `make bench`: release-build benchmarks. `HeapfitBenchmarks --oracle WORKLOAD` runs only the
// optimiser-vs-oracle comparison on that workload's full knob space, however long it takes;
// `--catalogue [LIMIT]` compares them on every board × shipped workload (CatalogueOracle.swift). Figures go to the README and the issue notes.
// Allocator throughput: a seeded 1,000,000-operation trace replayed on each variant
// over a 267552 B region (the S3 main heap of domain §5.3); median of 7 runs.
// Target (issue 2): at most 100 ns per operation.

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "--catalogue" {
    let limit = CommandLine.arguments.count >= 3 ? Int(CommandLine.arguments[2]) ?? 40_000 : 40_000
    exit(catalogueOracle(limit: limit) ? 0 : 1)
}
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--oracle" {
    benchmarkRecommenderAgainstOracle(workload: CommandLine.arguments[2], limit: .max)
    exit(0)
}

let operations = 1_000_000
let slots = 256
let region = 267_552
let trace = makeTrace(count: operations, slots: slots, seed: 0x5EED_1DF5)

func measure(_ name: String, _ body: () -> Int) {
    var samples: [Double] = []
    var checksum = 0
    for _ in 0..<7 {
        let clock = ContinuousClock()
        let start = clock.now
        checksum &+= body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        samples.append(seconds * 1e9 / Double(operations))
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let verdict = median <= 100 ? "ok" : "over the 100 ns target"
    let label = name.padding(toLength: 46, withPad: " ", startingAt: 0)
    print(label + String(format: "%7.1f ns/op  (min %.1f, max %.1f)  ", median, samples.first!, samples.last!)
          + verdict + "  [checksum \(checksum & 0xFFFF)]")
}

print("allocator replay: \(operations) operations, \(slots) slots, region \(region) B (median of 7)")
let variants: [(String, TLSFVariant)] = [
    ("TLSF static control (v4.4.0, v5.0)", .staticControl(flIndexMax: 19, largestFreeBlock: .classMask)),
    ("TLSF dynamic control (v4.4.4+, v5.0.1–v5.3)", .dynamicControl(fitSize: .smallSizeFix)),
    ("TLSF size-class rounding (v5.4+)", .sizeClassRounding),
]
for (name, variant) in variants {
    guard let fresh = TLSFHeap(variant: variant, start: 0x3FC8_0000, size: region) else {
        print("\(name): region rejected"); continue
    }
    measure(name) {
        var heap = fresh
        return replay(trace, on: &heap, slots: slots)
    }
}

// IDF ≤ 4.2 best-fit: linear in the number of free blocks, so it is measured for information.
if let fresh = LegacyBestFitHeap(start: 0x3FFB_0000, size: region) {
    measure("legacy best-fit (≤ v4.2, not a target)") {
        var heap = fresh
        return replay(trace, on: &heap, slots: slots)
    }
}

// Workload replay (issue 4): ~1,000,000 events in under one second.
replayBenchmark()

// recommend: end to end, and the optimiser against the exhaustive oracle on full knob spaces.
benchmarkRecommendProcess()
for workload in ["https-get-x2", "mqtt-tls", "ble-peripheral-wifi", "espnow-wifi", "wifi-webrepl", "softap-captive-portal"] {
    benchmarkRecommenderAgainstOracle(workload: workload)
}
