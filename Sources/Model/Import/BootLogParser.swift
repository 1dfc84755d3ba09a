import Foundation

/// Reads the `heap_init` lines and hints out of an ESP-IDF boot log, whatever surrounds them:
/// other log lines, timestamps added by a terminal (`[18:30:12]I (737) heap_init: …`), colour codes
/// (removed by `ImportText`), debug lines (`D (1923) heap_init: New heap initialised at 0x…`).
public enum BootLogParser {
    /// A `heap_init: At` line anywhere, or a bare `At 3FFAE6E0 len 00001920 (6 KiB): DRAM` line
    /// (logs quoted without their prefix).
    public static func recognises(_ text: ImportText) -> Bool {
        text.lines.contains { isHeapLine($0.text) }
    }

    /// The first boot in the file (see `parseAll`).
    public static func parse(_ text: ImportText) throws(Diagnostic) -> BootLog {
        try parseAll(text).first ?? BootLog(heaps: [])
    }

    /// Every boot in the file: a capture of a board that resets prints its heaps again. A new boot
    /// begins where a heap address repeats or `heap_init: Initializing` follows earlier heaps; its hints
    /// are those from its first ROM or bootloader line (`rst:`, `ESP-ROM:`, `2nd stage bootloader`) on.
    public static func parseAll(_ text: ImportText) throws(Diagnostic) -> [BootLog] {
        var groups: [[HeapInitLine]] = []
        var sawInitializing = false
        for line in text.lines {
            if line.text.has("heap_init: Initializing") { sawInitializing = true; continue }
            guard isHeapLine(line.text) else { continue }
            let h = try heapLine(line.text, line.number, text)
            if let last = groups.last, !last.isEmpty, sawInitializing || last.contains(where: { $0.start == h.start }) {
                groups.append([h])
            } else if groups.isEmpty {
                groups.append([h])
            } else {
                groups[groups.count - 1].append(h)
            }
            sawInitializing = false
            // Checked as the lines come: grouping and the line ranges below cost more than linear time.
            if let g = groups.last, g.count > maximumHeapsPerBoot {
                throw text.fail("One boot lists more than \(maximumHeapsPerBoot) heap_init lines (from line \(g[0].line))",
                                line: line.number,
                                expected: "at most \(maximumHeapsPerBoot) per boot: the longest region list, ESP32's "
                                    + "soc_memory_regions[] (esp-idf v5.4.2 components/heap/port/esp32/memory_layout.c), "
                                    + "has 45 entries, and reserved ranges split a region in two at most",
                                fix: "Check that this is a boot log; cut a capture of many boots at the ROM lines (rst:0x…)")
            }
            guard groups.count <= maximumBoots else {
                throw text.fail("The file holds more than \(maximumBoots) boots", line: line.number,
                                expected: "a capture of at most \(maximumBoots) boots (heapfit derives the board from the first)",
                                fix: "Cut the capture down to the boots you want compared")
            }
        }
        // Regions of one boot never overlap (heap_caps_init registers disjoint ranges); an overlap is a garbled digit.
        for g in groups {
            let sorted = g.sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.start + a.size > b.start {
                let later = max(a.line, b.line)
                throw text.fail("The heaps of lines \(min(a.line, b.line)) and \(later) overlap (\(Hex.padded(a.start)) + "
                                + "\(Hex.padded(a.size)) runs past \(Hex.padded(b.start)))", line: later,
                                expected: "disjoint regions, as heap_caps_init registers them",
                                fix: "A digit was garbled in transit (serial noise); capture the boot log again")
            }
        }
        // Line ranges: boot k runs from its first ROM/bootloader line after boot k−1's heaps.
        var ranges: [ClosedRange<Int>] = []
        let lastLine = text.lines.last?.number ?? 1
        var begin = 1
        for (k, g) in groups.enumerated() {
            if k > 0, let previous = groups[k - 1].last?.line, let first = g.first?.line {
                let marker = text.lines.first { $0.number > previous && $0.number <= first && isBootStart($0.text) }
                let start = marker?.number ?? first
                ranges[k - 1] = ranges[k - 1].lowerBound...(start - 1)
                begin = start
            }
            ranges.append(begin...lastLine)
        }
        return zip(groups, ranges).map { g, r in hints(for: BootLog(heaps: g), in: text.lines.filter { r.contains($0.number) }) }
    }

    /// Cheap test before the hint regexes.
    static func mayHoldHint(_ s: String) -> Bool {
        s.has("ESP-IDF") || s.has("boot.esp") || s.has("Single core") || s.has(" pool of ")
    }

    /// More heap_init lines than any boot prints: twice ESP32's 45 regions, rounded up. Deriving a board
    /// from a boot costs more than linear time in its lines, so a runaway list is refused here.
    static let maximumHeapsPerBoot = 128
    /// Boots in one file: each is matched against the file's lines, so their number is bounded too; a
    /// capture of a crash loop rarely needs more than a few to be useful.
    static let maximumBoots = 256

    static func isBootStart(_ s: String) -> Bool {
        s.has("rst:0x") || s.has("ESP-ROM:") || s.has("2nd stage bootloader") || s.has("heap_init: Initializing")
    }

