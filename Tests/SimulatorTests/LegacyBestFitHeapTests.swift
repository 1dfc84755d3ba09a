import Testing
@testable import Simulator

// Expected numbers come from reading components/heap/multi_heap.c @ v4.2.5 (blob f51f807):
// heap_t 24 B, heap_block_t 8 B, header 4 B, first real block at heap + 24 (pointer heap + 28),
// last_block at aligned end − 8, free_bytes = size − 36, split if data ≥ size + 8.

extension LegacyBestFitHeap {
    // #require cannot wrap a mutating call; these unwrap the result the same way.
    mutating func mustMalloc(_ size: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let p = malloc(size)
        return try #require(p, "malloc(\(size)) failed", sourceLocation: sourceLocation)
    }

    mutating func mustRealloc(_ pointer: Int?, _ size: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let p = realloc(pointer, size)
        return try #require(p, "realloc(\(size)) failed", sourceLocation: sourceLocation)
    }

    mutating func mustAlignedAlloc(_ size: Int, alignment: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let p = alignedAlloc(size, alignment: alignment)
        return try #require(p, "alignedAlloc(\(size), \(alignment)) failed", sourceLocation: sourceLocation)
    }
}

/// An ESP32 DRAM address, so offsets read like a boot log.
private let legacyBase = 0x3FFB_0000

/// A 4096-byte heap: one free block at legacyBase + 24 with data 4096 − 36 = 4060, last_block at legacyBase + 4088.
private func smallHeap() throws -> LegacyBestFitHeap {
    try #require(LegacyBestFitHeap(start: legacyBase, size: 4096))
}

