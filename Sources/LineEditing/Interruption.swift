import CLineEditShim

/// The Ctrl-C flag: set by a SIGINT handler, polled by long commands, cleared per command.
public enum Interruption {
    /// Installs the SIGINT handler (without `SA_RESTART`, so a waiting read returns).
    /// Returns false when the system refused it.
    @discardableResult
    public static func installHandler() -> Bool {
        rnnlab_install_interrupt_handler() == 0
    }

    /// Whether Ctrl-C was pressed since the last ``clear()``.
    public static var isRequested: Bool {
        rnnlab_interrupt_requested() != 0
    }

    /// Forgets an earlier Ctrl-C; call before each command.
    public static func clear() {
        rnnlab_clear_interrupt()
    }
}
