import Foundation
import Testing
@testable import Model

/// The advisories file: the shipped one loads, and every kind of bad entry is a diagnostic that
/// names the file and the line of the offending key or value.
@Suite("advisory loader")
struct AdvisoryLoaderTests {
    static let chips: Set<String> = ["ESP32", "ESP32-S2", "ESP32-S3", "ESP32-C2", "ESP32-C3"]
    static let knobs: Set<String> = ["MBEDTLS_SSL_IN_CONTENT_LEN", "MBEDTLS_SSL_PROTO_DTLS"]

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "heapfit-advisories-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func load(_ text: String) throws -> [Advisory] {
        try AdvisoryLoader.load(path: try write(text), chips: Self.chips, knobs: Self.knobs)
    }

    func diagnostic(_ text: String) throws -> Diagnostic {
        let path = try write(text)
        do {
            _ = try AdvisoryLoader.load(path: path, chips: Self.chips, knobs: Self.knobs)
        } catch {
            #expect(error.file == path)
            return error
        }
        Issue.record("no diagnostic for a bad file")
        return Diagnostic("none")
    }

    static let good = """
        advisories:
          - id: example-one
            title: "An example"
            severity: medium
            when:
              firmware: "micropython >=1.22 <1.26 | pycom"
              idf: ">=5.3.2 <5.4.2"
              chips: [ESP32, ESP32-S3]
              psram: false
              features: [tls, "!ble"]
              initialHeap: ">=56K"
              knobs: {MBEDTLS_SSL_IN_CONTENT_LEN: "<16384"}
              outcome: {grew: true}
            advice: "Do this."
            source: {domain: "https://github.com/micropython/micropython/issues/1", upstream: "micropython#1"}
          - id: example-two
            title: "Always"
            severity: low
            advice: "Know this."
            source: {domain: "micropython-heap.md", upstream: "commit abc"}
        """

    @Test func aGoodFileLoadsEveryCondition() throws {
        let a = try load(Self.good)
        #expect(a.map(\.id) == ["example-one", "example-two"])
        let c = a[0].conditions
        #expect(a[0].severity == .medium)
        #expect(a[0].line == 2)
        #expect(c.firmware?.contains(port: "micropython", major: 1, minor: 25) == true)
        #expect(c.firmware?.contains(port: "micropython", major: 1, minor: 26) == false)
        #expect(c.firmware?.contains(port: "micropython", major: 1, minor: 21) == false)
        #expect(c.firmware?.contains(port: "pycom", major: 1, minor: 20) == true)
        #expect(c.firmware?.contains(port: "circuitpython", major: 9, minor: 2) == false)
        #expect(c.idf?.contains(IDFVersion(5, 4, 1)) == true)
        #expect(c.idf?.contains(IDFVersion(5, 4, 2)) == false)
        #expect(c.chips == ["ESP32", "ESP32-S3"])
        #expect(c.psram == false)
        #expect(c.features == [.tls] && c.absentFeatures == [.ble])
        #expect(c.initialHeap?.holds(57344) == true && c.initialHeap?.holds(57343) == false)
        #expect(c.knobs["MBEDTLS_SSL_IN_CONTENT_LEN"]?.holds(4096) == true)
        #expect(c.knobs["MBEDTLS_SSL_IN_CONTENT_LEN"]?.holds(16384) == false)
        #expect(c.grew == true && c.fits == nil)
        #expect(a[0].source.description == "https://github.com/micropython/micropython/issues/1; micropython#1")
        #expect(a[1].conditions == AdvisoryConditions())
    }

    @Test func anUnknownConditionKeyNamesItsLine() throws {
        let d = try diagnostic(Self.good.replacingOccurrences(of: "      psram: false", with: "      psramm: false"))
        #expect(d.line == 9)
        #expect(d.what == "Unknown key `psramm` in `when` of `example-one`")
        #expect(d.expected?.contains("initialHeap") == true)
    }

    @Test func badValuesAreLocated() throws {
        let feature = try diagnostic(Self.good.replacingOccurrences(of: "[tls, \"!ble\"]", with: "[tls, bluetooth]"))
        #expect(feature.line == 10 && feature.what.contains("Unknown workload feature `bluetooth`"))
        let chip = try diagnostic(Self.good.replacingOccurrences(of: "[ESP32, ESP32-S3]", with: "[ESP32, ESP32-S9]"))
        #expect(chip.line == 8 && chip.what.contains("Unknown chip `ESP32-S9`"))
        let port = try diagnostic(Self.good.replacingOccurrences(of: "| pycom", with: "| pycon"))
        #expect(port.line == 6 && port.what.contains("is not a firmware range"))
        let knob = try diagnostic(Self.good.replacingOccurrences(of: "{MBEDTLS_SSL_IN_CONTENT_LEN:", with: "{MBEDTLS_IN_LEN:"))
        #expect(knob.line == 12 && knob.what.contains("Unknown knob `MBEDTLS_IN_LEN`"))
        let comparison = try diagnostic(Self.good.replacingOccurrences(of: "\">=56K\"", with: "\"big\""))
        #expect(comparison.line == 11 && comparison.what.contains("is not a comparison"))
        let severity = try diagnostic(Self.good.replacingOccurrences(of: "severity: medium", with: "severity: urgent"))
        #expect(severity.line == 4 && severity.what.contains("Unknown severity `urgent`"))
        let outcome = try diagnostic(Self.good.replacingOccurrences(of: "{grew: true}", with: "{grows: true}"))
        #expect(outcome.line == 13 && outcome.what.contains("Unknown key `grows`"))
        let entryKey = try diagnostic(Self.good.replacingOccurrences(of: "    advice: \"Do this.\"", with: "    advise: \"Do this.\""))
        #expect(entryKey.line == 14 && entryKey.what.contains("Unknown key `advise` in an advisory"))
    }

    @Test func missingFieldsAndDuplicatesAreDiagnostics() throws {
        let noSource = try diagnostic(Self.good.replacingOccurrences(of: "    source: {domain: \"micropython-heap.md\", upstream: \"commit abc\"}\n", with: "")
            .replacingOccurrences(of: "    source: {domain: \"micropython-heap.md\", upstream: \"commit abc\"}", with: ""))
        #expect(noSource.what == "Missing `source`")
        #expect(noSource.line == 16)
        let duplicate = try diagnostic(Self.good.replacingOccurrences(of: "id: example-two", with: "id: example-one"))
        #expect(duplicate.what.contains("used twice (first at line 2)"))
        let notKebab = try diagnostic(Self.good.replacingOccurrences(of: "id: example-two", with: "id: Example_Two"))
        #expect(notKebab.what.contains("is not kebab-case"))
    }

    @Test func sizeComparisonsParseEveryOperator() throws {
        #expect(SizeComparison(parsing: "<=4K")?.holds(4096) == true)
        #expect(SizeComparison(parsing: "<=4K")?.holds(4097) == false)
        #expect(SizeComparison(parsing: "<4K")?.holds(4096) == false)
        #expect(SizeComparison(parsing: "!=0")?.holds(1) == true)
        #expect(SizeComparison(parsing: "4096")?.holds(4096) == true)
        #expect(SizeComparison(parsing: ">x") == nil)
        #expect(FirmwareRange(parsing: "micropython >=1.x") == nil)
    }

    @Test func theShippedFileLoadsWithSourcedEntries() throws {
        let path = URL(fileURLWithPath: repositoryCatalogue).deletingLastPathComponent()
            .appendingPathComponent("workloads/advisories/advisories.yaml").path
        let all = try AdvisoryLoader.load(path: path, chips: ["ESP32", "ESP32-S2", "ESP32-S3", "ESP32-C2", "ESP32-C3", "ESP32-C6", "ESP8266"],
                                          knobs: ["MBEDTLS_SSL_IN_CONTENT_LEN", "MBEDTLS_SSL_OUT_CONTENT_LEN", "MBEDTLS_SSL_PROTO_DTLS"])
        #expect(all.count >= 10)
        for a in all {
            #expect(a.source.domain.hasPrefix("https://") || a.source.domain.hasPrefix("docs/domain/"), "\(a.id): \(a.source.domain)")
            #expect(a.advice.count > 80, "\(a.id) gives no real advice")
        }
        // Every field report the project started from is the source of at least one advisory.
        for thread in ["https://github.com/micropython/micropython/issues/16650", "https://github.com/adafruit/circuitpython/issues/9937",
                       "https://community.hiveeyes.org/t/investigating-random-core-panics-on-pycom-esp32-devices/2480",
                       "https://docs.micropython.org/en/latest/esp8266/general.html",
                       "https://github.com/micropython/micropython/issues/8940"] {
            #expect(all.contains { $0.source.domain.contains(thread) }, "no advisory from \(thread)")
        }
    }
}
