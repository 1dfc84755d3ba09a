/// A catalogue value that exists only for some IDF releases and some configurations: one
/// `#if`-guarded line of `memory_layout.c`, one release's type name, one cache size's origin.
public struct Conditional<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var when: FeatureCondition
    public var idf: IDFRange
    /// Line in boards.yaml, for diagnostics.
    public var line: Int?

    public init(_ value: Value, when: FeatureCondition = .always, idf: IDFRange = .all, line: Int? = nil) {
        self.value = value
        self.when = when
        self.idf = idf
        self.line = line
    }

    public func applies(idf v: IDFVersion, features f: Features) -> Bool { idf.contains(v) && when.holds(for: f) }
}

extension Array {
    /// The first entry that applies to this release and these features (boards.yaml lists the
    /// specific cases before the general one).
    public func first<V>(for idf: IDFVersion, _ f: Features) -> V? where Element == Conditional<V> {
        first { $0.applies(idf: idf, features: f) }?.value
    }
}

/// A region of `soc_memory_regions[]` before resolution: its type is a key into the chip's types.
public struct RegionDefinition: Hashable, Sendable {
    public var start: Int
    public var size: Int
    public var typeKey: String
    public var startupStack: Bool
}

/// A fixed `SOC_RESERVE_MEMORY_REGION()`.
public struct ReservedDefinition: Hashable, Sendable {
    public var name: String
    public var start: Int
    /// End with no SCO links; `endPerSCO` is added once per SCO link (`rom_bt_em`).
    public var end: Int
    public var endPerSCO: Int
}

/// A memory type known by a stable key, with the name and caps each IDF release gives it
/// (S3's main RAM is "D/IRAM" in v4.4 and "RAM" from v5.2; its caps gain SIMD in v5.4.1).
public struct TypeDefinition: Hashable, Sendable {
    public var key: String
    public var variants: [Conditional<MemoryType>]
}

/// What a chip that does not run ESP-IDF's heap has instead (ESP8266: NONOS SDK).
public struct NonOSFacts: Hashable, Sendable {
    /// `dram0_0_seg` of the firmware's linker script.
    public var dramOrigin: Int
    public var dramLength: Int
    /// The SDK heap spans `_heap_start` (end of .bss) to here.
    public var heapEnd: Int
    /// Bytes of the MicroPython GC heap, a static array in .bss.
    public var gcHeapBytes: Int
    /// What the firmware uses for dynamic memory, in words.
    public var allocator: String
    public var source: String
}

