#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Simulator

/// This thread's CPU time in nanoseconds: unlike wall time, not inflated by other processes.
func threadCPUNanoseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
}

/// Average cost of one malloc or free on `LegacyBestFitHeap` in a realistic steady state:
/// a 160 KiB ESP32 DRAM heap holding ~`liveTarget` blocks of mostly small sizes.
/// Returns the CPU time per operation and the number of free blocks at the end.
func benchmarkLegacyBestFit(liveTarget: Int, operations: Int = 2_000_000) -> (nanoseconds: Double, freeBlocks: Int) {
    guard var heap = LegacyBestFitHeap(start: 0x3FFB_0000, size: 160 * 1024) else { return (.nan, 0) }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {  // xorshift64*
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return Int(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 1)
    }
    var live: [Int] = []
    live.reserveCapacity(liveTarget * 2)
    let start = threadCPUNanoseconds()
    for _ in 0..<operations {
        let r = next()
        if live.count < liveTarget || (r & 1 == 0 && live.count < 2 * liveTarget) {
            let size = r % 100 < 90 ? 8 + (r >> 8) % 248 : 256 + (r >> 8) % 3840
            if let p = heap.malloc(size) { live.append(p) }
        } else {
            let i = (r >> 8) % live.count
            heap.free(live[i])
            live.swapAt(i, live.count - 1)
            live.removeLast()
        }
    }
    let ns = threadCPUNanoseconds() - start
    precondition(heap.check() == nil, "LegacyBestFitHeap benchmark broke an invariant")
    return (ns / Double(operations), heap.info().freeBlocks)
}
