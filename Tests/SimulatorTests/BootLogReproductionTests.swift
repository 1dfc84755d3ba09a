import Foundation
import Model
import Testing
@testable import Simulator

/// A real `heap_init` log from Tests/Fixtures/boot-logs and how to boot the catalogue to reproduce it.
/// Header lines (`# key: value  comment`) name the chip, release, features and the static sizes derived
/// from the log itself; every other non-empty line is a heap_init line, verbatim.
struct BootLogFixture: CustomTestStringConvertible, Sendable {
    var file: String
    var chip: String
    /// nil = every catalogue release that supports the chip.
    var idf: IDFVersion?
    var features: Features
    var staticDRAM: Int
    var staticIRAM: Int?
    var staticRTC: Int
    /// `all`: the prediction equals the log; `subset`: the log's lines appear in the prediction, in order.
    var complete: Bool
    var lines: [String]
    /// Lines the source says are present but does not quote (`# also:`).
    var alsoPresent: [String]

    var testDescription: String { file }

    init(url: URL) throws {
        let name = url.lastPathComponent
        let text = try String(contentsOf: url, encoding: .utf8)
        var header: [String: String] = [:]
        var body: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw)
            if line.hasPrefix("#") {
                let rest = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy({ $0.isLetter || $0 == "-" }) {
                    header[String(rest[..<colon])] = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            } else {
                body.append(line)
            }
        }
        let h = header
        func first(_ key: String) throws -> String {
            try #require(h[key]?.split(separator: " ").first.map(String.init), "\(name): no `# \(key):`")
        }
        func size(_ key: String) throws -> Int? {
            guard h[key] != nil else { return nil }
            return try fixtureValue(SizeParser.parse(try first(key)), "\(name): `# \(key):` is not a size")
        }
        let idfText = try first("idf")
        file = name
        chip = try first("chip")
        idf = idfText == "all" ? nil : try fixtureValue(IDFVersion(parsing: idfText), "\(name): `# idf: \(idfText)` is not a release")
        features = try Self.features(header["features"] ?? "")
        staticDRAM = try #require(try size("static-dram"))
        staticIRAM = try size("static-iram")
        staticRTC = try size("static-rtc") ?? 0
        complete = try first("lines") == "all"
        lines = body
        alsoPresent = header["also"].map { $0.components(separatedBy: " | ") } ?? []
    }

    /// `bluetooth sco=3 rtcFastHeap=false dcache=32K`.
    static func features(_ text: String) throws -> Features {
        var f = Features()
        for token in text.split(separator: " ") {
            let parts = token.split(separator: "=").map(String.init)
            let on = parts.count == 1 || parts[1] == "true"
            switch parts[0] {
            case "bluetooth": f.bluetooth = on
            case "btController": f.btController = on
            case "singleCore": f.singleCore = on
            case "spiram": f.spiram = on; f.spiramSize = 4 << 20
            case "rtcFastHeap": f.rtcFastHeap = on
            case "memprot": f.memprot = on
            case "sco": f.scoConnections = try #require(Int(parts[1]))
            case "icache": f.icache = try fixtureValue(SizeParser.parse(parts[1]), "icache \(parts[1]) is not a size")
            case "dcache": f.dcache = try fixtureValue(SizeParser.parse(parts[1]), "dcache \(parts[1]) is not a size")
            default: Issue.record("unknown fixture feature \(token)")
            }
        }
        return f
    }
}

func bootLogFixtures() -> [BootLogFixture] {
    fixtureFiles(in: "boot-logs", withExtension: "log").compactMap { try? BootLogFixture(url: $0) }
}

@Suite("Real heap_init logs, reproduced through the catalogue")
struct BootLogReproductionTests {
    /// Every fixture parses (a broken header would silently drop a case from the parameterised test).
    @Test func everyFixtureParses() throws {
        let files = fixtureFiles(in: "boot-logs", withExtension: "log")
        #expect(files.count >= 15)
        for url in files { _ = try BootLogFixture(url: url) }
        #expect(bootLogFixtures().count == files.count)
    }

    @Test(arguments: bootLogFixtures())
    func reproduces(_ log: BootLogFixture) throws {
        let catalogue = try repoCatalogue()
        let chip = try #require(catalogue.chip(named: log.chip))
        let releases = log.idf.map { [$0] } ?? catalogue.releases(of: chip)
        #expect(!releases.isEmpty)
        for idf in releases {
            let layout = try chip.layout(idf: idf, features: log.features, file: catalogue.file)
            let placement = try StaticPlacement(chip: layout, staticDRAM: log.staticDRAM, staticIRAM: log.staticIRAM,
                                                staticRTC: log.staticRTC)
            let predicted = try Boot.pieces(chip: layout, placement: placement).map(\.logLine)
            let matches = log.complete ? predicted == log.lines : isSubsequence(log.lines, of: predicted)
            #expect(matches, "\(log.file) on IDF \(idf): predicted \(predicted)")
            for line in log.alsoPresent { #expect(predicted.contains(line), "\(log.file): \(line)") }
            if !matches { break }  // one report per fixture is enough
        }
    }

    /// The same logs do not come out of a wrong configuration: the fixtures' features matter.
    @Test func aWrongReleaseOrFeatureChangesTheLines() throws {
        let catalogue = try repoCatalogue()
        let s3 = try #require(catalogue.chip(named: "ESP32-S3"))
        func lines(_ idf: IDFVersion, _ f: Features, dram: Int, rtc: Int) throws -> [String] {
            let l = try s3.layout(idf: idf, features: f, file: catalogue.file)
            return try Boot.pieces(chip: l, placement: StaticPlacement(chip: l, staticDRAM: dram, staticIRAM: nil, staticRTC: rtc))
                .map(\.logLine)
        }
        // squeezelite-esp32#398 with memory protection on: DRAM / STACK/DRAM instead of D/IRAM / STACK/DIRAM.
        let memprot = try lines(IDFVersion(4, 4, 6), Features(memprot: true), dram: 129_568, rtc: 44)
        #expect(memprot.first == "At 3FCA7A20 len 00041CF0 (263 KiB): DRAM")
        // esp-protocols#181 on v4.4.3: the 0x3FCE0000 block is split at 0x3FCE9710.
        let split = try lines(IDFVersion(4, 4, 3), Features(), dram: 64_288, rtc: 0)
        #expect(split.first == "At 3FC97B20 len 00051BF0 (326 KiB): D/IRAM")
        #expect(split[1] == "At 3FCE9710 len 00005724 (21 KiB): STACK/DRAM")
    }
}

/// `needle`'s elements appear in `haystack` in the same order (not necessarily adjacent).
func isSubsequence(_ needle: [String], of haystack: [String]) -> Bool {
    var i = needle.startIndex
    for h in haystack where i < needle.endIndex && needle[i] == h { i += 1 }
    return i == needle.endIndex
}

/// A fixture header's value, or an error naming what is wrong (`#require` on these optionals draws a spurious
/// "never equals nil" warning from Swift 6.3's swift-testing macro).
struct FixtureHeaderError: Error, CustomStringConvertible { var description: String }
func fixtureValue<T>(_ value: T?, _ problem: @autoclosure () -> String) throws -> T {
    guard let value else { throw FixtureHeaderError(description: problem()) }
    return value
}
