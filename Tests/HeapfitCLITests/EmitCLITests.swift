import Foundation
import Testing

/// `heapfit sdkconfig` and `heapfit board-files` run as a user runs them: the built binary, the files
/// it writes (or refuses to write) and its exit code.
@Suite("sdkconfig and board-files, end to end")
struct EmitCLITests {
    static let scenario = ["--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "https-get-x2"]
    /// Ranked by the largest heap, which changes knobs (ranked by margin, this scenario changes none).
    static let args = scenario + ["--objective", "largest-heap"]

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-emit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The Kconfig names of `tag` in workloads/kconfig/symbols.txt.
    func names(_ tag: String) throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workloads/kconfig/symbols.txt")
        let line = try #require(try String(contentsOf: file, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("v\(tag): ") })
        return Set(line.dropFirst("v\(tag): ".count).split(separator: " ").map(String.init))
    }

    /// The option names of a fragment's setting lines, each checked to follow a comment line.
    func options(_ fragment: String) -> [String] {
        let lines = fragment.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for (i, line) in lines.enumerated() {
            let name: Substring
            if line.hasPrefix("CONFIG_") {
                name = line.dropFirst("CONFIG_".count).prefix { $0 != "=" }
            } else if line.hasPrefix("# CONFIG_"), line.hasSuffix(" is not set") {
                name = line.dropFirst("# CONFIG_".count).dropLast(" is not set".count)
            } else { continue }
            #expect(i > 0 && lines[i - 1].hasPrefix("# ") && !lines[i - 1].hasPrefix("# CONFIG_"), "no comment above \(line)")
            out.append(String(name))
        }
        return out
    }

