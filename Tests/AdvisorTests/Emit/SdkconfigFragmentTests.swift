import Foundation
import Testing
import Model
import Simulator
@testable import Advisor

/// The sdkconfig fragment: spelled per release, only options the release has, dependencies emitted,
/// a comment with the replayed worth above each setting.
@Suite("sdkconfig fragment")
struct SdkconfigFragmentTests {
    /// A report whose only content the fragment reads: the context and the knob changes.
    static func report(idf: IDFVersion, changes: [(String, Int, Int)], table: KnobTable) -> RecommendationReport {
        var r = RecommendationReport(
            board: "ESP32_GENERIC", chip: "ESP32", idf: idf, idfReleases: [idf], firmware: Firmware(port: .micropython, major: 1, minor: 28),
            workloads: ["https-get-x2"], initialHeapSize: 100 * 1024,
            knobChanges: changes.map { ($0.0, $0.1, $0.2, table.knobs[$0.0]?.tuning?.costReason ?? "") },
            pythonHeapAtStart: 0, pythonHeapAfterGrowth: 0, idfHeadroom: 14000, idfHeadroomRequired: 12288,
            limitingAllocation: "the test", confidence: "measured", staticDRAMSource: "", firmwareDefaultHeap: 56 * 1024,
            replays: 1, solves: 1)
        // The shipped levers file's lever for micropython-1.28 (a define in mpconfigboard.h), as RecommendCommand sets it.
        r.initialHeapLever = (try? LeverLoader.load(library: shippedLibrary)).flatMap { LeversCommand.initialHeapLever(r.firmware, table: $0) }
        return r
    }

    static func fragment(idf: IDFVersion, changes: [(String, Int, Int)], worth: [String: KnobWorth] = [:],
                         baseline: Sdkconfig? = nil, extra: [String: Int] = [:]) throws -> SdkconfigFragment {
        let table = try WorkloadLoader(library: shippedLibrary).knobTable()
        var knobs = table.defaults(on: idf)
        for (name, _, to) in changes { knobs[name] = to }
        knobs.merge(extra) { _, e in e }
        return try SdkconfigFragment.make(report: report(idf: idf, changes: changes, table: table), idf: idf, table: table,
                                          symbols: try shippedSymbols(), worth: worth, knobs: knobs, baseline: baseline)
    }

