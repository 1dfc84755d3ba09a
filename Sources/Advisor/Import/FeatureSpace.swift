import Model

/// The feature combinations worth trying for a chip: only the features its boards.yaml entry tests
/// (`when:` conditions, the Bluetooth DRAM reserve), with the values its conditions compare against.
enum FeatureSpace {
    static func combinations(chip: ChipDefinition, log: BootLog) -> [Features] {
        let atoms = conditions(of: chip).flatMap(\.atoms)
        var flags = Set<String>()
        var numbers: [String: Set<Int>] = [:]
        for a in atoms {
            switch a {
            case .flag(let name, _): flags.insert(name)
            case .compare(let name, let op, let v):
                // The compared value and one on the other side of it.
                var values = numbers[name] ?? []
                values.insert(v)
                switch op {
                case .le, .lt: values.insert(v * 2)
                case .ge, .gt: values.insert(max(1, v / 2))
                case .eq, .ne: break
                }
                numbers[name] = values
            case .never: break
            }
        }
        let hasBT = chip.btReserveDram > 0 || flags.contains("bluetooth") || flags.contains("btController")
        let maxSCO = chip.reserved.contains { $0.value.endPerSCO > 0 } ? 3 : 0  // BTDM_CONTROLLER_BR_EDR_MAX_SYNC_CONN_LIMIT
        let cores: [Bool] = log.singleCore != nil ? [true] : (flags.contains("singleCore") ? [false, true] : [false])
        var base: [Features] = []
        for bt in hasBT ? [false, true] : [false] {
            for controller in bt && flags.contains("btController") ? [Bool?.none, false] : [nil] {
                for sco in bt && controller != false ? Array(0...maxSCO) : [0] {
                    for single in cores {
                        var f = Features(bluetooth: bt, btController: controller, scoConnections: sco, singleCore: single)
                        if let kib = log.psramPoolKiB?.value {
                            f.spiram = true
                            f.spiramSize = psramSize(poolKiB: kib)
                        }
                        base.append(f)
                    }
                }
            }
        }
        // Optional flags: the chip's default (nil) or either value; numbers: the default or a compared value.
        let optional: [WritableKeyPath<Features, Bool?>] = [("rtcFastHeap", \Features.rtcFastHeap), ("memprot", \.memprot),
                                                             ("idramSplit", \.idramSplit)].filter { flags.contains($0.0) }.map(\.1)
        for key in optional {
            base = base.flatMap { f in [nil, true, false].map { v -> Features in var g = f; g[keyPath: key] = v; return g } }
        }
        for (name, key) in [("icache", \Features.icache), ("dcache", \Features.dcache)] {
            guard let values = numbers[name] else { continue }
            base = base.flatMap { f in ([nil] + values.sorted().map { Optional($0) }).map { v -> Features in
                var g = f
                g[keyPath: key] = v
                return g
            } }
        }
        return base
    }

    /// A PSRAM size for `Adding pool of N K`: the pool is the chip less the flash-mapped pages, so the
    /// next power of two (4082K → 4 MiB).
    static func psramSize(poolKiB: Int) -> Int {
        var size = 1 << 20
        while size < poolKiB * 1024 { size <<= 1 }
        return size
    }

    /// Every condition a chip's entry uses.
    static func conditions(of c: ChipDefinition) -> [FeatureCondition] {
        c.regions.map(\.when) + c.reserved.map(\.when) + c.types.flatMap { $0.variants.map(\.when) }
            + c.dram0Origin.map(\.when) + c.iramOrigin.map(\.when) + c.heapSizeMax.map(\.when)
            + c.tlsfMaxPoolSize.map(\.when) + c.romTLSF.map(\.when) + c.psram.map(\.when) + Array(c.defaults.flags.values)
    }
}
