import Testing
@testable import Simulator

/// Tracks what a heap has handed out, to check the heap's answers against each other.
struct LiveAllocations {
    var blocks: [Int: Int] = [:]  // pointer → requested size
    /// Blocks from alignedAlloc: freed with alignedFree, never realloc'ed (as in IDF), and
    /// measured by their request, since v4.2 cannot size an aligned pointer.
    var aligned: Set<Int> = []

    func extent(_ pointer: Int, in heap: any HeapAllocator) -> Int {
        aligned.contains(pointer) ? blocks[pointer] ?? 0 : heap.allocatedSize(pointer)
    }

    /// Nil, or why `pointer` (of `size` bytes, aligned to `alignment`) is not a valid new block.
    func problem(with pointer: Int, size: Int, alignment: Int, offset: Int, in heap: any HeapAllocator) -> String? {
        if pointer < heap.regionStart || pointer + size > heap.regionEnd { return "block \(pointer) outside the region" }
        if (pointer + offset) % alignment != 0 { return "pointer + \(offset) not aligned to \(alignment)" }
        if extent(pointer, in: heap) < size { return "allocated size \(heap.allocatedSize(pointer)) < request \(size)" }
        let end = pointer + extent(pointer, in: heap)
        for (other, _) in blocks where other != pointer {
            let otherEnd = other + extent(other, in: heap)
            if pointer < otherEnd && other < end { return "block \(pointer)..<\(end) overlaps \(other)..<\(otherEnd)" }
        }
        return nil
    }
}

/// Random size: mostly small, sometimes medium, rarely large or larger than the heap (mimalloc-style).
func randomSize(_ rng: inout SeededGenerator, heapSize: Int) -> Int {
    switch Int.random(in: 0..<100, using: &rng) {
    case 0..<70: return Int.random(in: 1...256, using: &rng)
    case 70..<90: return Int.random(in: 257...4096, using: &rng)
    case 90..<98: return Int.random(in: 4097...max(4097, heapSize / 4), using: &rng)
    default: return Int.random(in: heapSize / 2...heapSize * 2, using: &rng)
    }
}

@Test("Seeded random traces keep every invariant", arguments: AllocatorUnderTest.all)
func randomTracesKeepInvariants(allocator: AllocatorUnderTest) throws {
    for seed: UInt64 in [1, 2, 3, 0xC0FFEE] {
        for regionSize in [6432, 22308, 113840] {
            let failure = runRandomTrace(allocator, seed: seed, regionSize: regionSize, operations: 3000)
            #expect(failure == nil, "\(allocator) seed \(seed) region \(regionSize): \(failure ?? "")")
            if failure != nil { return }
        }
    }
}

/// Runs one seeded trace with `check()` after every operation; the first problem, or nil.
func runRandomTrace(_ allocator: AllocatorUnderTest, seed: UInt64, regionSize: Int, operations: Int) -> String? {
    var rng = SeededGenerator(seed: seed)
    guard var heap = allocator.make(start: 0x3FFB_0000 + 0x6E0, size: regionSize) else { return "region rejected" }
    var live = LiveAllocations()
    var reallocatedToZero = false  // without poisoning, TLSF never credits those bytes back
    for step in 0..<operations {
        let roll = Int.random(in: 0..<100, using: &rng)
        let keys = live.blocks.keys.sorted()
        let plain = keys.filter { !live.aligned.contains($0) }
        var description = ""
        if roll < 45 || keys.isEmpty {
            let size = randomSize(&rng, heapSize: regionSize)
            let largest = heap.info().largestFreeBlock
            description = "malloc(\(size))"
            if let p = heap.malloc(size) {
                if let problem = live.problem(with: p, size: size, alignment: 4, offset: 0, in: heap) {
                    return "step \(step) \(description): \(problem)"
                }
                live.blocks[p] = size
            } else if size <= largest {  // every variant's report is a promise that this size fits
                return "step \(step) \(description) failed although largest_free_block was \(largest)"
            }
        } else if roll < 75 {
            let p = keys[Int.random(in: 0..<keys.count, using: &rng)]
            description = "free(\(p))"
            if live.aligned.remove(p) != nil { heap.alignedFree(p) } else { heap.free(p) }
            live.blocks[p] = nil
        } else if roll < 88 && !plain.isEmpty {
            let p = plain[Int.random(in: 0..<plain.count, using: &rng)]
            let size = Int.random(in: 0..<10, using: &rng) == 0 ? 0 : randomSize(&rng, heapSize: regionSize)
            description = "realloc(\(p), \(size))"
            let old = live.blocks[p]!
            if let q = heap.realloc(p, size) {
                live.blocks[p] = nil
                if let problem = live.problem(with: q, size: size, alignment: 4, offset: 0, in: heap) {
                    return "step \(step) \(description): \(problem)"
                }
                live.blocks[q] = size
            } else if size == 0 {
                live.blocks[p] = nil
                reallocatedToZero = true
            } else if heap.allocatedSize(p) < old {
                return "step \(step) \(description): failed realloc lost the original block"
            }
        } else {
            let alignment = [4, 8, 16, 32, 64, 128, 256, 1024][Int.random(in: 0..<8, using: &rng)]
            let offset = [0, 0, 8, 20][Int.random(in: 0..<4, using: &rng)]
            let size = Int.random(in: 1...2048, using: &rng)
            description = "aligned(\(size), \(alignment), +\(offset))"
            if let p = heap.alignedAlloc(size, alignment: alignment, offset: offset) {
                live.aligned.insert(p)
                live.blocks[p] = size
                if let problem = live.problem(with: p, size: size, alignment: alignment, offset: offset, in: heap) {
                    return "step \(step) \(description): \(problem)"
                }
                live.blocks[p] = size
            }
        }
        if let violation = heap.check() { return "step \(step) after \(description): \(violation)" }
        if !reallocatedToZero && heap.minimumFreeBytes > heap.freeBytes { return "step \(step): minimum above free" }
    }
    // Freeing everything gives every byte back.
    let fresh = allocator.make(start: 0x3FFB_0000 + 0x6E0, size: regionSize)!
    for p in live.blocks.keys.sorted() {
        if live.aligned.contains(p) { heap.alignedFree(p) } else { heap.free(p) }
    }
    let leaks = reallocatedToZero && allocator.poisoning == .disabled && allocator.variant != .legacyBestFit
    if !leaks && heap.freeBytes != fresh.freeBytes { return "after freeing all: free \(heap.freeBytes) ≠ fresh \(fresh.freeBytes)" }
    if heap.info().largestFreeBlock != fresh.info().largestFreeBlock { return "after freeing all: heap did not coalesce back" }
    return heap.check().map { "after freeing all: \($0)" }
}

@Test("The fast largest-free-block getter agrees with a full walk", arguments: AllocatorUnderTest.all)
func fastLargestFreeBlockAgreesWithInfo(allocator: AllocatorUnderTest) throws {
    var rng = SeededGenerator(seed: 77)
    var heap = try #require(allocator.make(start: 0x3FFB_0000, size: 22308))
    var live: [Int] = []
    for _ in 0..<2000 {
        if live.isEmpty || Int.random(in: 0..<3, using: &rng) > 0 {
            if let p = heap.malloc(randomSize(&rng, heapSize: 22308)) { live.append(p) }
        } else {
            heap.free(live.remove(at: Int.random(in: 0..<live.count, using: &rng)))
        }
        #expect(heap.largestFreeBlock == heap.info().largestFreeBlock)
        if heap.largestFreeBlock != heap.info().largestFreeBlock { return }
    }
}
