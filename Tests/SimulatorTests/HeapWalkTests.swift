import Testing
@testable import Simulator

/// Where a heap's blocks must start and end, and how many bytes the region keeps outside them.
struct WalkBounds {
    var firstStart: Int
    var lastEnd: Int
    /// Bytes of the region outside every block: heap_t, control, first_block/last_block or the
    /// sentinel, and what alignment leaves over.
    var outside: Int
}

/// The layout `multi_heap_register` gives each allocator (docs/domain/esp-idf-heap.md §2.1, §2.4).
func walkBounds(_ heap: any HeapAllocator) -> WalkBounds? {
    switch heap {
    case let p as PoisonedHeap<TLSFHeap>: return walkBounds(p.base)
    case let p as PoisonedHeap<LegacyBestFitHeap>: return walkBounds(p.base)
    case let t as TLSFHeap:
        // tlsf_add_pool: pool_bytes = align_down(bytes − 2 block headers, 4); the first block's size
        // word is the pool's first word, the sentinel's size word follows the last block.
        let poolBytes = (t.regionSize - TLSFLayout.multiHeapHeaderSize - t.geometry.controlSize - TLSFLayout.poolOverhead) & ~3
        let first = t.regionStart + t.poolOffset
        let end = first + poolBytes + TLSFLayout.blockHeaderOverhead
        return WalkBounds(firstStart: first, lastEnd: end, outside: t.regionSize - (end - first))
    case let l as LegacyBestFitHeap:
        // heap_t (24 B, first_block inside it) at the aligned start; last_block (8 B) at the aligned end.
        return WalkBounds(firstStart: l.heapAddress + LegacyBestFitHeap.heapHeaderSize, lastEnd: l.lastBlock,
                          outside: l.regionSize - (l.lastBlock - l.heapAddress - LegacyBestFitHeap.heapHeaderSize))
    default:
        return nil
    }
}

/// Checks one walk against the heap's own figures; the first disagreement, or nil.
func walkProblem(_ heap: any HeapAllocator) -> String? {
    let blocks = heap.walk()
    guard let bounds = walkBounds(heap) else { return "no layout known for \(type(of: heap))" }
    guard let first = blocks.first, let last = blocks.last else { return "no blocks" }
    if first.start != bounds.firstStart { return "first block starts at \(first.start), not \(bounds.firstStart)" }
    if last.end != bounds.lastEnd { return "last block ends at \(last.end), not \(bounds.lastEnd)" }
    for (a, b) in zip(blocks, blocks.dropFirst()) where a.end != b.start {
        return "gap or overlap between \(a.address) (end \(a.end)) and \(b.address) (start \(b.start))"
    }
    let tiled = blocks.reduce(0) { $0 + $1.end - $1.start }
    if tiled + bounds.outside != heap.regionSize { return "blocks \(tiled) + outside \(bounds.outside) ≠ region \(heap.regionSize)" }
    let info = heap.info()
    let used = blocks.filter(\.used), free = blocks.filter { !$0.used }
    if used.count != info.allocatedBlocks || free.count != info.freeBlocks {
        return "walk has \(used.count) used / \(free.count) free, info() \(info.allocatedBlocks) / \(info.freeBlocks)"
    }
    switch heap {
    case let t as TLSFHeap:
        // free_bytes = the fresh figure less each used block and, where the release counts it, its header.
        let charge = t.variant.countsBlockHeader ? TLSFLayout.blockHeaderOverhead : 0
        let expected = t.regionSize - TLSFLayout.multiHeapHeaderSize - t.geometry.controlSize
            - used.reduce(0) { $0 + $1.size + charge }
        if expected != t.freeBytes { return "used blocks say free_bytes \(expected), the heap \(t.freeBytes)" }
        if (free.map(\.size).max() ?? 0) != t.largestFreeBlockRaw { return "largest free block disagrees" }
    case let l as LegacyBestFitHeap:
        if free.reduce(0, { $0 + $1.size }) != info.totalFreeBytes { return "free blocks ≠ totalFreeBytes" }
        if used.reduce(0, { $0 + $1.size }) != info.totalAllocatedBytes { return "used blocks ≠ totalAllocatedBytes" }
        if (free.map(\.size).max() ?? 0) != l.info().largestFreeBlock { return "largest free block disagrees" }
    default:
        break
    }
    return nil
}