    @Test func printsTheFragmentWithTheRecommendedHeapAndOnlyTheReleasesNames() throws {
        let r = try runHeapfit(["sdkconfig"] + Self.args)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let rec = try runHeapfit(["recommend", "--json"] + Self.args)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(rec.stdout.utf8)) as? [String: Any])
        let heap = try #require(json["initialHeapSize"] as? Int)
        #expect(r.stdout.contains("# Verdict: MICROPY_GC_INITIAL_HEAP_SIZE = \(heap) ("))
        let emitted = options(r.stdout)
        #expect(!emitted.isEmpty)
        let known = try names("5.4.2")
        #expect(Set(emitted).isSubset(of: known), "\(Set(emitted).subtracting(known))")
        // Every knob change of `recommend` is a line of the fragment, spelled for 5.4.2.
        for key in (json["knobs"] as? [String: Int] ?? [:]).keys { #expect(emitted.contains(key), "\(key) missing") }
        #expect(try runHeapfit(["sdkconfig"] + Self.args).stdout == r.stdout)  // deterministic
        // IDF 4.4 spells the Wi-Fi options ESP32_WIFI_… (dynamic buffers kept off so a Wi-Fi knob is chosen).
        let old = try runHeapfit(["sdkconfig", "--idf", "4.4", "--keep", "MBEDTLS_DYNAMIC_BUFFER"])
        #expect(old.status == 0)
        #expect(old.stdout.contains("\nCONFIG_ESP32_WIFI_STATIC_RX_BUFFER_NUM="))
        #expect(Set(options(old.stdout)).isSubset(of: try names("4.4")))
    }

    @Test func outWritesOnceAndNeverOverwritesWithoutForce() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("sdkconfig.heapfit").path
        let printed = try runHeapfit(["sdkconfig"] + Self.args).stdout
        let first = try runHeapfit(["sdkconfig", "--out", file] + Self.args)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("Wrote \(file): "))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed)
        try "# mine\n".write(toFile: file, atomically: true, encoding: .utf8)
        let again = try runHeapfit(["sdkconfig", "--out", file] + Self.args)
        #expect(again.status == 2)
        #expect(again.stderr == "heapfit sdkconfig: \(file) already exists; heapfit does not overwrite it. Pass --force to replace it, or choose another --out path.\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "# mine\n")
        let forced = try runHeapfit(["sdkconfig", "--out", file, "--force"] + Self.args)
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sdkconfig.heapfit"])  // no temporary files left
    }

    @Test func jsonListsTheSettingsWithTheirBytes() throws {
        let r = try runHeapfit(["sdkconfig", "--json"] + Self.args)
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let settings = try #require(json["settings"] as? [[String: Any]])
        #expect(json["kconfigNamesOf"] as? String == "v5.4.2")
        #expect(json["fragment"] as? String == (try runHeapfit(["sdkconfig"] + Self.args)).stdout)
        for s in settings where s["knob"] != nil {
            #expect((s["bytes"] as? Int ?? 0) > 0)
            #expect((s["option"] as? String)?.hasPrefix("CONFIG_") == true)
        }
    }

    @Test func boardFilesWritesTheThreeFilesWithRecommendsHeapSize() throws {
        let dir = try scratch().appendingPathComponent("MY_BOARD")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try runHeapfit(["board-files", "--out", dir.path] + Self.args)
        #expect(r.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["mpconfigboard.cmake", "mpconfigboard.h", "sdkconfig.heapfit"])
        let rec = try runHeapfit(["recommend", "--json"] + Self.args)
        let heap = try #require((try JSONSerialization.jsonObject(with: Data(rec.stdout.utf8)) as? [String: Any])?["initialHeapSize"] as? Int)
        let header = try String(contentsOf: dir.appendingPathComponent("mpconfigboard.h"), encoding: .utf8)
        #expect(header.contains("\n#define MICROPY_GC_INITIAL_HEAP_SIZE (\(heap))\n"))
        let cmake = try String(contentsOf: dir.appendingPathComponent("mpconfigboard.cmake"), encoding: .utf8)
        #expect(cmake.contains("    boards/MY_BOARD/sdkconfig.heapfit\n"))
        #expect(try String(contentsOf: dir.appendingPathComponent("sdkconfig.heapfit"), encoding: .utf8)
                == (try runHeapfit(["sdkconfig"] + Self.args)).stdout)
        // Again without --force: exit 2, every file named, nothing touched.
        try "// mine\n".write(to: dir.appendingPathComponent("mpconfigboard.h"), atomically: true, encoding: .utf8)
        let again = try runHeapfit(["board-files", "--out", dir.path] + Self.args)
        #expect(again.status == 2)
        for name in ["mpconfigboard.h", "mpconfigboard.cmake", "sdkconfig.heapfit"] { #expect(again.stderr.contains(dir.appendingPathComponent(name).path)) }
        #expect(try String(contentsOf: dir.appendingPathComponent("mpconfigboard.h"), encoding: .utf8) == "// mine\n")
        // One file in the way: none of the others is written either.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("mpconfigboard.cmake"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sdkconfig.heapfit"))
        #expect(try runHeapfit(["board-files", "--out", dir.path] + Self.args).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["mpconfigboard.h"])
        let forced = try runHeapfit(["board-files", "--out", dir.path, "--force", "--json"] + Self.args)
        #expect(forced.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(forced.stdout.utf8)) as? [String: Any])
        #expect(json["initialHeapSize"] as? Int == heap)
        #expect((json["files"] as? [[String: Any]])?.map { $0["name"] as? String } == ["mpconfigboard.h", "mpconfigboard.cmake", "sdkconfig.heapfit"])
        #expect(try String(contentsOf: dir.appendingPathComponent("mpconfigboard.h"), encoding: .utf8) == header)
    }

    @Test func badInputExitsTwoWithTheFileAndLine() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("sdkconfig").path
        try "CONFIG_LWIP_MAX_SOCKETS=8\nLWIP_TCP_MSS=1440\n".write(toFile: config, atomically: true, encoding: .utf8)
        for command in ["sdkconfig", "board-files", "recommend", "simulate"] {
            var args = [command, "--sdkconfig", config] + (command == "simulate" ? Self.scenario : Self.args)
            if command == "board-files" { args += ["--out", dir.path] }
            let r = try runHeapfit(args)
            #expect(r.status == 2, "\(command)")
            #expect(r.stderr.hasPrefix("heapfit \(command): \(config):2: 'LWIP_TCP_MSS' is not a Kconfig option name."), "\(command): \(r.stderr)")
        }
        // A missing --out folder is created (issue 14); a file in its place is bad input.
        let made = dir.appendingPathComponent("missing/MY_BOARD")
        let created = try runHeapfit(["board-files", "--out", made.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: made.path).sorted() == ["mpconfigboard.cmake", "mpconfigboard.h", "sdkconfig.heapfit"])
        #expect(try runHeapfit(["board-files", "--out", config]).status == 2)
        #expect(try runHeapfit(["sdkconfig", "--force"]).stderr.contains("--force is given without --out"))
    }

    @Test func anSdkconfigBaselineChangesWhatSimulateReplays() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("sdkconfig").path
        // 16 KiB less for both TLS sessions' input buffers: the lowest free IDF memory rises.
        try "CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN=4096\n".write(toFile: config, atomically: true, encoding: .utf8)
        let plain = try runHeapfit(["simulate", "--json"] + Self.scenario)
        let based = try runHeapfit(["simulate", "--json", "--sdkconfig", config] + Self.scenario)
        let low = { (s: String) throws -> Int in
            let json = try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any]
            return try #require((json?["idf"] as? [String: Any])?["minimumInternalFree"] as? Int)
        }
        #expect(try low(based.stdout) - low(plain.stdout) >= 12288)
    }
}
