import Model

/// The ESP-IDF side of a simulated device: the `heap_caps` heaps plus who owns each block,
/// and the hooks the Python GC grows through (`MP_PLAT_ALLOC_HEAP`, `gc_get_max_new_split`).
public struct IDFSystem: GCPlatform, Sendable {
    /// How the firmware's GC asks the IDF for memory.
    public enum GCHooks: Sendable, Hashable {
        /// MicroPython (ports/esp32): `malloc()` and `heap_caps_get_largest_free_block(MALLOC_CAP_DEFAULT)`.
        case micropython
        /// CircuitPython 9+ (micropython-heap.md §6): `heap_caps_malloc(size, 8BIT|SPIRAM)`, then `8BIT`;
        /// `heap_caps_get_largest_free_block(MALLOC_CAP_8BIT)`.
        case circuitpython
    }

    public var caps: HeapCaps
    public var hooks: GCHooks
    /// Address → who holds it (`wifi-sta/static_rx_buf`, `GC area 2`, `boot: mp_task stack`).
    public internal(set) var owners: [Int: Holding] = [:]

    /// One live IDF allocation: who asked, and how many bytes.
    public struct Holding: Hashable, Sendable, Codable {
        public var owner: String
        public var bytes: Int
    }

    public init(caps: HeapCaps, hooks: GCHooks) {
        self.caps = caps
        self.hooks = hooks
    }

    /// Allocates for `owner` as `target` says; nil where the real call returns NULL.
    public mutating func allocate(_ size: Int, target: AllocationTarget, owner: String) -> Int? {
        let p: Int?
        switch target {
        case .malloc: p = caps.mallocDefault(size)
        case .caps(let c): p = caps.malloc(size, caps: c)
        case .gc: return nil  // GC-heap allocations are the GC's business
        }
        if let p { owners[p] = Holding(owner: owner, bytes: size) }
        return p
    }

    public mutating func free(_ address: Int) {
        caps.free(address)
        owners[address] = nil
    }

    // MARK: GCPlatform

    public mutating func allocateArea(_ size: Int) -> Int? {
        let p: Int?
        switch hooks {
        case .micropython: p = caps.mallocDefault(size)
        case .circuitpython: p = caps.malloc(size, caps: [.bits8, .spiram]) ?? caps.malloc(size, caps: .bits8)
        }
        if let p { owners[p] = Holding(owner: "Python GC heap area", bytes: size) }
        return p
    }

    public mutating func freeArea(_ address: Int) { free(address) }

    public func maxNewSplit() -> Int {
        switch hooks {
        case .micropython: caps.largestFreeBlock(caps: .default)
        case .circuitpython: caps.largestFreeBlock(caps: .bits8)
        }
    }

    /// What holds memory in heap `index`, largest holders first (by owner, summed).
    public func holders(inHeap index: Int) -> [Holding] {
        let heap = caps.heaps[index]
        var sums: [String: Int] = [:]
        for (address, holding) in owners where address >= heap.start && address < heap.end {
            sums[holding.owner, default: 0] += holding.bytes
        }
        return sums.map { Holding(owner: $0.key, bytes: $0.value) }
            .sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.owner < $1.owner }
    }
}