@Suite("LegacyBestFitHeap (IDF ≤ v4.2 multi_heap)")
struct LegacyBestFitHeapTests {
    @Test func registerVerifiedVector() throws {
        // §2.3/§2.4 vector: 165536 − 24 (heap_t) − 4 (first block header) − 8 (last_block) = 165500.
        var heap = try #require(LegacyBestFitHeap(start: 0x3FFC_0000, size: 165_536))
        #expect(heap.freeBytes == 165_500)
        #expect(heap.minimumFreeBytes == 165_500)
        #expect(heap.info() == HeapInfo(totalFreeBytes: 165_500, totalAllocatedBytes: 0, largestFreeBlock: 165_500,
                                        minimumFreeBytes: 165_500, allocatedBlocks: 0, freeBlocks: 1, totalBlocks: 1))
        #expect(heap.check() == nil)
        // malloc(1): ALIGN_UP → 4; the block at heap + 24 is split: 4 data + a new 4-byte header.
        #expect(heap.malloc(1) == 0x3FFC_0000 + 28)
        #expect(heap.freeBytes == 165_492)
        #expect(heap.info().totalBlocks == 2)
    }

    @Test func registerRejectsTooSmallRegions() throws {
        // size < sizeof(heap_t) + 2 * sizeof(heap_block_t) = 40 → NULL.
        #expect(LegacyBestFitHeap(start: legacyBase, size: 39) == nil)
        var tiny = try #require(LegacyBestFitHeap(start: legacyBase, size: 40))
        #expect(tiny.freeBytes == 4)  // 40 − 36
        #expect(tiny.malloc(4) == legacyBase + 28)
        #expect(tiny.freeBytes == 0)
        #expect(tiny.malloc(1) == nil)
        #expect(tiny.check() == nil)
        // Unaligned start: start aligns up to legacyBase + 4, end = (legacyBase + 1 + 43) & ~3 = legacyBase + 44 → 40 B.
        let shifted = try #require(LegacyBestFitHeap(start: legacyBase + 1, size: 43))
        #expect(shifted.heapAddress == legacyBase + 4)
        #expect(shifted.freeBytes == 4)
        // One byte less: end = legacyBase + 40 → 36 B → NULL.
        #expect(LegacyBestFitHeap(start: legacyBase + 1, size: 42) == nil)
        // end < start after alignment → NULL.
        #expect(LegacyBestFitHeap(start: legacyBase + 1, size: 1) == nil)
        // heap_t at address 0 is the NULL handle.
        #expect(LegacyBestFitHeap(start: 0, size: 4096) == nil)
    }

    @Test func bestFitPicksTheSmallestHoleThatFits() throws {
        var heap = try smallHeap()
        // Holes of 40, 16 and 24 data bytes, each followed by a 4-byte guard block.
        let a0 = try heap.mustMalloc(40)  // block legacyBase+24, next legacyBase+68
        _ = heap.malloc(4)                       // legacyBase+68 .. legacyBase+76
        let a1 = try heap.mustMalloc(16)  // block legacyBase+76, next legacyBase+96
        _ = heap.malloc(4)                       // legacyBase+96 .. legacyBase+104
        let a2 = try heap.mustMalloc(24)  // block legacyBase+104, next legacyBase+132
        _ = heap.malloc(4)                       // legacyBase+132 .. legacyBase+140; tail free block legacyBase+140, data 3944
        #expect([a0, a1, a2] == [legacyBase + 28, legacyBase + 80, legacyBase + 108])
        #expect(heap.freeBytes == 3944)
        heap.free(a0); heap.free(a1); heap.free(a2)
        #expect(heap.freeBytes == 3944 + 40 + 16 + 24)
        #expect(heap.info().freeBlocks == 4)

        // 20: candidates 40, 24, 3944 → 24 (first fit would take the 40 hole at legacyBase + 28).
        // 24 < 20 + 8, so no split: the whole 24 is handed out.
        #expect(heap.malloc(20) == legacyBase + 108)
        #expect(heap.allocatedSize(legacyBase + 108) == 24)
        #expect(heap.freeBytes == 4024 - 24)
        // 16: the exact fit at legacyBase + 76 (scan stops there; the 40 hole is lower but larger).
        #expect(heap.malloc(16) == legacyBase + 80)
        #expect(heap.allocatedSize(legacyBase + 80) == 16)
        // 8: only the 40 hole and the tail remain → 40 hole, split: new free block at legacyBase+36, data 28.
        #expect(heap.malloc(8) == legacyBase + 28)
        #expect(heap.info() == HeapInfo(totalFreeBytes: 28 + 3944, totalAllocatedBytes: 8 + 4 + 16 + 4 + 24 + 4,
                                        largestFreeBlock: 3944, minimumFreeBytes: 3944,
                                        allocatedBlocks: 6, freeBlocks: 2, totalBlocks: 8))
        #expect(heap.check() == nil)
    }

    @Test func bestFitTieGoesToTheLowerAddress() throws {
        var heap = try smallHeap()
        let h1 = try heap.mustMalloc(24)  // block legacyBase+24 .. legacyBase+52
        _ = heap.malloc(4)                 // guard legacyBase+52 .. legacyBase+60
        let h2 = try heap.mustMalloc(24)  // block legacyBase+60 .. legacyBase+88
        _ = heap.malloc(4)                 // guard legacyBase+88 .. legacyBase+96
        heap.free(h2); heap.free(h1)
        // Two 24-byte holes, neither an exact fit for 8: `bs < best_size` keeps the first one.
        #expect(heap.malloc(8) == legacyBase + 28)
        #expect(heap.check() == nil)
    }

    @Test func reallocIntoTheNextBlockIgnoresItsHeader() throws {
        // multi_heap_realloc_impl merges the next free block only if
        // data + next data + prev_grow_size ≥ size, though the merge also gains next's 4-byte header.
        // Not the first block: prev_grow_size = 0, so 16 + 16 < 36 and the block moves.
        var heap = try smallHeap()
        _ = heap.malloc(4)                 // legacyBase+24 .. legacyBase+32
        let x = try heap.mustMalloc(16)   // block legacyBase+32 .. legacyBase+52
        let y = try heap.mustMalloc(16)   // block legacyBase+52 .. legacyBase+72
        _ = heap.malloc(4)                 // guard legacyBase+72 .. legacyBase+80; tail at legacyBase+80
        heap.free(y)
        #expect(heap.realloc(x, 36) == legacyBase + 84)
        #expect(heap.info().largestFreeBlock == 4004 - 40)  // the old pair merged into 36 B; tail shrank
        #expect(heap.check() == nil)

        // The first block: first_block yields prev_grow_size = 4 (never merged), so 16 + 16 + 4 ≥ 36
        // and the merge gives exactly 36 in place.
        var first = try smallHeap()
        let a = try first.mustMalloc(16)  // block legacyBase+24 .. legacyBase+44
        let b = try first.mustMalloc(16)  // block legacyBase+44 .. legacyBase+64
        _ = first.malloc(4)                // guard legacyBase+64 .. legacyBase+72
        first.free(b)
        #expect(first.realloc(a, 36) == a)
        #expect(first.allocatedSize(a) == 36)
        #expect(first.check() == nil)
    }

    @Test func freeMergesWithPreviousAndNext() throws {
        var heap = try smallHeap()
        // Four 16-byte blocks at legacyBase+24, +44, +64, +84; tail free at legacyBase+104 with data 3980.
        var p: [Int] = []
        for _ in 0..<4 { p.append(try heap.mustMalloc(16)) }
        #expect(p == [legacyBase + 28, legacyBase + 48, legacyBase + 68, legacyBase + 88])
        #expect(heap.freeBytes == 3980)

        heap.free(p[1])  // neighbours in use: no merge
        #expect(heap.freeBytes == 3996)
        #expect(heap.info().freeBlocks == 2)
        heap.free(p[2])  // merges into the previous free block: +16 data +4 header
        #expect(heap.freeBytes == 4016)
        #expect(heap.info().largestFreeBlock == 3980)
        #expect(heap.info().freeBlocks == 2)
        heap.free(p[0])  // first real block: first_block never merges; merges with the next (36)
        #expect(heap.freeBytes == 4036)
        #expect(heap.info().freeBlocks == 2)
        #expect(heap.check() == nil)
        heap.free(p[3])  // merges with both neighbours: back to one block of 4060
        #expect(heap.info() == HeapInfo(totalFreeBytes: 4060, totalAllocatedBytes: 0, largestFreeBlock: 4060,
                                        minimumFreeBytes: 3980, allocatedBlocks: 0, freeBlocks: 1, totalBlocks: 1))
        #expect(heap.check() == nil)
    }

    @Test func splitGivesSurplusToAFreeNeighbourWithoutAHeader() throws {
        var heap = try smallHeap()
        let a = try heap.mustMalloc(64)  // block legacyBase+24, tail free at legacyBase+92, data 3992
        #expect(heap.freeBytes == 3992)
        // Shrink to 20: the free tail grows down to legacyBase+48 (no new header): +44, not +40.
        #expect(heap.realloc(a, 20) == a)
        #expect(heap.freeBytes == 4036)
        #expect(heap.allocatedSize(a) == 20)
        // A 4-byte surplus (too small for a block of its own) is still given to the free neighbour.
        #expect(heap.realloc(a, 16) == a)
        #expect(heap.freeBytes == 4040)
        #expect(heap.info().totalBlocks == 2)
        #expect(heap.check() == nil)
    }

    @Test func splitNeedsEightSpareBytesBeforeAUsedBlock() throws {
        var heap = try smallHeap()
        let x = try heap.mustMalloc(24)  // block legacyBase+24 .. legacyBase+52
        _ = heap.malloc(4)                      // guard legacyBase+52 .. legacyBase+60
        let free0 = heap.freeBytes              // 4060 − 28 − 8 = 4024
        #expect(free0 == 4024)
        // 24 < 20 + 8: no split.
        #expect(heap.realloc(x, 20) == x)
        #expect(heap.allocatedSize(x) == 24)
        #expect(heap.freeBytes == free0)
        // 24 ≥ 16 + 8: a free block at legacyBase+44 with data 4.
        #expect(heap.realloc(x, 16) == x)
        #expect(heap.allocatedSize(x) == 16)
        #expect(heap.freeBytes == free0 + 4)
        #expect(heap.info().freeBlocks == 2)
        // malloc(4) takes that 4-byte hole (exact fit), not the large tail above the guard.
        #expect(heap.malloc(4) == legacyBase + 48)
        #expect(heap.check() == nil)
    }

    @Test func reallocGrowsInPlaceOrMoves() throws {
        var heap = try smallHeap()
        // Grow into the free next block. first_block counts as a 4-byte "previous" (prev_grow_size
        // = 4) but is never merged. The transient free_bytes of 0 is not a low-water mark.
        let a = try heap.mustMalloc(16)  // tail free at legacyBase+44, data 4040
        #expect(heap.realloc(a, 100) == a)
        #expect(heap.freeBytes == 3956)        // new tail at legacyBase+128: 4088 − 128 − 4
        #expect(heap.minimumFreeBytes == 3956)
        #expect(heap.check() == nil)

        // Grow into the previous free block: the data moves down to it.
        var h2 = try smallHeap()
        let p = try h2.mustMalloc(16)   // legacyBase+24
        let q = try h2.mustMalloc(16)   // legacyBase+44
        _ = h2.malloc(4)                        // legacyBase+64 guard; tail at legacyBase+72
        h2.free(p)
        #expect(h2.freeBytes == 4028)
        // 16 + 16 ≥ 32 → merged block legacyBase+24 .. legacyBase+64, data 36; 36 < 32 + 8, no split.
        #expect(h2.realloc(q, 32) == legacyBase + 28)
        #expect(h2.allocatedSize(legacyBase + 28) == 36)
        #expect(h2.freeBytes == 4012)
        #expect(h2.check() == nil)

        // No room next to it: malloc elsewhere first, then free the old block.
        let moved = try h2.mustRealloc(legacyBase + 28, 64)
        #expect(moved == legacyBase + 76)             // tail block at legacyBase+72
        #expect(h2.freeBytes == 4012 - 68 + 36)
        #expect(h2.minimumFreeBytes == 4012 - 68)  // counted before the old block is freed
        // realloc(nil, n) mallocs; realloc(p, 0) frees and returns nil (multi_heap_realloc_impl does both).
        let r = try h2.mustRealloc(nil, 8)
        #expect(r == legacyBase + 28)
        #expect(h2.realloc(r, 0) == nil)
        #expect(h2.allocatedSize(r) == 0)
        // Growing beyond free_bytes fails early and leaves the block alone.
        #expect(h2.realloc(moved, 5000) == nil)
        #expect(h2.allocatedSize(moved) == 64)
        #expect(h2.check() == nil)
    }

    @Test func alignedAllocStoresTheOffsetBeforeThePointer() throws {
        var heap = try smallHeap()
        // malloc(10 + 4 + 63) → 80 at legacyBase+28; first 64-aligned address ≥ legacyBase+32 is legacyBase+64.
        let p = try heap.mustAlignedAlloc(10, alignment: 64)
        #expect(p == legacyBase + 64)
        #expect(heap.word(p - 4) == 36)
        #expect(heap.allocatedSize(legacyBase + 28) == 80)
        #expect(heap.freeBytes == 4060 - 84)
        // Plain free of an aligned pointer is what the real heap aborts on: nothing changes.
        heap.free(p)
        #expect(heap.lastAbort?.message == "free: not an allocated block (the real heap aborts)")
        #expect(heap.freeBytes == 4060 - 84)
        heap.alignedFree(p)
        #expect(heap.freeBytes == 4060)
        // Rejections: size 0, alignment 0 or not a power of two, any offset (v4.2 has no _offs).
        #expect(heap.alignedAlloc(0, alignment: 8) == nil)
        #expect(heap.alignedAlloc(8, alignment: 0) == nil)
        #expect(heap.alignedAlloc(8, alignment: 24) == nil)
        #expect(heap.alignedAlloc(8, alignment: 8, offset: 4) == nil)
        #expect(heap.check() == nil)
    }

    @Test func checkReportsACorruptFreeList() throws {
        var heap = try smallHeap()
        let a = try heap.mustMalloc(16)
        _ = heap.malloc(16)
        heap.free(a)
        #expect(heap.check() == nil)
        // Mark the free block at legacyBase+24 as used while it stays on the free list.
        heap.setWord(legacyBase + 24, heap.word(legacyBase + 24) & ~1)
        #expect(heap.check() == InvariantViolation(address: legacyBase + 24, "free list points to a block in use"))
    }

    @Test func doubleFreeIsRecordedAndIgnored() throws {
        var heap = try smallHeap()
        let a = try heap.mustMalloc(16)
        heap.free(a)
        heap.free(a)
        #expect(heap.lastAbort == InvariantViolation(address: a, "free: not an allocated block (the real heap aborts)"))
        #expect(heap.freeBytes == 4060)
        #expect(heap.check() == nil)
    }
}

