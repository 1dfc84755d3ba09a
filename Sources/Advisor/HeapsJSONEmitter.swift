import Foundation

/// Renders a `HeapsReport` as JSON: an array with one object per heap, in registration order.
/// Field names are stable: start, size, type, free, largestFreeBlock, minimumFree, caps, heapData,
/// startupStack, bootLine (absent for heaps added after heap_init). Sizes and addresses are integers.
public enum HeapsJSONEmitter {
    public static func render(_ r: HeapsReport) -> String { JSONText.encode(r.heaps) }
}

/// The one JSON encoder every emitter uses: pretty, sorted keys, unescaped slashes.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            return "null\n"  // Encoding plain integers and strings cannot fail.
        }
        return text + "\n"
    }
}
