/// What one attempt to read a line produced.
public enum LineInput: Sendable, Equatable {
    /// A complete line, without its trailing newline.
    case line(String)
    /// Ctrl-C at the prompt: the partial line was discarded. Also SIGTERM or SIGHUP
    /// (``Termination``) while a line was awaited, at the prompt or on a pipe.
    case interrupted
    /// Ctrl-D on an empty line, or the end of a pipe or file.
    case endOfInput
}

/// A source of command lines: libedit on a terminal, plain lines from a pipe or file.
///
/// The lab asks for one line at a time and shows `prompt` first when the source is
/// interactive. Never mix two editors on one input: the libedit editor reads the terminal
/// itself, and a plain reader reads its file descriptor without stdio buffering.
public protocol LineEditor: AnyObject {
    /// Whether a person is typing (a prompt is shown and errors do not stop anything).
    var isInteractive: Bool { get }

    /// The 1-based number of the line last returned (for `line N:` messages).
    var lineNumber: Int { get }

    /// Reads the next line, showing `prompt` when interactive.
    func readLine(prompt: String) -> LineInput

    /// Remembers a line the user entered so Up recalls it, in this run and the next ones.
    func remember(_ line: String)
}

/// Produces completion candidates for the word at the cursor.
///
/// `line` is the whole line; `cursor` counts the characters before the cursor.
/// Each candidate replaces the word that ends at the cursor (the text after the last
/// space before it).
public typealias CompletionHandler = (_ line: String, _ cursor: Int) -> [String]
