import Model

/// The frames of a peer's flights a recording replay holds in the network stack (`RecordingReplay.Inbound`):
/// a flight is the bytes the program read between two of its writes; all of it arrives at the first read, at
/// most `window` frames held unread at once; a frame leaves once its last byte is read, and the next frame of
/// the flight arrives in its place.
struct InboundFrames {
    enum Change: Equatable {
        /// Frame `n` arrives: `size` bytes of buffer (payload + overhead) and a wrapper of `wrapper` bytes.
        case arrive(n: Int, size: Int, wrapper: Int)
        case leave(n: Int)
    }

    let mss: Int, overhead: Int, wrapper: Int, window: Int
    /// Bytes of each flight, in order.
    let flights: [Int]
    var flight = -1
    var inFlight = false
    var read = 0
    /// Frames of the current flight read in full, and arrived; `first` numbers its first frame.
    var left = 0, arrived = 0, first = 0, next = 0

    /// No frames at all when `mss` or `window` is not positive (no `inbound:` on the operation).
    init(mss: Int, overhead: Int, wrapper: Int, window: Int, events: [Recording.Event]) {
        var flights: [Int] = []
        var open = false
        for e in events {
            switch e {
            case .received(let n):
                if open { flights[flights.count - 1] += n } else { flights.append(n); open = true }
            case .sent: open = false
            default: break
            }
        }
        self.flights = flights
        self.mss = mss
        self.overhead = overhead
        self.wrapper = wrapper
        self.window = window
    }

    var modelled: Bool { mss > 0 && window > 0 }

    /// Frames of a flight of `bytes`: full MSS frames and the rest in one more.
    func frames(_ bytes: Int) -> Int { (bytes + mss - 1) / mss }

    /// The program reads `bytes`: the first read of a flight brings it; frames read in full leave.
    mutating func read(_ bytes: Int) -> [Change] {
        guard modelled else { return [] }
        var changes: [Change] = []
        if !inFlight {
            flight += 1
            inFlight = true
            read = 0
            left = 0
            arrived = 0
            first = next
            next += frames(flights[flight])
            changes += arrive()
        }
        let total = flights[flight]
        read += bytes
        let done = read >= total ? frames(total) : read / mss
        while left < done {
            changes.append(.leave(n: first + left))
            left += 1
        }
        changes += arrive()
        return changes
    }

    /// The program writes: the flight it was reading is over (every byte of it was read).
    mutating func endFlight() { inFlight = false }

    /// Frames of the current flight that may now be held (up to `window` unread) arrive.
    mutating func arrive() -> [Change] {
        let total = flights[flight], count = frames(total)
        var changes: [Change] = []
        while arrived < min(count, left + window) {
            let payload = min(mss, total - arrived * mss)
            changes.append(.arrive(n: first + arrived, size: payload + overhead, wrapper: wrapper))
            arrived += 1
        }
        return changes
    }
}
