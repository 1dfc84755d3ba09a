import Model

/// A firmware release, named as users say it: `micropython-1.24`, `micropython-1.19`,
/// `circuitpython-9.2`, `micropython-esp8266-1.24`, `pycom-1.20`.
public struct Firmware: Hashable, Sendable, CustomStringConvertible {
    public enum Port: String, Hashable, Sendable, CaseIterable {
        case micropython, circuitpython, micropythonESP8266 = "micropython-esp8266", pycom
    }

    public var port: Port
    public var major: Int
    public var minor: Int

    public init(port: Port, major: Int, minor: Int) {
        self.port = port
        self.major = major
        self.minor = minor
    }

    /// Parses `micropython-1.24` (also `micropython-1.24.1`, `v1.24`); nil for anything else.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        for port in Port.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }) where lower.hasPrefix(port.rawValue + "-") {
            var version = lower.dropFirst(port.rawValue.count + 1)
            if version.first == "v" { version = version.dropFirst() }
            let parts = version.split(separator: ".")
            guard parts.count >= 2, parts.count <= 3, let major = Int(parts[0]), let minor = Int(parts[1]),
                  (0...99).contains(major), (0...999).contains(minor) else { return nil }
            self.init(port: port, major: major, minor: minor)
            return
        }
        return nil
    }

    public var description: String { "\(port.rawValue)-\(major).\(minor)" }

    func atLeast(_ major: Int, _ minor: Int) -> Bool { (self.major, self.minor) >= (major, minor) }

    /// How the Python heap is set up at start and how it grows (micropython-heap.md §2, §5, §6).
    public func heapPolicy(chip: String, spiram: Bool) -> HeapPolicy {
        switch port {
        case .micropython:
            if !atLeast(1, 19) { return HeapPolicy(initial: .largestBlock, growth: .none, source: "ports/esp32/main.c ≤ v1.18: malloc(heap_caps_get_largest_free_block(MALLOC_CAP_8BIT))") }
            if !atLeast(1, 21) { return HeapPolicy(initial: .halfOfTotal, growth: .none, source: "ports/esp32/main.c v1.19–v1.20 (23b1a4e): min(largest 8BIT block, total 8BIT / 2)") }
            if !atLeast(1, 22) { return HeapPolicy(initial: .fixed(64 * 1024), growth: .v1_21, source: "ports/esp32/main.c v1.21.0: MP_TASK_HEAP_SIZE 64 KiB, split heap auto (05dcb8b)") }
            return HeapPolicy(initial: .fixed(Self.initialHeapSize(chip: chip, spiram: spiram, firmware: self)), growth: .v1_22,
                              source: "ports/esp32/mpconfigport.h MICROPY_GC_INITIAL_HEAP_SIZE (f6d6308, v1.22.0+)")
        case .circuitpython:
            if !atLeast(9, 0) { return HeapPolicy(initial: .halfOfTotal, growth: .none, source: "ports/espressif/supervisor/port.c @ 8.2.10 without PSRAM") }
            // py/gc.c gc_try_add_heap: 9.0–9.1 size growth as MicroPython 1.21 (Σ(pool_end − atb_start) + gap + struct, @ 9.0.0
            // L308–L318), 9.2 from the block count as 1.22 (@ 9.2.0 L316–L332), 10.x with compute_heap_size (c340596580).
            if !atLeast(9, 2) {
                return HeapPolicy(initial: .fixed(8 * 1024), growth: .v1_21,
                                  source: "CircuitPython 9.0–9.1: CIRCUITPY_HEAP_START_SIZE 8 KiB, split heap auto, growth sized as MicroPython 1.21 (py/gc.c @ 9.0.0)")
            }
            if !atLeast(10, 0) {
                return HeapPolicy(initial: .fixed(8 * 1024), growth: .v1_22,
                                  source: "CircuitPython 9.2: CIRCUITPY_HEAP_START_SIZE 8 KiB, split heap auto, growth sized from the block count (py/gc.c @ 9.2.0)")
            }
            return HeapPolicy(initial: .fixed(8 * 1024), growth: .circuitPython10, layout: .finaliserAndCollect,
                              source: "CircuitPython 10.x: CIRCUITPY_HEAP_START_SIZE 8 KiB, split heap auto, compute_heap_size and the selective-collect table (py/gc.c @ 10.0.0, c340596580)")
        case .micropythonESP8266:
            return HeapPolicy(initial: .staticArray(38 * 1024), growth: .none, source: "ports/esp8266/main.c: static 38 KiB heap array")
        case .pycom:
            return HeapPolicy(initial: .largestBlock, growth: .none, source: "Pycom fork of MicroPython 1.x: one GC area, no split heap")
        }
    }

    /// `MICROPY_GC_INITIAL_HEAP_SIZE` (ports/esp32/mpconfigport.h, f6d6308; C2 36 KiB from v1.26.0, ca99169).
    static func initialHeapSize(chip: String, spiram: Bool, firmware: Firmware) -> Int {
        switch chip.uppercased() {
        case "ESP32": return 56 * 1024
        case "ESP32-S2" where !spiram: return 36 * 1024
        case "ESP32-C2" where firmware.atLeast(1, 26): return 36 * 1024
        default: return 64 * 1024
        }
    }

    /// Where the ESP8266 port's GC array sits: mp#6086 (2020, `micropython.mem_info(1)` on an
    /// ESP8266) prints "GC: total: 37952 … GC memory layout; from 3ffeedc0", and mp#5949 the same
    /// total. A 37952 B pool ending at 0x3FFF8200 means the 38912 B array ends 12 B past a 16 B
    /// boundary (micropython-heap.md §1.2: A drops from 594 to 593), at 0x3FFF820C, so it starts at
    /// 0x3FFEEA0C. Later builds may place it elsewhere in .bss (±64 B of pool).
    public static let esp8266GCArrayStart = 0x3FFE_EA0C

    /// The newest release heapfit models for a port.
    public static func newest(_ port: Port) -> Firmware {
        switch port {
        case .micropython: Firmware(port: .micropython, major: 1, minor: 28)
        case .circuitpython: Firmware(port: .circuitpython, major: 9, minor: 2)
        case .micropythonESP8266: Firmware(port: .micropythonESP8266, major: 1, minor: 28)
        case .pycom: Firmware(port: .pycom, major: 1, minor: 20)
        }
    }
}

/// The firmware's Python-heap policy: the initial area and the growth rule.
public struct HeapPolicy: Hashable, Sendable {
    public enum Initial: Hashable, Sendable {
        /// `malloc(heap_caps_get_largest_free_block(MALLOC_CAP_8BIT))`.
        case largestBlock
        /// `malloc(min(largest 8BIT block, total 8BIT / 2))`.
        case halfOfTotal
        /// `malloc(n)` (`MICROPY_GC_INITIAL_HEAP_SIZE`, `CIRCUITPY_HEAP_START_SIZE`).
        case fixed(Int)
        /// A static array in .bss (ESP8266): not from any system heap.
        case staticArray(Int)
    }

    public var initial: Initial
    public var growth: GCGrowthPolicy
    /// The tables each GC area carries (CircuitPython 10 adds the selective-collect table).
    public var layout: GCAreaLayout = .finaliser
    public var source: String

    public init(initial: Initial, growth: GCGrowthPolicy, layout: GCAreaLayout = .finaliser, source: String) {
        self.initial = initial
        self.growth = growth
        self.layout = layout
        self.source = source
    }
}
