import Model

/// Which ESP32-family chip a boot log comes from, for messages when boards.yaml cannot reproduce it:
/// from the bootloader's tag (`boot.esp32s3:`), else from addresses only one chip's heaps use.
/// Windows: the regions of docs/domain/esp-idf-heap.md §4.1–4.5 and the P4 log of §5.1.
public enum ChipGuess {
    /// A chip name as boards.yaml spells it (`ESP32`, `ESP32-S3`), from a bootloader tag (`esp32s3`).
    public static func name(fromTag tag: String) -> String {
        let t = tag.uppercased()
        guard t.hasPrefix("ESP32"), t.count > 5 else { return t }
        return "ESP32-" + t.dropFirst(5)
    }

    /// True when `a` and `b` name the same chip, ignoring case, `-` and `_` (`esp32s3` = `ESP32-S3`).
    public static func same(_ a: String, _ b: String) -> Bool {
        func key(_ s: String) -> String { s.uppercased().filter { $0 != "-" && $0 != "_" } }
        return key(a) == key(b)
    }

    /// The likely chip and why, or nil when the addresses say nothing.
    public static func guess(_ log: BootLog) -> (chip: String, reason: String)? {
        if let tag = log.chipTag {
            return (name(fromTag: tag.value), "the bootloader tag boot.\(tag.value) (line \(tag.line))")
        }
        let starts = log.heaps.map(\.start)
        func any(_ lo: Int, _ hi: Int) -> Bool { starts.contains { $0 >= lo && $0 < hi } }
        let names = Set(log.heaps.map(\.typeName))
        if any(0x4FF0_0000, 0x4FFC_0000) { return ("ESP32-P4", "heaps in 0x4FF00000–0x4FFC0000 (P4 L2 memory)") }
        if any(0x4080_0000, 0x4088_0000) {
            return ("ESP32-C6", "heaps in 0x40800000–0x40880000 (C6 HP SRAM; H2, C5 and C61 use the same window)")
        }
        if any(0x3FCE_9000, 0x3FD0_0000) || any(0x600F_E000, 0x6010_0000) || any(0x4037_0000, 0x4038_0000) {
            return ("ESP32-S3", "heaps at 0x3FCE9710/0x3FCF0000, 0x600FExxx (RTC) or 0x4037xxxx (S3 only)")
        }
        if any(0x3FC8_0000, 0x3FCE_0000) {
            if names.contains(where: { $0.contains("RETENTION") || $0.contains("Retention") }) || any(0x5000_0000, 0x5000_2000) {
                return ("ESP32-C3", "heaps in 0x3FC80000–0x3FCE0000 with retention RAM or RTC RAM at 0x50000000")
            }
            return ("ESP32-C3", "heaps in 0x3FC80000–0x3FCE0000 (C3, or C2 whose SRAM is a part of that window)")
        }
        if any(0x3FFF_C000, 0x3FFF_C001) || any(0x3FF9_E000, 0x3FFA_0000) || names.contains("RAM") && any(0x3FFB_0000, 0x4000_0000) {
            return ("ESP32-S2", "a heap at 0x3FFFC000, RTC RAM at 0x3FF9Exxx or `RAM` heaps in 0x3FFB0000–0x40000000")
        }
        if any(0x3FFA_E000, 0x4000_0000) || any(0x4007_0000, 0x400A_0000) {
            return ("ESP32", "heaps in 0x3FFAE000–0x40000000 and 0x40070000–0x400A0000")
        }
        return nil
    }
}
