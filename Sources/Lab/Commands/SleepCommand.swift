#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CommandSpec {
    /// `sleep SECONDS`: waits, stopping early on Ctrl-C.
    public static let sleep = CommandSpec(
        name: "sleep",
        topic: .lab,
        summary: "wait a number of seconds (Ctrl-C stops it)",
        help: "Waits SECONDS seconds, between 0 and 3600, then continues. Handy in scripted demos. Ctrl-C stops the wait and the lab prints 'interrupted'.",
        example: "sleep 1.5",
        positionals: [
            PositionalSpec("seconds", kind: .number(0...3600), summary: "how long to wait"),
        ],
        run: { invocation in
            let seconds = invocation.arguments.double("seconds") ?? 0
            try pause(seconds: seconds, session: invocation.session)
            return []
        }
    )
}

/// Sleeps in slices of at most 20 ms, checking for Ctrl-C between slices.
private func pause(seconds: Double, session: Session) throws(LabError) {
    let slice = 0.02
    var remaining = seconds
    while remaining > 0 {
        try session.checkInterruption()
        let step = min(slice, remaining)
        var request = timespec(tv_sec: 0, tv_nsec: Int(step * 1e9))
        nanosleep(&request, nil)
        remaining -= step
    }
    try session.checkInterruption()
}
