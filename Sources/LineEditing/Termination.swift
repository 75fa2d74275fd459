#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLineEditShim

/// A request to end the program: SIGTERM (`timeout`'s default signal, `kill`) or SIGHUP
/// (the terminal or the CI job went away).
///
/// Unlike Ctrl-C, which stops one command and is forgotten before the next, a request to
/// end is never cleared: a run that polls ``signalName`` between its commands stops before
/// the next one, however the request fell between them. The handlers also set the Ctrl-C
/// flag, so the running command stops at its next check as at Ctrl-C.
///
/// ```swift
/// Termination.installHandler()
/// session.interruptionCheck = { Interruption.isRequested || Termination.isRequested }
/// ```
public enum Termination {
    /// Installs the SIGTERM and SIGHUP handlers, once each: the same signal again ends the
    /// process, so a program that does not stop can still be killed. A signal ignored when
    /// the program started (`nohup`) stays ignored. Returns false when the system refused.
    ///
    /// With `includingCtrlC`, Ctrl-C (SIGINT) too is a request to end that stays, for a
    /// program that runs many commands unattended (`lesson run --auto`): one between two
    /// commands, or during one that does not look, would otherwise be forgotten when the
    /// flag is cleared before the next, and the run would go on.
    @discardableResult
    public static func installHandler(includingCtrlC: Bool = false) -> Bool {
        rnnlab_install_termination_handler(includingCtrlC ? 1 : 0) == 0
    }

    /// Whether SIGTERM or SIGHUP arrived since ``installHandler()``.
    public static var isRequested: Bool {
        rnnlab_termination_requested() != 0
    }

    /// The exit status of a program that ends at the request: 128 plus the signal's number,
    /// as a shell reports a program the signal ended (143 for SIGTERM); nil while none came.
    public static var exitStatus: Int32? {
        let signal = rnnlab_termination_requested()
        return signal == 0 ? nil : 128 + signal
    }

    /// `SIGTERM`, `SIGHUP` (or `Ctrl-C`, when included), whichever arrived first; nil while
    /// none has.
    public static var signalName: String? {
        switch rnnlab_termination_requested() {
        case 0: nil
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGINT: "Ctrl-C"
        case let other: "signal \(other)"
        }
    }
}
