/// Byte counts as people write them: `57344`, `0xE000`, `56K`, `56KiB`, `1M`.
public enum SizeParser {
    /// The byte count, or nil for anything else (negative, garbage, overflow).
    public static func parse(_ text: String) -> Int? {
        var body = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard !body.isEmpty else { return nil }
        if body.lowercased().hasPrefix("0x") {
            let digits = body.dropFirst(2)
            guard !digits.isEmpty, digits.count <= 15, let v = Int(digits, radix: 16) else { return nil }
            return v
        }
        var multiplier = 1
        let suffixes: [(String, Int)] = [("KIB", 1024), ("MIB", 1 << 20), ("KB", 1024), ("MB", 1 << 20),
                                         ("K", 1024), ("M", 1 << 20), ("B", 1)]
        let upper = body.uppercased()
        for (suffix, m) in suffixes where upper.hasSuffix(suffix) {
            body = String(body.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            multiplier = m
            break
        }
        guard !body.isEmpty, body.count <= 12, body.allSatisfy({ $0.isASCII && $0.isNumber }),
              let v = Int(body) else { return nil }
        let (product, overflow) = v.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }
}

import Foundation
