import FuzzSupport
import Model

// `heap_trace_dump()` output: the parser, then `heapfit import`.
runFuzzer { data, size in
    FuzzInput.importInput(data, size) { HeapTraceParser.recognises($0) && (try? HeapTraceParser.parse($0)) != nil }
    return 0
}
