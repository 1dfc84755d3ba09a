import Foundation
import Testing
import Model
import Simulator
import Solver
@testable import Advisor

/// `EmitCommand`: the recommendation's fragment, each setting's worth replayed, a user's sdkconfig as baseline.
@Suite("sdkconfig and board files from a recommendation")
struct EmitCommandTests {
    /// Ranked by the largest heap, which pays for it with knob changes (ranked by margin, this scenario changes none).
    static let request = {
        var r = RecommendationRequest(board: "ESP32_GENERIC", idfs: [IDFVersion(5, 4, 2)], workloads: ["https-get-x2"])
        r.objective = .largestHeapLessKnobCost
        return r
    }()

    @Test func eachSettingsWorthIsTheReplayedDifferenceInIDFHeadroom() throws {
        let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
        let emitted = try EmitCommand.run(Self.request, sdkconfig: nil, catalogue: catalogue, library: shippedLibrary)
        let plain = try RecommendCommand.run(Self.request, catalogue: catalogue, library: shippedLibrary)
        #expect(emitted.recommendation.initialHeapSize == plain.initialHeapSize)
        #expect(emitted.fragment.settings.compactMap(\.knob) == plain.knobChanges.map(\.name))
        #expect(!plain.knobChanges.isEmpty)
        // Replay independently: the answer, then the answer with one knob back at its default.
        let scenario = try PreparedScenario(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), firmware: nil, workload: "https-get-x2",
                                            staticDRAM: nil, catalogue: catalogue, library: shippedLibrary)
        let chosen = Dictionary(uniqueKeysWithValues: plain.knobChanges.map { ($0.name, $0.to) })
        let heapKiB = plain.initialHeapSize / 1024
        let with = try #require(try scenario.replay(heapKiB: heapKiB, knobs: chosen))
        #expect(with.minimumInternalFree == plain.idfHeadroom)
        for setting in emitted.fragment.settings {
            guard let knob = setting.knob, let from = setting.from else { continue }
            let without = try #require(try scenario.replay(heapKiB: heapKiB, knobs: chosen.merging([knob: from]) { _, f in f }))
            #expect(setting.bytes == with.minimumInternalFree - without.minimumInternalFree, "\(knob)")
            #expect((setting.bytes ?? 0) > 0, "\(knob) is in the answer but frees nothing")
        }
        // Four fewer static RX buffers free at least four 1696 B blocks (workloads/components/wifi-sta.yaml).
        if let rx = emitted.fragment.settings.first(where: { $0.knob == "ESP_WIFI_STATIC_RX_BUFFER_NUM" }), let from = rx.from,
           let to = Int(rx.value) {
            #expect((rx.bytes ?? 0) >= (from - to) * 1696)
        }
    }

    @Test func aUsersSdkconfigIsTheBaselineUnderAnySpelling() throws {
        let table = try WorkloadLoader(library: shippedLibrary).knobTable()
        let symbols = try shippedSymbols()
        // Old (IDF 4.4) spelling, a name only the rename lists know (TCP_WND_DEFAULT → LWIP_TCP_WND_DEFAULT), y/n, hex.
        let config = try Sdkconfig.parse(text: """
            CONFIG_ESP32_WIFI_STATIC_RX_BUFFER_NUM=6
            CONFIG_TCP_WND_DEFAULT=2880
            # CONFIG_MBEDTLS_SSL_KEEP_PEER_CERTIFICATE is not set
            CONFIG_LWIP_MAX_SOCKETS=0x8
            CONFIG_FREERTOS_NUMBER_OF_CORES=1
            CONFIG_IDF_TARGET="esp32"
            """, file: "sdkconfig")
        let values = try SdkconfigBaseline.knobValues(config, table: table, symbols: symbols)
        #expect(values == ["ESP_WIFI_STATIC_RX_BUFFER_NUM": 6, "LWIP_TCP_WND_DEFAULT": 2880,
                           "MBEDTLS_SSL_KEEP_PEER_CERTIFICATE": 0, "LWIP_MAX_SOCKETS": 8])  // core count is the device's
        let text = try Sdkconfig.parse(text: "CONFIG_A=y\nCONFIG_LWIP_MAX_SOCKETS=\"8\"\n", file: "my.sdkconfig")
        #expect {
            try SdkconfigBaseline.knobValues(text, table: table, symbols: symbols)
        } throws: { e in
            (e as? Diagnostic).map { $0.file == "my.sdkconfig" && $0.line == 2 && $0.what.contains("LWIP_MAX_SOCKETS takes a number") } ?? false
        }
        // Already at 6 in the user's build: the fragment does not set it again, and the rest is relative to it.
        let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
        let emitted = try EmitCommand.run(Self.request, sdkconfig: config, catalogue: catalogue, library: shippedLibrary)
        #expect(!emitted.fragment.settings.contains { $0.knob == "ESP_WIFI_STATIC_RX_BUFFER_NUM" && $0.value == "6" },
                "\(emitted.fragment.settings.map { "\($0.knob ?? "-")=\($0.value) from \($0.from ?? -1)" })")
        // The user's 2880 B window is not set again; the answer may move it to a cheaper level (4320 costs 1, 2880
        // costs 3, and the recommender drops what the answer does not need), never to the same value.
        #expect(!emitted.fragment.settings.contains { $0.knob == "LWIP_TCP_WND_DEFAULT" && $0.value == "2880" })
        for s in emitted.fragment.settings where s.knob != nil { #expect(s.from == values[s.knob ?? ""] ?? s.from) }
    }

    @Test func boardFilesCarryTheHeapSizeAsEachMicroPythonReleaseTakesIt() throws {
        let table = try WorkloadLoader(library: shippedLibrary).knobTable()
        let levers = try LeverLoader.load(library: shippedLibrary)
        func files(_ minor: Int, port: Firmware.Port = .micropython, major: Int? = nil, name: String = "MY_BOARD") throws -> BoardFiles {
            var r = SdkconfigFragmentTests.report(idf: IDFVersion(5, 4, 2), changes: [], table: table)
            r.firmware = Firmware(port: port, major: major ?? (port == .micropython ? 1 : 9), minor: minor)
            r.initialHeapLever = LeversCommand.initialHeapLever(r.firmware, table: levers)
            let fragment = try SdkconfigFragment.make(report: r, idf: r.idf, table: table, symbols: try shippedSymbols(), worth: [:],
                                                      knobs: table.defaults(on: r.idf), baseline: nil)
            return try BoardFiles.make(EmitReport(recommendation: r, fragment: fragment), boardName: name)
        }
        let current = try files(28)
        #expect(current.files.map(\.name) == ["mpconfigboard.h", "mpconfigboard.cmake", "sdkconfig.heapfit"])
        #expect(current.files[0].contents.contains("\n#define MICROPY_GC_INITIAL_HEAP_SIZE (102400)\n"))
        #expect(current.files[0].contents.contains("#define MICROPY_HW_BOARD_NAME \"MY_BOARD\""))
        #expect(current.files[1].contents.hasSuffix("set(SDKCONFIG_DEFAULTS\n    ${SDKCONFIG_DEFAULTS}\n    boards/MY_BOARD/sdkconfig.heapfit\n)\n"))
        #expect(current.files[2].contents.hasPrefix("# sdkconfig fragment generated by heapfit"))
        #expect(current.initialHeap == .written(file: "mpconfigboard.h", lever: try #require(levers.lever(.initialHeap, port: "micropython", major: 1, minor: 28))))
        #expect(try files(22).files[0].contents.contains("\n#define MICROPY_GC_INITIAL_HEAP_SIZE (102400)\n"))
        // v1.21 hard-codes MP_TASK_HEAP_SIZE in main.c; before that the heap is sized at start-up: no define, the patch instead.
        let v121 = try files(21)
        #expect(v121.files[0].contents.contains("needs a patch to the port: change `#define MP_TASK_HEAP_SIZE (64 * 1024)` in ports/esp32/main.c"))
        #expect(!v121.files[0].contents.contains("MICROPY_GC_INITIAL_HEAP_SIZE"))
        #expect(v121.initialHeap.lever.id == "mp-initial-task-heap-size" && !v121.initialHeap.isWritten)
        let v120 = try files(20)
        #expect(v120.files[0].contents.contains("// No board define sets the initial heap on micropython-1.20: the smaller of the largest free 8-bit block"))
        #expect(!v120.files[0].contents.contains("MICROPY_GC_INITIAL_HEAP_SIZE") && v120.initialHeap.lever.id == "mp-initial-half-of-total")
        // After v1.28 MicroPython's boards append with list(APPEND …).
        #expect(try files(29).files[1].contents.hasSuffix("list(APPEND SDKCONFIG_DEFAULTS\n    boards/MY_BOARD/sdkconfig.heapfit\n)\n"))
        // CircuitPython 9+: the settings.toml line, and no MicroPython define; 8.x: only a port patch, no heap file.
        let cp92 = try files(2, port: .circuitpython)
        #expect(cp92.files.map(\.name) == ["settings.toml", "sdkconfig.heapfit"])
        #expect(cp92.files[0].contents.hasSuffix("\nCIRCUITPY_HEAP_START_SIZE = 102400\n"))
        #expect(cp92.files.allSatisfy { !$0.contents.contains("MICROPY_GC_INITIAL_HEAP_SIZE") })
        #expect(try files(0, port: .circuitpython, major: 10).files[0].contents.hasSuffix("\nCIRCUITPY_HEAP_START_SIZE = 102400\n"))
        let cp82 = try files(2, port: .circuitpython, major: 8)
        #expect(cp82.files.map(\.name) == ["sdkconfig.heapfit"])
        #expect(cp82.initialHeap == .portPatch(try #require(levers.lever(.initialHeap, port: "circuitpython", major: 8, minor: 2))))
        #expect(throws: Diagnostic.self) { try files(24, port: .micropythonESP8266) }
        #expect(throws: Diagnostic.self) { try files(28, name: "my board/..") }
    }
}

