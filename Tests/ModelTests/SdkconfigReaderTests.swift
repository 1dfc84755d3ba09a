import Testing
@testable import Model

/// The sdkconfig reader: every form kconfgen writes, and a located diagnostic for anything else.
@Suite("sdkconfig reader")
struct SdkconfigReaderTests {
    @Test func readsEveryFormKconfgenWrites() throws {
        let text = """
            #
            # Automatically generated file. DO NOT EDIT.
            # Espressif IoT Development Framework (ESP-IDF) 5.4.2 Project Configuration
            #
            CONFIG_MBEDTLS_ASYMMETRIC_CONTENT_LEN=y
            # CONFIG_MBEDTLS_DYNAMIC_BUFFER is not set
            CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN=4096\r
            CONFIG_ESP_MAIN_TASK_STACK_SIZE=0xE00
            CONFIG_LOG_DEFAULT_LEVEL=-1
            CONFIG_IDF_TARGET="esp32"
            CONFIG_APP_PROJECT_VER="say \\"hi\\" \\\\ bye"
            \tCONFIG_LWIP_MAX_SOCKETS = 8  \n
            CONFIG_MBEDTLS_SSL_PROTO_DTLS=n
            CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN=2048
            """
        let c = try Sdkconfig.parse(text: text, file: "sdkconfig")
        #expect(c["MBEDTLS_ASYMMETRIC_CONTENT_LEN"] == .enabled)
        #expect(c["MBEDTLS_DYNAMIC_BUFFER"] == .disabled)
        #expect(c["ESP_MAIN_TASK_STACK_SIZE"] == .number(3584))
        #expect(c["LOG_DEFAULT_LEVEL"] == .number(-1))
        #expect(c["IDF_TARGET"] == .text("esp32"))
        #expect(c["APP_PROJECT_VER"] == .text("say \"hi\" \\ bye"))
        #expect(c["LWIP_MAX_SOCKETS"] == .number(8))
        #expect(c["MBEDTLS_SSL_PROTO_DTLS"] == .disabled)
        // The later line wins, keeps the first line's place in the order and reports its own line number.
        #expect(c["MBEDTLS_SSL_OUT_CONTENT_LEN"] == .number(2048))
        #expect(c.entries.first { $0.name == "MBEDTLS_SSL_OUT_CONTENT_LEN" }?.line == 15)
        #expect(c.entries.map(\.name).prefix(3) == ["MBEDTLS_ASYMMETRIC_CONTENT_LEN", "MBEDTLS_DYNAMIC_BUFFER", "MBEDTLS_SSL_OUT_CONTENT_LEN"])
        #expect(c.entries.count == 9)
        // A comment that merely mentions an option is a comment.
        #expect(try Sdkconfig.parse(text: "# CONFIG_X is what we use\n#CONFIG_Y is not set", file: "f").entries.map(\.name) == ["Y"])
        #expect(try Sdkconfig.parse(text: "", file: "f").entries.isEmpty)
    }

    @Test(arguments: [
        ("CONFIG_A=1\nMBEDTLS_SSL_IN_CONTENT_LEN=4096", 2, "'MBEDTLS_SSL_IN_CONTENT_LEN' is not a Kconfig option name"),
        ("CONFIG_A=y\n\nCONFIG_B", 3, "'CONFIG_B' is not a setting"),
        ("CONFIG_A=yes", 1, "The value of CONFIG_A ('yes') is not one ESP-IDF writes"),
        ("CONFIG_A=\"open", 1, "The value of CONFIG_A ('\"open') is not one ESP-IDF writes"),
        ("CONFIG_A=\"a\"b\"", 1, "The value of CONFIG_A ('\"a\"b\"') is not one ESP-IDF writes"),
        ("CONFIG_A=0x", 1, "The value of CONFIG_A ('0x') is not one ESP-IDF writes"),
        ("CONFIG_A=0x-5", 1, "The value of CONFIG_A ('0x-5') is not one ESP-IDF writes"),
        ("CONFIG_A=--5", 1, "The value of CONFIG_A ('--5') is not one ESP-IDF writes"),
        ("CONFIG_A=+5", 1, "The value of CONFIG_A ('+5') is not one ESP-IDF writes"),
        ("CONFIG_A=99999999999999999999", 1, "The value of CONFIG_A ('99999999999999999999') is not one ESP-IDF writes"),
        ("CONFIG_A=", 1, "The value of CONFIG_A ('') is not one ESP-IDF writes"),
        ("CONFIG_=1", 1, "'CONFIG_' is not a Kconfig option name"),
        ("CONFIG_A-B=1", 1, "'CONFIG_A-B' is not a Kconfig option name"),
        ("CONFIG_A=m", 1, "The value of CONFIG_A ('m') is not one ESP-IDF writes"),
    ])
    func badLinesAreDiagnosedWithFileAndLine(text: String, line: Int, what: String) {
        #expect(throws: Diagnostic.self) { try Sdkconfig.parse(text: text, file: "my/sdkconfig") }
        do {
            _ = try Sdkconfig.parse(text: text, file: "my/sdkconfig")
        } catch {
            #expect(error.file == "my/sdkconfig")
            #expect(error.line == line)
            #expect(error.what == what)
            #expect(error.fix?.contains("CONFIG_NAME=value") == true)
        }
    }

    @Test func aLongBadLineIsQuotedShort() {
        do {
            _ = try Sdkconfig.parse(text: String(repeating: "x", count: 500), file: "f")
            Issue.record("a line of x parsed")
        } catch {
            #expect(error.what.count < 80)
            #expect(error.what.contains("…"))
        }
    }
}

/// The Kconfig name list's reader and which listed release an IDF release is checked against.
@Suite("Kconfig name list")
struct KconfigSymbolsTests {
    let text = """
        # comment
        names: A B OLD NEW
        v5.4: A NEW
        v5.4 renamed: OLD>NEW
        v4.4: A OLD
        v4.4 renamed:
        """

    @Test func readsReleasesAndMapsUnlistedOnesToTheNearestOlder() throws {
        let s = try KconfigSymbols.parse(text: text, file: "symbols.txt")
        #expect(s.covered == ["A", "B", "OLD", "NEW"])
        #expect(s.releases.map(\.tag) == [IDFVersion(4, 4), IDFVersion(5, 4)])
        #expect(s.release(for: IDFVersion(5, 4))?.renamed == ["OLD": "NEW"])
        #expect(s.release(for: IDFVersion(5, 4, 9))?.tag == IDFVersion(5, 4))
        #expect(s.release(for: IDFVersion(5, 3))?.tag == IDFVersion(4, 4))
        #expect(s.release(for: IDFVersion(4, 2))?.tag == IDFVersion(4, 4))  // before the first: the oldest listed
        #expect(s.release(for: IDFVersion(4, 4))?.names == ["A", "OLD"])
    }

    @Test func badLinesAreDiagnosed() {
        for (bad, line) in [("names: A\nv5.x: A", 2), ("v5.4 renamed: A-B", 1), ("no colon here", 1), ("v5.4 extra: A", 1)] {
            do {
                _ = try KconfigSymbols.parse(text: bad, file: "s.txt")
                Issue.record("\(bad) parsed")
            } catch {
                #expect(error.file == "s.txt" && error.line == line, "\(bad): \(error)")
            }
        }
    }
}
