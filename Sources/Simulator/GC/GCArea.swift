/// One area of MicroPython's GC heap (`mp_state_mem_area_t`, py/gc.c `gc_setup_area` @ v1.24.0):
/// the allocation table (ATB, 2 bits per block), one gap byte, the finaliser table (FTB, 1 bit
/// per block) and the pool of 16-byte blocks placed at the **end** of the area.
/// docs/domain/micropython-heap.md §1.1–§1.2.
public struct GCArea: Sendable {
    /// `BYTES_PER_BLOCK`: 4 words on a 32-bit port (py/mpconfig.h).
    public static let bytesPerBlock = 16
    /// `BLOCKS_PER_ATB`: 2 bits per block.
    public static let blocksPerATB = 4
    /// `sizeof(mp_state_mem_area_t)` with split heap and finaliser, no weakref: 8 words.
    public static let structSize = 32
    /// `ALLOC_TABLE_GAP_BYTE` (since commit 9f434dd, v1.17).
    public static let gapByte = 1

    /// Block states of the ATB.
    public enum Kind: UInt8, Sendable { case free = 0, head = 1, tail = 2 }

    /// Where the area's bytes start (the ATB; for an added area, just after its struct).
    public let atbStart: Int
    /// `gc_alloc_table_byte_len` (A): the pool holds 4·A blocks.
    public let atbLength: Int
    public let poolStart: Int
    public let poolEnd: Int
    /// The IDF allocation this area lives in (`MP_PLAT_ALLOC_HEAP`), with its size; the
    /// initial area of `gc_init` is handed in by the port and owned by it.
    public let systemAllocation: Int
    public let systemSize: Int
    /// Whether the area struct sits in the region (`gc_add`) or in static state (`gc_init`).
    public let isAdded: Bool

    /// One entry per block.
    var kinds: [Kind]
    /// Per head block: the object was released by the program and is garbage at the next collection.
    var garbage: [Bool]
    /// `gc_last_free_atb_index`.
    var lastFreeATBIndex = 0
    /// `gc_last_used_block`.
    var lastUsedBlock = 0

    /// `gc_setup_area(area, start, end)` where `end` is already aligned down to 16:
    /// A = ⌊(T − 1)·8 / (8 + 4 + 512)⌋ with the finaliser on (ESP32/ESP8266 ports); with CircuitPython 10's
    /// selective-collect table, blocks = ⌊(T − 1)·8 / 132⌋ and A = ⌊blocks / 4⌋ = ⌊(T − 1)·8 / 528⌋.
    init(start: Int, end: Int, systemAllocation: Int, systemSize: Int, isAdded: Bool, layout: GCAreaLayout = .finaliser) {
        let total = max(end - start, 0)
        let bitsPerByte = 8
        atbLength = total > Self.gapByte ? (total - Self.gapByte) * bitsPerByte / layout.bitsPerATBByte : 0
        atbStart = start
        poolEnd = end
        poolStart = end - atbLength * Self.blocksPerATB * Self.bytesPerBlock
        self.systemAllocation = systemAllocation
        self.systemSize = systemSize
        self.isAdded = isAdded
        kinds = [Kind](repeating: .free, count: atbLength * Self.blocksPerATB)
        garbage = [Bool](repeating: false, count: atbLength * Self.blocksPerATB)
    }

    /// The area `gc_init(start, end)` sets up: end aligned down to a block, start as given.
    public static func initial(start: Int, size: Int, layout: GCAreaLayout = .finaliser) -> GCArea {
        let end = (start + size) & ~(bytesPerBlock - 1)
        return GCArea(start: start, end: end, systemAllocation: start, systemSize: size, isAdded: false, layout: layout)
    }

    /// The area `gc_add(start, end)` sets up: its struct at the start, end aligned down to a block.
    public static func added(start: Int, size: Int, layout: GCAreaLayout = .finaliser) -> GCArea {
        let end = (start + size) & ~(bytesPerBlock - 1)
        return GCArea(start: start + layout.structSize, end: end, systemAllocation: start, systemSize: size, isAdded: true, layout: layout)
    }

    /// Blocks in the pool (4·A).
    public var blockCount: Int { kinds.count }
    /// Pool bytes: what `gc.mem_free() + gc.mem_alloc()` count for this area.
    public var poolBytes: Int { poolEnd - poolStart }
    /// Bytes of the finaliser table, ⌈4·A / 8⌉.
    public var ftbLength: Int { (atbLength * Self.blocksPerATB + 7) / 8 }

    /// Address of a block.
    public func address(ofBlock block: Int) -> Int { poolStart + block * Self.bytesPerBlock }

    /// The block holding `address`, if it lies in this pool.
    public func block(at address: Int) -> Int? {
        guard address >= poolStart, address < poolEnd else { return nil }
        return (address - poolStart) / Self.bytesPerBlock
    }

    /// The longest run of free blocks, in bytes (what one allocation could get from this area).
    public var largestFreeRun: Int {
        var run = 0, best = 0
        for kind in kinds {
            run = kind == .free ? run + 1 : 0
            best = max(best, run)
        }
        return best * Self.bytesPerBlock
    }

    /// Free pool bytes.
    public var freeBytes: Int { poolBytes - usedBlocks * Self.bytesPerBlock }

    /// Blocks in use (heads and tails), kept as blocks change state.
    public internal(set) var usedBlocks = 0
}

/// A run of consecutive GC blocks in one state: objects (heads and tails) or free blocks.
public struct GCBlockRun: Hashable, Sendable, Codable {
    /// Address of the run's first block.
    public var start: Int
    /// Bytes of the run (blocks × 16).
    public var bytes: Int
    /// Objects (heads and tails of the ATB) or free blocks.
    public var used: Bool
}

extension GCArea {
    /// The pool as alternating runs of used and free blocks, in address order: what a heap map
    /// draws (single 16 B objects are below a pixel at any useful scale).
    public func blockRuns() -> [GCBlockRun] {
        var runs: [GCBlockRun] = []
        var block = 0
        while block < kinds.count {
            let used = kinds[block] != .free
            var end = block + 1
            while end < kinds.count && (kinds[end] != .free) == used { end += 1 }
            runs.append(GCBlockRun(start: address(ofBlock: block), bytes: (end - block) * Self.bytesPerBlock, used: used))
            block = end
        }
        return runs
    }
}
