import Foundation
import Simulator

// `make bench`: release-build benchmarks, one line per target of issue 16 with its figure and ok/over.
// `HeapfitBenchmarks --oracle [--jobs N] [WORKLOAD…]` runs only the optimiser-vs-oracle comparison (every
// shipped workload on ESP32_GENERIC when none is named); `--catalogue [LIMIT]` compares them on every board ×
// shipped workload (CatalogueOracle.swift); `--sweep` runs only the sweep of everything; `--allocator` only the
// allocator. Figures go to the README.

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--sweep"] { exit(benchmarkSweepProcess() ? 0 : 1) }
if arguments.first == "--catalogue" {
    let limit = arguments.count >= 2 ? Int(arguments[1]) ?? 40_000 : 40_000
    exit(catalogueOracle(limit: limit) ? 0 : 1)
}
if arguments.first == "--oracle" {
    var rest = Array(arguments.dropFirst())
    var jobs = 2
    if rest.count >= 2, rest[0] == "--jobs", let n = Int(rest[1]), n > 0 {
        jobs = n
        rest.removeFirst(2)
    }
    if rest.isEmpty { exit(benchmarkOracleEveryWorkload(jobs: jobs) ? 0 : 1) }
    var same = true
    for w in rest { same = benchmarkRecommenderAgainstOracle(workload: w, jobs: jobs).same && same }
    exit(same ? 0 : 1)
}

// Target 1: the allocator against the C library on a seeded 1,000,000-operation trace over a 267552 B
// region (the S3 main heap of domain §5.3).
let operations = 1_000_000
let slots = 256
let region = 267_552
let trace = makeTrace(count: operations, slots: slots, seed: 0x5EED_1DF5)

/// Seconds of one run of `body`, and its checksum.
func timed(_ body: () -> Int) -> (Double, Int) {
    let clock = ContinuousClock()
    let start = clock.now
    let checksum = body()
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, checksum)
}

func measure(_ name: String, _ body: () -> Int) {
    var samples: [Double] = []
    var checksum = 0
    for _ in 0..<7 {
        let (seconds, c) = timed(body)
        checksum &+= c
        samples.append(seconds * 1e9 / Double(operations))
    }
    samples.sort()
    let label = name.padding(toLength: 46, withPad: " ", startingAt: 0)
    print(label + String(format: "%7.1f ns/op  (min %.1f, max %.1f)  ", samples[samples.count / 2], samples[0], samples[samples.count - 1])
          + "[checksum \(checksum & 0xFFFF)]")
}

/// Target 1 (issue 16): every TLSF variant at most 0.7× the C library's malloc on the same trace in the same
/// run. The runs are interleaved (C library, then each variant, 9 rounds) so a change in the machine's load
/// hits every contender alike; each ratio is of medians.
func allocatorAgainstLibc(_ variants: [(String, TLSFVariant)]) -> Bool {
    print("allocator replay: \(operations) operations, \(slots) slots, region \(region) B (median of 9 interleaved rounds)")
    var heaps: [(String, TLSFHeap)] = []
    for (name, variant) in variants {
        guard let fresh = TLSFHeap(variant: variant, start: 0x3FC8_0000, size: region) else { print("\(name): region rejected"); continue }
        heaps.append((name, fresh))
    }
    var libc: [Double] = []
    var model = [[Double]](repeating: [], count: heaps.count)
    var checksums = [Int](repeating: 0, count: heaps.count)
    for _ in 0..<9 {
        libc.append(timed { replayOnLibc(trace, slots: slots) }.0)
        for (i, (_, fresh)) in heaps.enumerated() {
            let (seconds, checksum) = timed {
                var heap = fresh
                return replay(trace, on: &heap, slots: slots)
            }
            model[i].append(seconds)
            checksums[i] = checksum
        }
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    let base = median(libc)
    let perOp = 1e9 / Double(operations)
    print("C library malloc/free/realloc/posix_memalign".padding(toLength: 46, withPad: " ", startingAt: 0)
          + String(format: "%7.1f ns/op", base * perOp))
    var allOK = true
    for (i, (name, _)) in heaps.enumerated() {
        let t = median(model[i])
        let ratio = t / base
        allOK = allOK && ratio <= 0.7
        print(name.padding(toLength: 46, withPad: " ", startingAt: 0)
              + String(format: "%7.1f ns/op  %.2f× the C library  ", t * perOp, ratio) + (ratio <= 0.7 ? "ok" : "over the 0.7× target")
              + "  [checksum \(checksums[i] & 0xFFFF)]")
    }
    return allOK
}

let variants: [(String, TLSFVariant)] = [
    ("TLSF static control (v4.4.0, v5.0)", .staticControl(flIndexMax: 19, largestFreeBlock: .classMask)),
    ("TLSF dynamic control (v4.4.4+, v5.0.1–v5.3)", .dynamicControl(fitSize: .smallSizeFix)),
    ("TLSF size-class rounding (v5.4+)", .sizeClassRounding),
]
let allocatorOK = allocatorAgainstLibc(variants)
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--allocator" { exit(allocatorOK ? 0 : 1) }

// IDF ≤ 4.2 best-fit: linear in the number of free blocks, so it is measured for information.
if let fresh = LegacyBestFitHeap(start: 0x3FFB_0000, size: region) {
    measure("legacy best-fit (≤ v4.2, not a target)") {
        var heap = fresh
        return replay(trace, on: &heap, slots: slots)
    }
}

// Workload replay (issue 4): ~1,000,000 events in under one second.
replayBenchmark()

print("")
benchmarkRecommendProcess()
let recommendOK = benchmarkRecommendEveryPair()
print("")
let oracleOK = benchmarkOracleEveryWorkload(jobs: 2)
print("")
let sweepOK = benchmarkSweepProcess()
print("")
print("issue 16 targets: 1 allocator \(allocatorOK ? "ok" : "over"), 2 recommend \(recommendOK ? "ok" : "over"), "
      + "3 optimiser = oracle \(oracleOK ? "ok" : "over"), 5 sweep \(sweepOK ? "ok" : "over") "
      + "(4, the cheapest answer, is a test: SolverTests)")
