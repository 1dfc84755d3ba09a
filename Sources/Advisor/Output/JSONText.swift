import Foundation

/// The one JSON encoder every emitter uses: pretty, sorted keys, unescaped slashes — byte-identical
/// output for the same value.
enum JSONText {
    /// `value` as JSON text and a newline; `fallback` where it cannot be encoded (the documents hold
    /// integers, strings and finite numbers, so that does not happen).
    static func encode<T: Encodable>(_ value: T, fallback: String = "{}\n") -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return fallback }
        return text + "\n"
    }
}
