import Foundation
import Model
import Testing

/// A Kconfig `range` of a tuned knob, from a release on, with where it was read.
private struct KconfigRange {
    var from: IDFVersion
    var low: Int
    var high: Int
}

/// The ranges of every tuned knob as the Kconfig files of espressif/esp-idf state them for the
/// ESP32-class targets the catalogue ships (the conditions that widen a range — LWIP_WND_SCALE,
/// Wi-Fi 6 chips — are off in the stock firmware; the narrower ranges of other chips are noted).
/// Booleans are 0...1. Read with `git show <tag>:<file>` at v4.4.8, v5.0.8, v5.1.6, v5.2.5,
/// v5.4.1 and v5.5.1.
private let kconfigRanges: [String: (source: String, ranges: [KconfigRange])] = [
    "MBEDTLS_SSL_IN_CONTENT_LEN": ("components/mbedtls/Kconfig: range 512 16384 (v4.4.8 … v5.5.1)",
                                   [KconfigRange(from: IDFVersion(4, 4), low: 512, high: 16384)]),
    "MBEDTLS_SSL_OUT_CONTENT_LEN": ("components/mbedtls/Kconfig: range 512 16384 (v4.4.8 … v5.5.1)",
                                    [KconfigRange(from: IDFVersion(4, 4), low: 512, high: 16384)]),
    "MBEDTLS_DYNAMIC_BUFFER": ("components/mbedtls/Kconfig: bool (v4.4.8 … v5.5.1)",
                               [KconfigRange(from: IDFVersion(4, 4), low: 0, high: 1)]),
    "MBEDTLS_SSL_KEEP_PEER_CERTIFICATE": ("components/mbedtls/Kconfig: bool (v4.4.8 … v5.5.1)",
                                          [KconfigRange(from: IDFVersion(4, 4), low: 0, high: 1)]),
    // Static RX ≥ 3: wifi_init.c refuses RX_BA_WIN (default 6) > 2 × STATIC_RX_BUFFER_NUM.
    "ESP_WIFI_STATIC_RX_BUFFER_NUM": ("components/esp_wifi/Kconfig: range 2 25 without Wi-Fi 6 (v4.4.8 … v5.5.1); wifi_init.c: ≥ RX_BA_WIN / 2 = 3",
                                      [KconfigRange(from: IDFVersion(4, 4), low: 3, high: 25)]),
    // Dynamic RX ≥ 6: wifi_init.c refuses RX_BA_WIN (6) > DYNAMIC_RX_BUFFER_NUM, so 0 (unlimited) is out too.
    "ESP_WIFI_DYNAMIC_RX_BUFFER_NUM": ("components/esp_wifi/Kconfig: range 0 128 without LWIP_WND_SCALE (v4.4.8 … v5.5.1); wifi_init.c: ≥ RX_BA_WIN = 6",
                                       [KconfigRange(from: IDFVersion(4, 4), low: 6, high: 128)]),
    "ESP_WIFI_DYNAMIC_TX_BUFFER_NUM": ("components/esp_wifi/Kconfig: range 1 128 (v4.4.8 … v5.5.1)",
                                       [KconfigRange(from: IDFVersion(4, 4), low: 1, high: 128)]),
    "LWIP_MAX_SOCKETS": ("components/lwip/Kconfig: range 1 16 (v4.4.8, v5.0.8, v5.1.6), range 1 253 (v5.2.5 … v5.5.1)",
                         [KconfigRange(from: IDFVersion(4, 4), low: 1, high: 16),
                          KconfigRange(from: IDFVersion(5, 2), low: 1, high: 253)]),
    "LWIP_TCP_WND_DEFAULT": ("components/lwip/Kconfig: range 2440 65535 without LWIP_WND_SCALE (v4.4.8 … v5.5.1)",
                             [KconfigRange(from: IDFVersion(4, 4), low: 2440, high: 65535)]),
    "LWIP_TCP_SND_BUF_DEFAULT": ("components/lwip/Kconfig: range 2440 65535 without LWIP_WND_SCALE (v4.4.8 … v5.5.1)",
                                 [KconfigRange(from: IDFVersion(4, 4), low: 2440, high: 65535)]),
    // 1 2 on C2, 1 35 on H2, 1 70 on C6/C5 (v5.x); the catalogue's BLE boards are ESP32 and S3.
    "BT_NIMBLE_MAX_CONNECTIONS": ("components/bt/host/nimble/Kconfig.in: range 1 9 (v4.4.8; v5.0.8 … v5.5.1 without the NimBLE controller)",
                                  [KconfigRange(from: IDFVersion(4, 4), low: 1, high: 9)]),
]

/// The releases whose Kconfig ranges this file cites (v4.4 on) with their option names
/// (`workloads/kconfig/symbols.txt`).
private func releases() throws -> [(IDFVersion, Set<String>)] { try knobSymbols().filter { $0.0 >= IDFVersion(4, 4) } }

@Test func everyTunedKnobHasACitedKconfigRange() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    let tuned = Set(table.tunable.map(\.name))
    #expect(tuned.count >= 11)
    #expect(tuned == Set(kconfigRanges.keys), "tuned knobs and the ranges this test cites differ: \(tuned.symmetricDifference(kconfigRanges.keys).sorted())")
}

