// Long commands (train, race) show progress while they run, before they return their
// blocks. The program gives the session a `LiveOutput` that knows the terminal: on a
// terminal the lines are redrawn in place; on a pipe each update is appended as lines.
// Without one (tests, headless lessons) nothing is shown until the command ends.

/// Where a long command shows progress lines while it runs.
public protocol LiveOutput: AnyObject {
    /// Whether updates replace the lines shown before (a terminal) or are appended (a pipe).
    var redrawsInPlace: Bool { get }
    /// The columns a line may use.
    var width: Int { get }
    /// Whether Unicode marks (sparkline blocks) may be used.
    var unicode: Bool { get }
    /// Shows `lines`: in place of the previous update's lines, or appended after them.
    func update(_ lines: [String])
    /// Ends the live display: the last lines stay and output continues below them.
    func finish()
    /// Ends the live display and removes its lines, for a notice that only mattered while
    /// the command ran.
    func clear()
}

extension LiveOutput {
    /// By default the lines stay, as after ``finish()``.
    public func clear() { finish() }
}

/// A live output that keeps every update, for tests and for replaying what a run showed.
public final class RecordingLiveOutput: LiveOutput {
    /// Whether it pretends to be a terminal.
    public let redrawsInPlace: Bool
    /// The columns it reports.
    public let width: Int
    /// Whether it allows Unicode marks.
    public let unicode: Bool
    /// Every update, in order.
    public private(set) var updates: [[String]] = []
    /// How many times `finish` was called.
    public private(set) var finishCount = 0
    /// How many times `clear` was called.
    public private(set) var clearCount = 0

    /// Creates a recorder that pretends to be a terminal (`redrawsInPlace`) or a pipe.
    public init(redrawsInPlace: Bool, width: Int = 80, unicode: Bool = true) {
        self.redrawsInPlace = redrawsInPlace
        self.width = width
        self.unicode = unicode
    }

    /// Keeps the lines.
    public func update(_ lines: [String]) { updates.append(lines) }
    /// Counts the call.
    public func finish() { finishCount += 1 }
    /// Counts the call.
    public func clear() { clearCount += 1 }
}