    @Test func wifiOptionsAreSpelledAsEachReleaseSpellsThem() throws {
        let old = try Self.fragment(idf: IDFVersion(4, 4), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 6)])
        let new = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 6)])
        #expect(old.text.contains("\nCONFIG_ESP32_WIFI_STATIC_RX_BUFFER_NUM=6\n"))
        #expect(!old.text.contains("CONFIG_ESP_WIFI_STATIC_RX_BUFFER_NUM"))
        #expect(new.text.contains("\nCONFIG_ESP_WIFI_STATIC_RX_BUFFER_NUM=6\n"))
        #expect(!new.text.contains("CONFIG_ESP32_WIFI"))
        // v5.0.9 is the last release with the ESP32_ prefix, v5.1 the first without.
        #expect(try Self.fragment(idf: IDFVersion(5, 0, 9), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 8)]).settings.map(\.option)
                == ["ESP32_WIFI_STATIC_RX_BUFFER_NUM"])
        #expect(try Self.fragment(idf: IDFVersion(5, 1), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 8)]).settings.map(\.option)
                == ["ESP_WIFI_STATIC_RX_BUFFER_NUM"])
        #expect(old.checkedAgainst == IDFVersion(4, 4) && new.checkedAgainst == IDFVersion(5, 4, 2))
    }

    @Test func aKnobThatIsNoOptionOnTheReleaseIsNotEmittedButNoted() throws {
        // IDF v4.4 has no MBEDTLS_SSL_KEEP_PEER_CERTIFICATE (v4.3.3 and v4.4.1 do).
        let v44 = try Self.fragment(idf: IDFVersion(4, 4), changes: [("MBEDTLS_SSL_KEEP_PEER_CERTIFICATE", 1, 0)])
        #expect(v44.settings.isEmpty)
        #expect(!v44.text.contains("\n# CONFIG_MBEDTLS_SSL_KEEP_PEER_CERTIFICATE is not set"))
        #expect(v44.notes == ["MBEDTLS_SSL_KEEP_PEER_CERTIFICATE=0 (default 1) cannot be set on ESP-IDF 4.4: it is not a Kconfig option there."])
        let v441 = try Self.fragment(idf: IDFVersion(4, 4, 1), changes: [("MBEDTLS_SSL_KEEP_PEER_CERTIFICATE", 1, 0)])
        #expect(v441.settings.map(\.line) == ["# CONFIG_MBEDTLS_SSL_KEEP_PEER_CERTIFICATE is not set"])  // a bool off needs no dependency
    }

    @Test func dependenciesAreEmittedWithTheSettingThatNeedsThem() throws {
        let tls = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("MBEDTLS_SSL_IN_CONTENT_LEN", 16384, 8192),
                                                                       ("MBEDTLS_SSL_OUT_CONTENT_LEN", 4096, 2048)])
        #expect(tls.settings.map(\.line) == ["CONFIG_MBEDTLS_ASYMMETRIC_CONTENT_LEN=y", "CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN=8192",
                                             "CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN=2048"])
        #expect(tls.settings[0].comment.hasPrefix("needed by CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN, CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN: components/mbedtls/Kconfig"))
        let tx44 = try Self.fragment(idf: IDFVersion(4, 4), changes: [("ESP_WIFI_DYNAMIC_TX_BUFFER_NUM", 32, 16)])
        #expect(tx44.settings.map(\.line) == ["CONFIG_ESP32_WIFI_DYNAMIC_TX_BUFFER=y", "CONFIG_ESP32_WIFI_DYNAMIC_TX_BUFFER_NUM=16"])
        let tx54 = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("ESP_WIFI_DYNAMIC_TX_BUFFER_NUM", 32, 16)])
        #expect(tx54.settings.map(\.line) == ["CONFIG_ESP_WIFI_DYNAMIC_TX_BUFFER=y", "CONFIG_ESP_WIFI_DYNAMIC_TX_BUFFER_NUM=16"])
        let ble = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("BT_NIMBLE_MAX_CONNECTIONS", 4, 2)])
        #expect(ble.settings.map(\.line) == ["CONFIG_BT_ENABLED=y", "CONFIG_BT_NIMBLE_ENABLED=y", "CONFIG_BT_NIMBLE_MAX_CONNECTIONS=2"])
        // An option that must be off is turned off only when the user's sdkconfig turns it on.
        let dynamic = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("MBEDTLS_DYNAMIC_BUFFER", 0, 1)], extra: ["MBEDTLS_SSL_PROTO_DTLS": 0])
        #expect(dynamic.settings.map(\.line) == ["CONFIG_MBEDTLS_DYNAMIC_BUFFER=y"])
        let user = try Sdkconfig.parse(text: "CONFIG_MBEDTLS_SSL_VARIABLE_BUFFER_LENGTH=y\n", file: "sdkconfig")
        let off = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("MBEDTLS_DYNAMIC_BUFFER", 0, 1)], baseline: user,
                                    extra: ["MBEDTLS_SSL_PROTO_DTLS": 0])
        #expect(off.settings.map(\.line) == ["# CONFIG_MBEDTLS_SSL_VARIABLE_BUFFER_LENGTH is not set", "CONFIG_MBEDTLS_DYNAMIC_BUFFER=y"])
        // v4.4 states no VARIABLE_BUFFER_LENGTH dependency (v4.3.3 and v4.4.1 do).
        let off44 = try Self.fragment(idf: IDFVersion(4, 4), changes: [("MBEDTLS_DYNAMIC_BUFFER", 0, 1)], baseline: user)
        #expect(off44.settings.map(\.line) == ["CONFIG_MBEDTLS_DYNAMIC_BUFFER=y"])
    }

    @Test func theVerdictNamesTheLeverOfTheRelease() throws {
        let table = try WorkloadLoader(library: shippedLibrary).knobTable()
        let levers = try LeverLoader.load(library: shippedLibrary)
        func verdict(_ firmware: Firmware) throws -> String {
            var r = Self.report(idf: IDFVersion(5, 3, 2), changes: [], table: table)
            r.firmware = firmware
            r.initialHeapLever = LeversCommand.initialHeapLever(firmware, table: levers)
            let f = try SdkconfigFragment.make(report: r, idf: r.idf, table: table, symbols: try shippedSymbols(), worth: [:],
                                               knobs: table.defaults(on: r.idf), baseline: nil)
            return try #require(f.text.split(separator: "\n").first { $0.hasPrefix("# Verdict: ") }).description
        }
        #expect(try verdict(Firmware(port: .circuitpython, major: 9, minor: 2))
                == "# Verdict: CIRCUITPY_HEAP_START_SIZE = 102400 (100 KiB) — not a Kconfig option. "
                + "Set by: CIRCUITPY_HEAP_START_SIZE = <bytes> in CIRCUITPY/settings.toml (read at boot, no rebuild).")
        #expect(try verdict(Firmware(port: .micropython, major: 1, minor: 21)).hasPrefix(
            "# Verdict: MP_TASK_HEAP_SIZE = 102400 (100 KiB) — not a Kconfig option. Set by: no board setting: a one-line patch to ports/esp32/main.c"))
        #expect(try verdict(Firmware(port: .pycom, major: 1, minor: 20))
                == "# Verdict: the initial Python heap = 102400 (100 KiB) — not a Kconfig option. Set by: the levers file names no lever for pycom-1.20.")
    }

    @Test func everySettingHasItsOneLineCommentWithTheBytesItIsWorth() throws {
        let worth = ["ESP_WIFI_STATIC_RX_BUFFER_NUM": KnobWorth(knob: "ESP_WIFI_STATIC_RX_BUFFER_NUM", idfBytes: 7184, failureWithout: nil)]
        let f = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 6)], worth: worth)
        let lines = f.text.split(separator: "\n", omittingEmptySubsequences: false)
        let i = try #require(lines.firstIndex(of: "CONFIG_ESP_WIFI_STATIC_RX_BUFFER_NUM=6"))
        #expect(lines[i - 1].hasPrefix("# ESP_WIFI_STATIC_RX_BUFFER_NUM 10 → 6: 7184 B (7.0 KiB) more free IDF memory at the peak (replayed). Trade-off: each static RX buffer"))
        #expect(f.settings[0].bytes == 7184 && f.settings[0].from == 10)
        #expect(f.text.hasPrefix("# sdkconfig fragment generated by heapfit"))
        #expect(f.text.contains("# Verdict: MICROPY_GC_INITIAL_HEAP_SIZE = 102400 (100 KiB)"))
        let failing = KnobWorth(knob: "X", idfBytes: 100, failureWithout: "https-get-x2 step 4 \"GET #1: TLS handshake\": tls/in_buf (16717 B) fails")
        #expect(failing.summary == "without it https-get-x2 step 4 \"GET #1: TLS handshake\": tls/in_buf (16717 B) fails")
    }

    /// Every catalogue release: every tuned knob at a non-default level, every dependency; each emitted
    /// name is in that release's Kconfig name list, and each knob the release has is emitted.
    @Test func everyCatalogueReleasesFragmentNamesOnlyItsOwnOptions() throws {
        let table = try WorkloadLoader(library: shippedLibrary).knobTable()
        let symbols = try shippedSymbols()
        let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
        #expect(catalogue.idfReleases.count >= 66)
        for idf in catalogue.idfReleases {
            let release = try #require(symbols.release(for: idf))
            #expect(release.tag == idf, "IDF \(idf) has no Kconfig name list of its own")
            var changes: [(String, Int, Int)] = []
            for knob in table.tunable {
                guard let tuning = knob.tuning, let level = tuning.levels.last(where: { $0 != knob.value(on: idf) }) else { continue }
                changes.append((knob.name, knob.value(on: idf), knob.name == "MBEDTLS_DYNAMIC_BUFFER" ? 1 : level))
            }
            let user = try Sdkconfig.parse(text: "CONFIG_MBEDTLS_SSL_VARIABLE_BUFFER_LENGTH=y\nCONFIG_MBEDTLS_DYNAMIC_FREE_PEER_CERT=y\n", file: "s")
            // Wi-Fi window 2 keeps every static/dynamic RX level within the build's checks.
            let f = try Self.fragment(idf: idf, changes: changes, baseline: user, extra: ["ESP_WIFI_RX_BA_WIN": 2, "MBEDTLS_SSL_PROTO_DTLS": 0])
            for s in f.settings {
                #expect(release.names.contains(s.option), "IDF \(idf): CONFIG_\(s.option) is not one of its options")
            }
            let emitted = Set(f.settings.compactMap(\.knob))
            for (name, _, _) in changes {
                let has = table.knobs[name]?.kconfigName(on: idf) != nil
                #expect(emitted.contains(name) == has, "IDF \(idf): \(name) \(has ? "missing" : "emitted although not an option")")
            }
            #expect(f.settings.contains { $0.option.hasSuffix("WIFI_DYNAMIC_TX_BUFFER") && $0.knob == nil })
        }
    }

    @Test func settingsTheIDFBuildRefusesAreADiagnostic() throws {
        // wifi_init.c: #error when RX_BA_WIN (6) > 2 × STATIC_RX_BUFFER_NUM.
        do {
            _ = try Self.fragment(idf: IDFVersion(5, 4, 2), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 2)])
            Issue.record("static RX 2 with window 6 was emitted")
        } catch let d as Diagnostic {
            #expect(d.what.hasPrefix("The settings break a check of the IDF build: ESP_WIFI_RX_BA_WIN ≤ (2 * ESP_WIFI_STATIC_RX_BUFFER_NUM)"))
        }
    }

    @Test func anOldNameTheReleaseRenamesIsEmittedAsTheNewOne() throws {
        let table = try WorkloadLoader(library: shippedLibrary).knobTable()
        let symbols = try KconfigSymbols.parse(text: "names: ESP_WIFI_STATIC_RX_BUFFER_NUM ESP32_WIFI_STATIC_RX_BUFFER_NUM\n"
                                               + "v4.4: ESP32_WIFI_STATIC_RX_BUFFER_NUM ESP_WIFI_STATIC_RX_BUFFER_NUM\n"
                                               + "v4.4 renamed: ESP32_WIFI_STATIC_RX_BUFFER_NUM>ESP_WIFI_STATIC_RX_BUFFER_NUM\n", file: "s")
        var knobs = table.defaults(on: IDFVersion(4, 4))
        knobs["ESP_WIFI_STATIC_RX_BUFFER_NUM"] = 6
        let f = try SdkconfigFragment.make(report: Self.report(idf: IDFVersion(4, 4), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 6)], table: table),
                                           idf: IDFVersion(4, 4), table: table, symbols: symbols, worth: [:], knobs: knobs, baseline: nil)
        #expect(f.settings.map(\.option) == ["ESP_WIFI_STATIC_RX_BUFFER_NUM"])
        // A name the list does not have at all is refused, not emitted.
        let none = try KconfigSymbols.parse(text: "names: ESP32_WIFI_STATIC_RX_BUFFER_NUM\nv4.4: A\n", file: "s")
        #expect(throws: Diagnostic.self) {
            try SdkconfigFragment.make(report: Self.report(idf: IDFVersion(4, 4), changes: [("ESP_WIFI_STATIC_RX_BUFFER_NUM", 10, 6)], table: table),
                                       idf: IDFVersion(4, 4), table: table, symbols: none, worth: [:], knobs: knobs, baseline: nil)
        }
    }
}
