import Model

/// Every heap of a simulated device at one moment of a replay, block by block: the registered
/// IDF heaps (each block with who holds it) and the Python GC heap's areas. Taken by
/// `Replayer.replay(_:snapshotAt:)`; drawn by `heapfit map`.
public struct HeapSnapshot: Hashable, Sendable {
    /// Workload events applied when the snapshot was taken (0: before the first; a failing
    /// allocation's own index: right after it failed).
    public var event: Int
    /// Index into `Timeline.steps` of that event's step; nil before the first event.
    public var step: Int?
    /// Every registered heap, in `registered_heaps` order.
    public var heaps: [Region]
    /// The Python heap's areas, in list order (the initial area first).
    public var gcAreas: [GCAreaLayout]

    /// One `heap_t`: its range, caps, and every block of its pool.
    public struct Region: Hashable, Sendable {
        public var start: Int
        public var end: Int
        /// The memory type's name as `heap_init` prints it (DRAM, D/IRAM, IRAM, SPIRAM, runtime).
        public var typeName: String
        /// `get_all_caps`: the union of the heap's three cap words.
        public var caps: MemoryCaps
        public var blocks: [OwnedBlock]
        /// `heap->free_bytes` and `largest_free_block` as the release reports them.
        public var freeBytes: Int
        public var largestFreeBlock: Int
    }

    /// A block and, when used, the allocation it holds (`wifi-sta/static_rx_buf`,
    /// `Python GC heap area`); nil for a free block or one nobody in the workload asked for
    /// (the `heap_t` array, an IRAM-alias EXEC block).
    public struct OwnedBlock: Hashable, Sendable {
        public var block: HeapBlock
        public var owner: String?
    }

    /// One GC area: the IDF allocation it lives in, where its tables end and its pool begins,
    /// and the pool as used / free runs.
    public struct GCAreaLayout: Hashable, Sendable {
        public var systemAllocation: Int
        public var systemSize: Int
        public var poolStart: Int
        public var poolEnd: Int
        public var runs: [GCBlockRun]
        public var largestFreeRun: Int
    }
}

extension IDFSystem {
    /// The registered heaps walked, each used block matched with the owner whose pointer lies in it
    /// (a poisoned or aligned block's pointer is inside the raw block, not at its start). A pointer
    /// belongs to the heap `heap_caps_free` would give it back to: a heap registered inside another
    /// heap's block (the internal DMA reserve pool) keeps its own blocks' owners.
    func snapshotRegions() -> [HeapSnapshot.Region] {
        var pointersByHeap: [Int: [Int]] = [:]
        for p in owners.keys {
            if let i = caps.heapIndex(containing: p) { pointersByHeap[i, default: []].append(p) }
        }
        return caps.heaps.indices.compactMap { i -> HeapSnapshot.Region? in
            let h = caps.heaps[i]
            guard let heap = h.heap else { return nil }
            let pointers = (pointersByHeap[i] ?? []).sorted()
            if let budget = heap as? SDKByteBudgetHeap {
                // Packed blocks: the k-th used block is the k-th live pointer (SDKByteBudgetHeap.walk).
                let live = budget.liveBlocks
                let blocks = budget.walk().enumerated().map { k, b in
                    HeapSnapshot.OwnedBlock(block: b, owner: b.used && k < live.count ? owners[live[k].pointer]?.owner : nil)
                }
                return HeapSnapshot.Region(start: h.start, end: h.end, typeName: h.typeName, caps: h.allCaps, blocks: blocks,
                                           freeBytes: heap.freeBytes, largestFreeBlock: heap.largestFreeBlock)
            }
            let blocks = heap.walk().map { b -> HeapSnapshot.OwnedBlock in
                guard b.used else { return HeapSnapshot.OwnedBlock(block: b, owner: nil) }
                let i = Self.firstIndex(in: pointers, notBelow: b.start)
                let owner = i < pointers.count && pointers[i] < b.end ? owners[pointers[i]]?.owner : nil
                return HeapSnapshot.OwnedBlock(block: b, owner: owner)
            }
            return HeapSnapshot.Region(start: h.start, end: h.end, typeName: h.typeName, caps: h.allCaps, blocks: blocks,
                                       freeBytes: heap.freeBytes, largestFreeBlock: heap.largestFreeBlock)
        }
    }

    /// Binary search: the first index of `sorted` whose value is ≥ `value`.
    static func firstIndex(in sorted: [Int], notBelow value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension GCHeap {
    /// Each area's layout and block runs.
    func snapshotAreas() -> [HeapSnapshot.GCAreaLayout] {
        areas.map {
            HeapSnapshot.GCAreaLayout(systemAllocation: $0.systemAllocation, systemSize: $0.systemSize, poolStart: $0.poolStart,
                                      poolEnd: $0.poolEnd, runs: $0.blockRuns(), largestFreeRun: $0.largestFreeRun)
        }
    }
}