/// A chip as boards.yaml defines it: every release's and every configuration's layout at once.
/// `layout(idf:features:)` picks the one a build gets.
public struct ChipDefinition: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Runs ESP-IDF's heap (`heap_caps_init` prints `heap_init` lines).
        case espIDF = "esp-idf"
        /// Runs a non-IDF SDK with its own heap (ESP8266 NONOS SDK): no `heap_init` lines, no heap_caps.
        case nonOS = "nonos"
    }

    public var name: String
    public var kind: Kind
    /// The IDF releases that support the chip.
    public var supported: IDFRange
    public var source: String
    public var defaults: FeatureDefaults
    public var heapSizeMax: [Conditional<Int>]
    public var tlsfMaxPoolSize: [Conditional<Int>]
    /// `FL_INDEX_MAX` of the ROM TLSF for the releases that use it; empty when never.
    public var romTLSF: [Conditional<Int>]
    public var types: [TypeDefinition]
    public var regions: [Conditional<RegionDefinition>]
    public var reserved: [Conditional<ReservedDefinition>]
    public var linkerKind: LinkerFacts.Kind
    public var dram0Origin: [Conditional<Int>]
    public var dram0Length: Int
    public var btReserveDram: Int
    public var dataStartAlign: Int
    public var heapStartAlign: Int
    public var iramOrigin: [Conditional<Int>]
    public var iramLength: Int
    public var iramEndAlign: Int
    public var rtcFastStart: Int?
    public var diram: DIRAMAlias?
    public var psram: [Conditional<PsramWindow>]
    public var nonOS: NonOSFacts?
    /// Cores, peripherals: facts other than the memory map.
    public var facts: ChipFacts = ChipFacts()
    /// boards.yaml line of the entry.
    public var line: Int?

    /// The layout `idf` builds for `features` (chip defaults applied), or a diagnostic naming the
    /// boards.yaml line that could not be resolved.
    public func layout(idf: IDFVersion, features given: Features, file: String) throws(Diagnostic) -> ChipLayout {
        guard kind == .espIDF else {
            throw Diagnostic("\(name) does not run ESP-IDF's heap, so it has no ESP-IDF region map", file: file, line: line,
                             expected: "a chip of kind esp-idf", fix: "Use the \(name) facts (nonOS) instead")
        }
        guard supported.contains(idf) else {
            throw Diagnostic("ESP-IDF \(idf) does not support \(name)", file: file, line: line,
                             expected: "a release in \(supported)", fix: "Pick an ESP-IDF release that supports \(name)")
        }
        let f = given.resolved(with: defaults)
        var types: [MemoryType] = []
        var typeIndex: [String: Int] = [:]
        var resolved: [MemoryRegion] = []
        for r in regions where r.applies(idf: idf, features: f) {
            let index: Int
            if let i = typeIndex[r.value.typeKey] {
                index = i
            } else {
                guard let t = self.types.first(where: { $0.key == r.value.typeKey }),
                      let type: MemoryType = t.variants.first(for: idf, f) else {
                    throw Diagnostic("Region at \(Hex.address(r.value.start)) of \(name) has no memory type "
                                        + "\(r.value.typeKey) for ESP-IDF \(idf) with these features", file: file, line: r.line,
                                     expected: "a variant of type \(r.value.typeKey) whose `idf:` and `when:` cover this build",
                                     fix: "Add the variant to `types:`, copied from this release's memory_layout.c")
                }
                index = types.count
                typeIndex[r.value.typeKey] = index
                types.append(type)
            }
            resolved.append(MemoryRegion(start: r.value.start, size: r.value.size, type: index, startupStack: r.value.startupStack))
        }
        let reserved = self.reserved.filter { $0.applies(idf: idf, features: f) }.map {
            AddressRange(name: $0.value.name, start: $0.value.start, end: $0.value.end + $0.value.endPerSCO * f.scoConnections)
        }
        guard let origin: Int = dram0Origin.first(for: idf, f), let iram: Int = iramOrigin.first(for: idf, f),
              let maxHeap: Int = heapSizeMax.first(for: idf, f), let pool: Int = tlsfMaxPoolSize.first(for: idf, f) else {
            throw Diagnostic("\(name) has no dram0Origin, iramOrigin, heapSizeMax or tlsfMaxPoolSize entry for ESP-IDF \(idf) "
                                + "with these features", file: file, line: line,
                             expected: "an unconditional last entry in each of those lists", fix: "Add one")
        }
        let linker = LinkerFacts(kind: linkerKind, dram0Origin: origin, dram0Length: dram0Length, btReserveDram: btReserveDram,
                                 dataStartAlign: dataStartAlign, heapStartAlign: heapStartAlign, iramOrigin: iram, iramLength: iramLength,
                                 iramEndAlign: iramEndAlign, rtcFastStart: rtcFastStart)
        var layout = ChipLayout(name: name, idf: idf, features: f, types: types, regions: resolved, reserved: reserved,
                                linker: linker, diram: diram, heapSizeMax: maxHeap,
                                tlsfStaticFLIndexMax: ChipLayout.flIndexMax(maxPoolSize: pool),
                                romTLSFFLIndexMax: romTLSF.first(for: idf, f), psram: f.spiram ? psram.first(for: idf, f) : nil,
                                source: source)
        layout.facts = facts
        return layout
    }
}