/// Files written all or nothing, never over an existing file without force.
@Suite("atomic file writer")
struct AtomicFileWriterTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func anExistingFileStopsEveryWriteAndIsLeftAsItWas() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path, c = dir.appendingPathComponent("c").path
        try "mine\n".write(toFile: b, atomically: true, encoding: .utf8)
        do {
            try AtomicFileWriter.write([(a, "A"), (b, "B"), (c, "C")], force: false)
            Issue.record("wrote over \(b)")
        } catch {
            #expect(error.what == "\(b) already exists; heapfit does not overwrite it")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["b"])  // no a, no c, no temporary file
        #expect(try String(contentsOfFile: b, encoding: .utf8) == "mine\n")
        try "mine\n".write(toFile: c, atomically: true, encoding: .utf8)
        do {
            try AtomicFileWriter.write([(a, "A"), (b, "B"), (c, "C")], force: false)
            Issue.record("wrote over \(b) and \(c)")
        } catch {
            #expect(error.what == "\(b) and \(c) already exist; heapfit does not overwrite them and wrote nothing")
        }
        try AtomicFileWriter.write([(a, "A"), (b, "B"), (c, "C")], force: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a", "b", "c"])
        #expect(try String(contentsOfFile: b, encoding: .utf8) == "B")
    }

    @Test func aMissingDirectoryOrADirectoryInTheWayIsADiagnostic() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: Diagnostic.self) { try AtomicFileWriter.write([(dir.appendingPathComponent("no/such/file").path, "x")], force: true) }
        #expect(throws: Diagnostic.self) { try AtomicFileWriter.write([(dir.path, "x")], force: true) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