@Suite("LegacyBestFitHeap random traces")
struct LegacyBestFitHeapTraceTests {
    private struct Live {
        var pointer: Int
        var requested: Int
        var aligned: Bool
    }

    /// Mostly small requests, some medium, a few large ones (mimalloc's stress mix).
    private static func drawSize(_ rng: inout SeededGenerator) -> Int {
        switch rng.below(100) {
        case 0..<70: return 1 + rng.below(128)
        case 70..<95: return 1 + rng.below(1024)
        default: return 1 + rng.below(12_000)
        }
    }

    @Test(arguments: [0x1234_5678_9ABC_DEF0 as UInt64, 0xDEAD_BEEF])
    func randomTraceKeepsEveryInvariant(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var heap = try #require(LegacyBestFitHeap(start: 0x3FFB_0000 + 4 * rng.below(16), size: 48_000 + rng.below(64)))
        let regionBytes = heap.lastBlock + LegacyBestFitHeap.blockStructSize - heap.heapAddress
        var live: [Live] = []
        var failures = 0

        for step in 0..<20_000 {
            let where_ = "seed 0x\(String(seed, radix: 16)) step \(step)"
            let op = rng.below(100)
            if op < 35 || live.isEmpty {
                let size = Self.drawSize(&rng)
                let want = (size + 3) & ~3
                if let p = heap.malloc(size) {
                    // Split rule: the block holds the request, and less than 8 spare bytes.
                    let got = heap.allocatedSize(p)
                    #expect(got >= want && got < want + 8, "\(where_): malloc(\(size)) got \(got)")
                    live.append(Live(pointer: p, requested: size, aligned: false))
                } else {
                    // A failed malloc changes nothing, so the heap still shows why it failed.
                    failures += 1
                    let largest = heap.info().largestFreeBlock
                    #expect(largest < want, "\(where_): malloc(\(size)) failed with a \(largest) B block")
                }
            } else if op < 65 {
                let victim = live.remove(at: rng.below(live.count))
                if victim.aligned { heap.alignedFree(victim.pointer) } else { heap.free(victim.pointer) }
            } else if op < 85 {
                let index = rng.below(live.count)
                guard !live[index].aligned else { continue }
                let size = rng.below(20) == 0 ? 0 : Self.drawSize(&rng)
                let old = live[index]
                let want = (size + 3) & ~3
                if let p = heap.realloc(old.pointer, size) {
                    let got = heap.allocatedSize(p)
                    #expect(got >= want && got < want + 8, "\(where_): realloc to \(size) got \(got)")
                    live[index] = Live(pointer: p, requested: size, aligned: false)
                } else if size == 0 {
                    live.remove(at: index)
                } else {
                    failures += 1
                    #expect(heap.allocatedSize(old.pointer) >= (old.requested + 3) & ~3,
                            "\(where_): failed realloc lost its block")
                }
            } else {
                let size = Self.drawSize(&rng)
                let alignment = 1 << (rng.below(7))  // 1 … 64
                if let p = heap.alignedAlloc(size, alignment: alignment) {
                    #expect(p % alignment == 0, "\(where_): \(p) not \(alignment)-aligned")
                    let head = p - heap.word(p - 4)
                    #expect(heap.allocatedSize(head) >= p - head + size, "\(where_): aligned block too small")
                    live.append(Live(pointer: p, requested: size, aligned: true))
                } else {
                    failures += 1
                }
            }

            if let violation = heap.check() {
                Issue.record("\(where_): \(violation)")
                return
            }
            // Byte conservation: heap_t + last_block + one header per block + data = region.
            let info = heap.info()
            let accounted = LegacyBestFitHeap.heapHeaderSize + LegacyBestFitHeap.blockStructSize
                + LegacyBestFitHeap.blockHeaderSize * info.totalBlocks
                + info.totalAllocatedBytes + info.totalFreeBytes
            let heads = live.map { $0.aligned ? $0.pointer - heap.word($0.pointer - 4) : $0.pointer }
            let liveBytes = heads.reduce(0) { $0 + heap.allocatedSize($1) }
            guard accounted == regionBytes, info.totalFreeBytes == heap.freeBytes,
                  info.allocatedBlocks == live.count, info.totalAllocatedBytes == liveBytes
            else {
                Issue.record("\(where_): accounting \(accounted) vs \(regionBytes), \(info) vs \(live.count) live / \(liveBytes) B")
                return
            }
            if step % 500 == 0 {
                // Live blocks never overlap: [head − 4, head + size) are disjoint.
                let spans = heads.map { ($0 - 4, $0 + heap.allocatedSize($0)) }.sorted { $0.0 < $1.0 }
                for (a, b) in zip(spans, spans.dropFirst()) where a.1 > b.0 {
                    Issue.record("\(where_): blocks \(a) and \(b) overlap")
                    return
                }
            }
        }
        #expect(heap.lastAbort == nil)
        // The trace must exercise exhaustion too, or the failure paths above go untested.
        #expect(failures > 0, "seed \(seed): no allocation ever failed")
    }
}