    /// Fills in the hints found in `lines`.
    static func hints(for boot: BootLog, in lines: [SourceLine]) -> BootLog {
        var log = boot
        var bootloaderIDF: (BootHint<IDFVersion>, String)?
        for line in lines where mayHoldHint(line.text) && !isHeapLine(line.text) {
            let s = line.text
            if let m = s.firstMatch(of: /ESP-IDF:\s+(v?\d+\.\d+\S*)/), let v = version(m.1) {
                if log.idf == nil { log.idf = BootHint(v, line: line.number); log.idfText = String(m.1) }
            } else if let m = s.firstMatch(of: /ESP-IDF (v?\d+\.\d+\S*) 2nd stage bootloader/), let v = version(m.1) {
                if bootloaderIDF == nil { bootloaderIDF = (BootHint(v, line: line.number), String(m.1)) }
            }
            if log.chipTag == nil, let m = s.firstMatch(of: /\bboot\.(esp[0-9a-z]+):/) {
                log.chipTag = BootHint(String(m.1), line: line.number)
            }
            if log.singleCore == nil, s.has("Single core mode") {
                log.singleCore = BootHint(true, line: line.number)
            }
            if log.psramPoolKiB == nil, let m = s.firstMatch(of: /Adding pool of (\d{1,9})K of (PSRAM|external SPI) memory/),
               let k = Int(m.1) {
                log.psramPoolKiB = BootHint(k, line: line.number)
            }
            if log.internalReserveKiB == nil, let m = s.firstMatch(of: /Reserving pool of (\d{1,9})K of internal memory/),
               let k = Int(m.1) {
                log.internalReserveKiB = BootHint(k, line: line.number)
            }
        }
        if log.idf == nil, let (hint, label) = bootloaderIDF {
            log.idf = hint
            log.idfText = label
        }
        return log
    }

    static func isHeapLine(_ s: String) -> Bool {
        // `contains` first: a long capture has hundreds of thousands of lines, and regexes cost more.
        s.has("heap_init: At") || (s.has(" len ") && s.firstMatch(of: /^\s*At [0-9A-F]{8} len [0-9A-F]{8} \(/) != nil)
    }

    static let format = "`At <8 hex digits> len <8 hex digits> (<n> KiB): <type>`"

    static func heapLine(_ s: String, _ n: Int, _ text: ImportText) throws(Diagnostic) -> HeapInitLine {
        guard let m = s.firstMatch(of: /At ([0-9A-Fa-f]{1,8}) len ([0-9A-Fa-f]{1,8}) \((\d{1,7}) KiB\): ?(.*)$/) else {
            throw text.fail("A heap_init line is cut or garbled: '\(clip(s))'", line: n, expected: format,
                            fix: "Copy the whole line from the serial monitor (the boot log may have been cut mid-line)")
        }
        let typeName = m.4.trimmingCharacters(in: .whitespaces)
        guard let start = ImportNumber.hex(m.1), let size = ImportNumber.hex(m.2), let kib = Int(m.3) else {
            throw text.fail("A heap_init line has numbers out of range: '\(clip(s))'", line: n, expected: format,
                            fix: "Copy the whole line from the serial monitor")
        }
        // heap_caps_init logs only regions it registers: never an empty one, never one past the 32-bit address space.
        guard size > 0, start + size <= 1 << 32 else {
            throw text.fail("A heap_init line describes no heap ESP-IDF could register (len \(Hex.padded(size)) at "
                            + "\(Hex.padded(start))): '\(clip(s))'", line: n,
                            expected: "a non-empty region inside the 32-bit address space",
                            fix: "The line was garbled in transit (serial noise); capture the boot log again")
        }
        guard !typeName.isEmpty else {
            throw text.fail("A heap_init line ends before its memory type name: '\(clip(s))'", line: n,
                            expected: format + " (e.g. `: DRAM`)",
                            fix: "Copy the whole line from the serial monitor (the boot log may have been cut mid-line)")
        }
        // ESP_EARLY_LOGI prints size / 1024; anything else means the digits were garbled in transit.
        guard kib == size / 1024 else {
            throw text.fail("A heap_init line says \(kib) KiB but len \(Hex.padded(size)) is \(size / 1024) KiB", line: n,
                            expected: "(len / 1024) KiB, as heap_caps_init prints it",
                            fix: "The line was garbled in transit (serial noise); capture the boot log again")
        }
        return HeapInitLine(line: n, start: start, size: size, typeName: typeName)
    }

    /// `v5.3.2`, `v5.4-dev-78-g…`, `v4.4.1-dirty` → the release (pre-release suffixes dropped).
    static func version(_ text: Substring) -> IDFVersion? {
        guard let m = text.firstMatch(of: /^v?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?/),
              let major = Int(m.1), let minor = Int(m.2) else { return nil }
        return IDFVersion(major, minor, m.3.flatMap { Int($0) } ?? 0)
    }

    /// A line shortened for a one-paragraph diagnostic.
    static func clip(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.count <= 100 ? t : String(t.prefix(100)) + "…"
    }
}
