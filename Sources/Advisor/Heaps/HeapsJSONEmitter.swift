import Foundation

/// Renders a `HeapsReport` as JSON: an array with one object per heap, in registration order.
/// Field names are stable: start, size, type, free, largestFreeBlock, minimumFree, caps, heapData,
/// startupStack, bootLine (absent for heaps added after heap_init). Sizes and addresses are integers.
public enum HeapsJSONEmitter {
    public static func render(_ r: HeapsReport) -> String { JSONText.encode(r.heaps, fallback: "null\n") }
}
