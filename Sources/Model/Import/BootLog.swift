/// One `heap_init: At %08X len %08X (%d KiB): %s` line of an ESP-IDF boot log
/// (`components/heap/heap_caps_init.c`; docs/domain/esp-idf-heap.md §3.1 step 4).
public struct HeapInitLine: Hashable, Sendable, Codable {
    /// Line number in the imported file.
    public var line: Int
    public var start: Int
    public var size: Int
    /// The memory type's name as that IDF release prints it: DRAM, D/IRAM, IRAM, RAM, STACK/DIRAM,
    /// Retention RAM, DRAM/RETENTION/STACK, RTCRAM, TCM, …
    public var typeName: String

    public init(line: Int, start: Int, size: Int, typeName: String) {
        self.line = line
        self.start = start
        self.size = size
        self.typeName = typeName
    }

    public var end: Int { start + size }

    /// The line as IDF prints it, without the `I (<ms>) heap_init: ` prefix (same text as `BootPiece.logLine`).
    public var logLine: String { "At \(Hex.padded(start)) len \(Hex.padded(size)) (\(size / 1024) KiB): \(typeName)" }
}

/// A fact a boot log states besides its heaps, with the line it came from.
public struct BootHint<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public var value: Value
    public var line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }
}

/// What an ESP-IDF boot log tells about the heaps: the `heap_init` lines in order, and the hints
/// around them that say which build printed them.
public struct BootLog: Hashable, Sendable, Codable {
    public var heaps: [HeapInitLine]
    /// The application's ESP-IDF release (`app_init: ESP-IDF: v5.3.2`, `cpu_start: ESP-IDF: …` before
    /// v5.0), else the bootloader's (`boot: ESP-IDF v5.3.2 2nd stage bootloader`).
    public var idf: BootHint<IDFVersion>?
    /// The version text as printed (`v5.4-dev-78-gd4cd437ede-dirty`).
    public var idfText: String?
    /// The chip from the bootloader's tag (`boot.esp32s3:` → `esp32s3`).
    public var chipTag: BootHint<String>?
    /// `cpu_start: Single core mode` (CONFIG_FREERTOS_UNICORE / ESP_SYSTEM_SINGLE_CORE_MODE).
    public var singleCore: BootHint<Bool>?
    /// `Adding pool of %dK of PSRAM memory to heap allocator` (`of external SPI memory` before v5.1).
    public var psramPoolKiB: BootHint<Int>?
    /// `Reserving pool of %dK of internal memory for DMA/internal allocations` (SPIRAM_MALLOC_RESERVE_INTERNAL).
    public var internalReserveKiB: BootHint<Int>?

    public init(heaps: [HeapInitLine]) { self.heaps = heaps }

    public var firstLine: Int { heaps.first?.line ?? 0 }
    public var lastLine: Int { heaps.last?.line ?? 0 }
}
