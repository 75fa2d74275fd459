import Lab
import Lessons
import LineEditing
import Rendering

/// The read–run–print loop: reads lines from the terminal, a pipe or a script, runs each
/// through the session, and prints the blocks it returns.
///
/// Interactive (standard input and output are terminals): libedit, a prompt, history,
/// Ctrl-C handling; errors are shown and the lab goes on, and the exit status is 0.
/// Otherwise: plain lines, no prompt, blank lines and `# comments` skipped; an error
/// prints `line N: message` to standard error, the rest still runs, and the exit status
/// is 1. Output is flushed after every command.
///
/// SIGTERM or SIGHUP (`kill`, `timeout`, a closed terminal) stops the running command as
/// Ctrl-C does, and the lab then ends between commands, saying where, with the terminal
/// restored and the status a shell gives a program the signal ended (143 for SIGTERM).
final class LabShell {
    private let session: Session
    private let settings: TerminalSettings
    private let environment: Environment

    init(session: Session, settings: TerminalSettings, environment: Environment) {
        self.session = session
        self.settings = settings
        self.environment = environment
    }

    /// Runs until the input ends or `quit`; returns the exit status.
    func run(scriptPath: String?) throws -> Int32 {
        let editor: any LineEditor
        do {
            editor = try makeEditor(scriptPath: scriptPath)
        } catch {
            reportError("rnnlab: \(error)")
            return 1
        }
        let environment = self.environment
        session.liveOutput = TerminalLiveOutput(
            redrawsInPlace: StandardStreams.isTerminal(1), unicode: settings.caps.unicode,
            width: { TerminalSettings.width(environment: environment) })
        session.blockOutput = { [unowned self] blocks in
            StandardStreams.writeOutput(renderer().render(blocks))
            StandardStreams.flush()
        }
        if editor.isInteractive {
            StandardStreams.writeOutput(renderer().render([.prose(Self.greeting)]))
        }
        // at a terminal a lesson's introduction waits for Enter, so its first step does not scroll it away
        session.lessonDesk.pausesAfterIntroduction = editor.isInteractive
        var failed = false
        loop: while true {
            switch editor.readLine(prompt: session.prompt) {
            case .endOfInput:
                if editor.isInteractive, session.lessonDesk.isActive {
                    StandardStreams.writeOutput("\n" + renderer().render([session.lessonDesk.progressSavedNote]))
                }
                break loop
            case .interrupted:
                if Termination.isRequested { return ended(editor: editor) }
                continue loop
            case .line(let line):
                // one that came while the last command's output was written: this line is not run
                if Termination.isRequested {
                    return ended(editor: editor, notRun: editor.isInteractive ? nil : editor.lineNumber)
                }
                // Enter on an empty line carries a running lesson on; piped input skips blanks.
                let carriesLessonOn = editor.isInteractive && session.lessonDesk.isActive && isBlank(line)
                if isBlankOrComment(line) && !carriesLessonOn { continue loop }
                if !carriesLessonOn {
                    editor.remember(String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
                }
                Interruption.clear()
                let outcome = session.execute(line)
                // nil when Ctrl-C stopped laying out a large table
                let text = session.render(outcome.blocks, with: renderer())
                StandardStreams.writeOutput(text ?? "")
                StandardStreams.flush()
                if let error = outcome.error ?? (text == nil ? .interrupted : nil) {
                    failed = true
                    report(error, line: editor.isInteractive ? nil : editor.lineNumber)
                }
                if outcome.shouldQuit { break loop }
                if Termination.isRequested {
                    return ended(editor: editor, stopped: outcome.error?.kind == .interrupted ? line : nil)
                }
            }
        }
        StandardStreams.flush()
        return failed && !editor.isInteractive ? 1 : 0
    }

    /// Says that SIGTERM or SIGHUP ended the lab, and where: the command it `stopped` part
    /// way, or the script's line it came before (`notRun`); at a terminal, that a lesson's
    /// progress is saved. Returns the exit status (``Termination/exitStatus``).
    private func ended(editor: any LineEditor, stopped: String? = nil, notRun: Int? = nil) -> Int32 {
        let signal = Termination.signalName ?? "a signal to end"
        var message = "rnnlab: \(signal): "
        if let stopped {
            let place = editor.isInteractive ? "" : " (line \(editor.lineNumber))"
            message += "`\(stopped.escapingControlCharacters)`\(place) was stopped part way, and the lab ends"
            message += editor.isInteractive ? "" : "; the lines after it were not run"
        } else if let notRun {
            message += "the lab ends before line \(notRun); it and the lines after it were not run"
        } else if !editor.isInteractive, editor.lineNumber > 0 {
            message += "the lab ends after line \(editor.lineNumber); the lines after it were not run"
        } else {
            message += editor.isInteractive ? "leaving the lab" : "the lab ends"
        }
        StandardStreams.flush()
        reportError((editor.isInteractive ? "\n" : "") + message)
        if editor.isInteractive, session.lessonDesk.isActive {
            StandardStreams.writeOutput(renderer().render([session.lessonDesk.progressSavedNote]))
        }
        StandardStreams.flush()
        return Termination.exitStatus ?? 1
    }

    /// Shown once when the lab opens on a terminal (not for scripts and pipes, whose output
    /// is only what their commands print).
    static let greeting = """
        rnnlab: recurrent networks from the inside. `lessons` shows the curriculum and \
        `start` begins or resumes a lesson; `help` lists every command. Tab completes, \
        Ctrl-C stops a running command, Ctrl-D or `quit` leaves.
        """

    /// A renderer for the terminal as it is now: the width follows window resizes.
    private func renderer() -> Renderer {
        var caps = settings.caps
        caps.width = TerminalSettings.width(environment: environment)
        return Renderer(caps: caps)
    }

    private func makeEditor(scriptPath: String?) throws -> any LineEditor {
        // SIGTERM and SIGHUP stop the running command; the loop then ends the lab
        Termination.installHandler()
        session.interruptionCheck = { Termination.isRequested }
        if let scriptPath {
            return try PlainLineReader(path: scriptPath)
        }
        guard StandardStreams.isTerminal(0) && StandardStreams.isTerminal(1) else {
            return PlainLineReader(fileDescriptor: 0)
        }
        Interruption.installHandler()
        session.interruptionCheck = { Interruption.isRequested || Termination.isRequested }
        session.interruptionReset = { Interruption.clear() }
        let session = self.session
        let environment = self.environment
        return try LibEditLineEditor(
            historyFile: historyFile(),
            width: { TerminalSettings.width(environment: environment) },
            completion: { line, cursor in session.complete(line: line, cursor: cursor) }
        )
    }

    /// The history file, or nil (with a warning) when its folder cannot be created.
    private func historyFile() -> String? {
        let state = StateDirectory.fromEnvironment(environment.variables)
        do {
            try state.create()
            return state.historyFile
        } catch {
            reportError("warning: \(error); history will not be kept")
            return nil
        }
    }

    private func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    private func isBlankOrComment(_ line: String) -> Bool {
        let text = line.drop { $0 == " " || $0 == "\t" }
        return text.isEmpty || text.hasPrefix("#")
    }

    /// Prints a command's error: `error: ...` at the prompt, `line N: ...` in a script.
    private func report(_ error: LabError, line: Int?) {
        if let line {
            reportError(paint("line \(line):") + " " + error.message.escapingControlCharacters)
        } else if error.kind == .interrupted {
            // The terminal echoed `^C` where the cursor was; start a fresh line.
            reportError("\n" + error.message)
        } else {
            // At the prompt: wrapped to the screen under its `error: `, not cut mid-word.
            var caps = settings.caps
            caps.width = TerminalSettings.width(environment: environment)
            caps.color = settings.colorErrors
            StandardStreams.writeError(Renderer(caps: caps).render(.error(error.message)))
        }
    }

    private func reportError(_ message: String) {
        StandardStreams.writeError(message + "\n")
    }

    private func paint(_ label: String) -> String {
        settings.colorErrors ? "\u{1B}[1;31m" + label + "\u{1B}[0m" : label
    }
}
