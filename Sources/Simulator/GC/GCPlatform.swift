/// What the GC asks of the system it runs on when it grows or shrinks
/// (`MP_PLAT_ALLOC_HEAP`, `MP_PLAT_FREE_HEAP`, `gc_get_max_new_split`).
public protocol GCPlatform {
    /// `MP_PLAT_ALLOC_HEAP(size)`: a new area from the system heap, or nil.
    mutating func allocateArea(_ size: Int) -> Int?
    /// `MP_PLAT_FREE_HEAP(area)`.
    mutating func freeArea(_ address: Int)
    /// `gc_get_max_new_split()`: how big a new area could be.
    func maxNewSplit() -> Int
}

/// How the GC sizes a new area when an allocation fails after a collection
/// (`gc_try_add_heap`, docs/domain/micropython-heap.md §1.4).
public enum GCGrowthPolicy: String, Sendable, Hashable, Codable {
    /// No split heap (MicroPython ≤ 1.20, the ESP8266 port, Pycom): a failed allocation fails.
    case none
    /// MicroPython 1.21.0: total = Σ(pool_end − atb_start) + Σ(1 + 32), not rounded.
    case v1_21
    /// MicroPython 1.22.0+ (97b1313): total from the block count, rounded up to 16.
    case v1_22
    /// CircuitPython 10.0+ (c340596580, py/gc.c `compute_heap_size` @ 10.0.0): `needed` and the total are both the
    /// size of an area holding that many blocks with the ATB, FTB and selective-collect table, a 36 B struct and one
    /// spare block, rounded up to 16; `needed` counts the failed allocation's blocks instead of adding 13/512.
    case circuitPython10
}

/// The tables a GC area carries besides the ATB and its gap byte (py/gc.c `gc_setup_area`).
public enum GCAreaLayout: String, Sendable, Hashable, Codable {
    /// The finaliser table (FTB, 1 bit per block): MicroPython's ESP32 and ESP8266 ports, CircuitPython ≤ 9.
    case finaliser
    /// The finaliser and the selective-collect table (CTB, 1 bit per block): CircuitPython 10.0+
    /// (py/circuitpy_mpconfig.h @ 10.0.0 L66 MICROPY_ENABLE_SELECTIVE_COLLECT; the struct gains
    /// `gc_collect_table_start`, py/mpstate.h @ 10.0.0 L117).
    case finaliserAndCollect

    /// Bits one ATB byte's 4 blocks take: ATB 8, FTB 4, CTB 4 and 4 × 128 of pool.
    var bitsPerATBByte: Int { self == .finaliser ? 8 + 4 + 512 : 8 + 4 + 4 + 512 }
    /// `sizeof(mp_state_mem_area_t)`: next, ATB start and length, FTB (and CTB) start, pool start and end, two indices.
    public var structSize: Int { self == .finaliser ? 32 : 36 }
}
