import Foundation
import Testing
@testable import Model

/// Files heapfit reads are bounded before they are read, YAML nesting is bounded by the reader, and
/// misspelt names get the closest known ones.
@Suite("input bounds")
struct InputBoundsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-bounds-\(getpid())")

    @Test func aFileOverTheLimitIsRefusedByItsSizeBeforeItIsRead() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.yaml")
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: UInt64(InputFile.yamlLimit + 1))  // sparse: nothing is written
        try handle.close()
        #expect(throws: Diagnostic.self) { try InputFile.read(file.path, what: "a workload file", limit: InputFile.yamlLimit) }
        do {
            _ = try WorkloadLoader(library: folder.path).workload(file.path)
        } catch {
            #expect(error.what == "\(file.path) is \(InputFile.yamlLimit + 1) bytes, more than the 4 MiB heapfit reads as a workload file")
            #expect(error.expected == "a file of at most 4 MiB")
        }
        #expect(try InputFile.read(file.path, what: "x", limit: InputFile.yamlLimit + 1).count == InputFile.yamlLimit + 1)
    }

    @Test func devicesAndFoldersAreRefusedWithoutReading() throws {
        for path in ["/dev/zero", "/dev/null", "/tmp"] {
            do {
                _ = try InputFile.read(path, what: "a workload file", limit: InputFile.yamlLimit)
                Issue.record("\(path) was read")
            } catch {
                #expect(error.what == "\(path) is not a regular file (it is a folder, a device or a pipe), so it cannot be a workload file")
            }
        }
        do {
            _ = try InputFile.read("/nonexistent/x.yaml", what: "a workload file", limit: 10)
        } catch {
            #expect(error.description == "Cannot read /nonexistent/x.yaml. Expected a readable file. Check the path.")
        }
    }

    @Test func nestingPastTheYAMLReadersLimitIsToldAsThatLimit() throws {
        let deep = "idfReleases: " + String(repeating: "[", count: 1200) + String(repeating: "]", count: 1200)
        do {
            _ = try CatalogueLoader.parse(deep, file: "deep.yaml")
            Issue.record("1200 levels were accepted")
        } catch {
            #expect(error.what.contains("nested more than 1000 levels deep"))
            #expect(error.line == 1)
            #expect(error.fix?.contains("Flatten the nesting") == true)
            #expect(!error.description.contains("yaml_set_max_nest_level"))
        }
        // 900 levels are within the limit: the reader gets to the catalogue's own checks.
        let shallow = "idfReleases: " + String(repeating: "[", count: 900) + String(repeating: "]", count: 900)
        #expect(throws: Diagnostic.self) { try CatalogueLoader.parse(shallow, file: "deep.yaml") }
    }

    @Test func misspeltNamesGetTheClosestKnownOnes() {
        let known = ["MBEDTLS_SSL_IN_CONTENT_LEN", "MBEDTLS_SSL_OUT_CONTENT_LEN", "ESP_WIFI_STATIC_RX_BUFFER_NUM"]
        #expect(NameSuggestion.closest(to: "MBEDTLS_SSL_IN_CONTNET_LEN", in: known) == ["MBEDTLS_SSL_IN_CONTENT_LEN"])
        #expect(NameSuggestion.closest(to: "mbedtls_ssl_out_content_len", in: known) == ["MBEDTLS_SSL_OUT_CONTENT_LEN"])
        #expect(NameSuggestion.closest(to: "LWIP_MAX_SOCKETS", in: known).isEmpty)
        #expect(NameSuggestion.hint(for: "ESP_WIFI_STATIC_RX_BUF_NUM", in: known) == " Did you mean ESP_WIFI_STATIC_RX_BUFFER_NUM?")
        #expect(NameSuggestion.hint(for: "XYZ", in: known) == "")
    }

    @Test func sizeExpressionsReportOverflowAndRefuseRunawayNesting() throws {
        #expect(try SizeExpression.parse("1000000000 * 1000000000 * 1000").get().evaluate([:])
                == .failure(ExpressionError(message: "((1000000000 * 1000000000) * 1000) overflows 64-bit arithmetic")))
        #expect(try SizeExpression.parse("999999999999 * 9223371").get().evaluate([:]) == .success(9_223_370_999_990_776_629))
        #expect(try SizeExpression.parse(String(repeating: "(", count: 63) + "1" + String(repeating: ")", count: 63)).get()
                .evaluate([:]) == .success(1))
        guard case .failure(let deep) = SizeExpression.parse(String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65)),
              case .failure(let long) = SizeExpression.parse(Array(repeating: "1", count: 258).joined(separator: "+")),
              case .failure(let garbled) = SizeExpression.parse(String(repeating: "1+", count: 100) + "*") else {
            Issue.record("a runaway expression parsed")
            return
        }
        #expect(deep.message == "the expression nests parentheses or signs more than 64 deep")
        #expect(long.message == "the expression has more than 256 operators")
        #expect(garbled.message.hasSuffix("…'"))  // the quoted expression is clipped to 80 characters
        #expect(garbled.message.count < 200)
    }
}