@Test("The walk tiles the region and agrees with info() and free_bytes", arguments: AllocatorUnderTest.all)
func walkAgreesWithTheHeap(allocator: AllocatorUnderTest) throws {
    for (seed, size) in [(UInt64(5), 22308), (UInt64(6), 113840), (UInt64(7), 6432)] {
        var rng = SeededGenerator(seed: seed)
        var heap = try #require(allocator.make(start: 0x3FFE_4350, size: size))
        #expect(walkProblem(heap) == nil, "fresh heap")
        var live: [Int] = []
        var aligned: Set<Int> = []
        for step in 0..<600 {
            let roll = rng.below(10)
            if roll < 5 || live.isEmpty {
                if let p = heap.malloc(randomSize(&rng, heapSize: size)) { live.append(p) }
            } else if roll < 6 {
                if let p = heap.alignedAlloc(1 + rng.below(600), alignment: 64, offset: 0) {
                    live.append(p)
                    aligned.insert(p)
                }
            } else {
                let p = live.remove(at: rng.below(live.count))
                if aligned.remove(p) != nil { heap.alignedFree(p) } else { heap.free(p) }
            }
            if step % 25 == 0, let problem = walkProblem(heap) {
                Issue.record("\(allocator) seed \(seed) size \(size) step \(step): \(problem)")
                return
            }
        }
        // Every pointer handed out lies in a used block of the walk (poisoning: 8 B into it).
        let used = heap.walk().filter(\.used)
        for p in live {
            #expect(used.contains { $0.start < p && p < $0.end }, "pointer \(p) in no used block")
        }
    }
}

@Test func walkOfATLSFHeapListsItsBlocksInOrder() throws {
    var heap = try #require(TLSFHeap(variant: .sizeClassRounding, start: 0x3FFE_4350, size: 22308))
    let pa = heap.malloc(100), pb = heap.malloc(1000)
    let a = try #require(pa), b = try #require(pb)
    heap.free(a)
    let blocks = heap.walk()
    // The freed block, b, and the rest of the pool, in address order.
    #expect(blocks.map(\.used) == [false, true, false])
    #expect(blocks[1].address == b)
    #expect(blocks[0].address == a && blocks[0].size == heap.allocatedSizeOfFreed(a, next: b))
}

extension TLSFHeap {
    /// The data bytes between a freed block's pointer and the next block's header.
    func allocatedSizeOfFreed(_ pointer: Int, next: Int) -> Int { next - TLSFLayout.blockHeaderOverhead - pointer }
}

@Test func gcBlockRunsCoverThePoolAndAlternate() {
    var gc = GCHeap(initialArea: 0x3FFC_0000, size: 8192, growth: .none)
    var platform = NoGrowthPlatform()
    guard case .success(let a) = gc.alloc(100, platform: &platform), case .success = gc.alloc(40, platform: &platform),
          case .success = gc.alloc(16, platform: &platform) else {
        Issue.record("allocations failed")
        return
    }
    gc.free(a)
    let area = gc.areas[0]
    let runs = area.blockRuns()
    // 100 B is 7 blocks, freed; then 3 + 1 blocks in use; then the rest free.
    #expect(runs.map(\.used) == [false, true, false])
    #expect(runs.map(\.bytes) == [112, 64, area.poolBytes - 176])
    #expect(runs.first?.start == area.poolStart)
    #expect(runs.reduce(0) { $0 + $1.bytes } == area.poolBytes)
}

/// A platform for a GC heap that never grows.
struct NoGrowthPlatform: GCPlatform {
    mutating func allocateArea(_ size: Int) -> Int? { nil }
    mutating func freeArea(_ address: Int) {}
    func maxNewSplit() -> Int { 0 }
}

@Test func theSDKBudgetHeapWalksPackedInPointerOrder() throws {
    var heap = SDKByteBudgetHeap(start: 0x3FFF_7000, size: 20480)
    let pa = heap.malloc(10), pb = heap.malloc(100), pc = heap.malloc(7)
    let a = try #require(pa), b = try #require(pb), c = try #require(pc)
    heap.free(b)
    let blocks = heap.walk()
    // No placement is modelled: live blocks (12 B and 8 B, rounded to words) packed from the start
    // in pointer order, then the free bytes as one block.
    #expect(blocks.map(\.used) == [true, true, false])
    #expect(blocks.map(\.size) == [12, 8, 20480 - 20])
    #expect(blocks.first?.start == heap.regionStart && blocks.last?.end == heap.regionEnd)
    #expect(heap.liveBlocks.map(\.pointer) == [a, c].sorted())
    #expect(heap.info().allocatedBlocks == 2 && blocks.last?.size == heap.freeBytes)
}
