// Run with `swift run -c release HeapfitBenchmarks` (or `make bench`).
for live in [50, 200] {
    let (ns, freeBlocks) = benchmarkLegacyBestFit(liveTarget: live)
    print("LegacyBestFitHeap malloc/free, ~\(live) live, \(freeBlocks) free blocks: \((ns * 10).rounded() / 10) ns/op (CPU)")
}