@Test func everyTunedKnobsLevelsAreAllowedAndHoldItsDefault() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    for knob in table.tunable {
        let tuning = try #require(knob.tuning)
        #expect(tuning.levels.count <= 4, "\(knob.name) has \(tuning.levels.count) levels; the oracle enumerates every combination")
        #expect(!tuning.source.isEmpty, "\(knob.name) tune: has no source")
        if tuning.costs.values.contains(where: { $0 > 0 }) {
            #expect(!tuning.costReason.isEmpty, "\(knob.name) charges for a level without saying why")
        }
        #expect(tuning.cost(of: knob.value) == 0, "\(knob.name)'s default costs something")
        guard let cited = kconfigRanges[knob.name] else { continue }
        for (version, _) in try releases() {
            let dflt = knob.value(on: version)
            #expect(tuning.levels.contains(dflt), "\(knob.name)'s default \(dflt) on IDF \(version) is not one of \(tuning.levels)")
            #expect(tuning.cost(of: dflt) == 0, "\(knob.name)'s default on IDF \(version) costs something")
            let range = try #require(cited.ranges.last { version >= $0.from }, "\(knob.name): no range for IDF \(version)")
            for level in tuning.levels {
                #expect((range.low...range.high).contains(level),
                        "\(knob.name) = \(level) is outside \(range.low)…\(range.high) on IDF \(version) (\(cited.source))")
            }
        }
    }
}

@Test func everyLockNamesAKnownKnobAndAValueItTakes() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    var locks = 0
    for knob in table.tunable {
        for (other, value) in knob.tuning?.lockedWhen ?? [:] {
            locks += 1
            let lockedBy = try #require(table.knobs[other], "\(knob.name) is locked by \(other), which is not a knob")
            #expect(other != knob.name, "\(knob.name) locks itself")
            let reachable = Set(lockedBy.byIDF.map(\.value) + [lockedBy.value] + (lockedBy.tuning?.levels ?? []))
            #expect(reachable.contains(value), "\(knob.name) is locked when \(other) = \(value), a value \(other) never takes")
        }
    }
    #expect(locks >= 1)
    // The fact behind the lock: MicroPython 1.25+ enables DTLS, which makes dynamic buffers unavailable.
    let dtls = try #require(table.knobs["MBEDTLS_SSL_PROTO_DTLS"])
    #expect(dtls.value(on: IDFVersion(4, 4)) == 0 && dtls.value(on: IDFVersion(5, 4, 1)) == 1)
    #expect(table.knobs["MBEDTLS_DYNAMIC_BUFFER"]?.tuning?.lockedWhen == ["MBEDTLS_SSL_PROTO_DTLS": 1])
}

@Test func everyTunedKnobIsAKconfigOptionOnEveryRelease() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    for (version, symbols) in try knobSymbols() {
        for knob in table.tunable {
            // MBEDTLS_SSL_KEEP_PEER_CERTIFICATE is the one tuned knob some releases lack (v4.2–v4.3.2, v4.4):
            // the recommender leaves it alone there.
            guard let name = knob.kconfigName(on: version) else {
                #expect(knob.name == "MBEDTLS_SSL_KEEP_PEER_CERTIFICATE", "\(knob.name) is tuned but no Kconfig option on IDF \(version)")
                continue
            }
            #expect(symbols.contains(name), "IDF \(version) has no option \(name)")
        }
    }
}

/// Tunable knobs a shipped workload's sizes depend on (its components, start-up included), and
/// the number of combinations the oracle enumerates for it.
func tunableSpace(_ name: String, loader: WorkloadLoader, table: KnobTable,
                  firmware: String = "micropython-1.28") throws -> (knobs: [String], combinations: Int) {
    let w = try loader.workload(name)
    var components = Array(w.components.values)
    let dash = try #require(firmware.lastIndex(of: "-"))
    let parts = firmware[firmware.index(after: dash)...].split(separator: ".").compactMap { Int($0) }
    let release = (major: parts.first ?? 0, minor: parts.dropFirst().first ?? 0)
    for base in ["idf", String(firmware[..<dash])] {
        if let c = try loader.startupComponent(base, release: release) { components.append(c) }
    }
    var used = Set<String>()
    for c in components {
        for op in c.open + c.close {
            if case .alloc(_, let size, _, let count) = op.kind { used.formUnion(size.knobs.union(count.knobs)) }
        }
    }
    func walk(_ steps: [WorkloadStep]) {
        for s in steps {
            switch s.action {
            case .python(let bytes, _, _), .gcAllocDuringCollection(let bytes): used.formUnion(bytes.knobs)
            case .repeat(_, let inner): walk(inner)
            case .parallel(let branches): branches.forEach(walk)
            default: break
            }
        }
    }
    walk(w.steps)
    let tuned = table.tunable.filter { used.contains($0.name) }
    return (tuned.map(\.name), tuned.reduce(1) { $0 * ($1.tuning?.levels.count ?? 1) })
}

@Test func everyShippedWorkloadsKnobSpaceIsSmallAndItsOverridesAreLevels() throws {
    let loader = WorkloadLoader(library: shippedLibrary)
    let table = try loader.knobTable()
    for name in loader.shippedWorkloads() {
        let space = try tunableSpace(name, loader: loader, table: table)
        // Was ≤ 128. The Wi-Fi dynamic RX/TX counts and lwIP's window and send buffer now enter
        // tcp-socket and tls-session sizes (as caps), which puts 4 more tuned knobs (3·3·4·4 levels)
        // into every TCP workload: 15552 combinations at most. The exhaustive oracle of
        // RecommenderTests enumerates its own knob choice, not this space.
        #expect(space.combinations <= 16384, "\(name): \(space.combinations) knob combinations (\(space.knobs))")
        for (knob, value) in try loader.workload(name).knobs {
            guard let levels = table.knobs[knob]?.tuning?.levels else { continue }
            #expect(levels.contains(value), "\(name) sets \(knob) = \(value), which is not one of its levels \(levels)")
        }
    }
}
