import CLineEditShim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing on a terminal through libedit: emacs keys, UTF-8, history, Tab completion.
///
/// Use it only when both standard input and standard output are terminals. Ctrl-C at
/// the prompt discards the line (``LineInput/interrupted``) provided the program installed
/// the SIGINT handler (``Interruption/installHandler()``); Ctrl-D on an empty line is
/// ``LineInput/endOfInput``. The history file is loaded at start; each remembered line is
/// added to the file as it is then, so two labs open at once both keep their lines, and
/// the file is replaced atomically.
public final class LibEditLineEditor: LineEditor {
    /// How many lines the history keeps.
    public static let defaultHistorySize = 1000

    private var editor: OpaquePointer?
    private let historyFile: String?
    private let completion: CompletionHandler
    private let width: () -> Int

    /// Always true: a person types at a prompt.
    public var isInteractive: Bool { true }

    /// The number of lines read so far.
    public private(set) var lineNumber = 0

    /// Opens libedit on the terminal.
    ///
    /// - Parameters:
    ///   - historyFile: where history persists; `nil` keeps it for this run only.
    ///   - historySize: the most lines kept.
    ///   - width: the terminal's columns, asked when a completion list is shown.
    ///   - completion: the candidates for the word at the cursor.
    public init(
        historyFile: String?,
        historySize: Int = LibEditLineEditor.defaultHistorySize,
        width: @escaping () -> Int = { 80 },
        completion: @escaping CompletionHandler
    ) throws(LineEditorUnavailable) {
        self.historyFile = historyFile
        self.completion = completion
        self.width = width
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard let opened = rnnlab_el_open("rnnlab", Int32(historySize), libEditComplete, context)
        else { throw LineEditorUnavailable() }
        editor = opened
        if let historyFile {
            _ = rnnlab_history_load(opened, historyFile)
        }
    }

    deinit {
        rnnlab_el_close(editor)
    }

    /// Shows `prompt` and reads one edited line.
    public func readLine(prompt: String) -> LineInput {
        guard let editor else { return .endOfInput }
        rnnlab_el_set_prompt(editor, prompt)
        rnnlab_flush()
        var count: Int32 = 0
        var errorNumber: Int32 = 0
        guard let raw = rnnlab_el_gets(editor, &count, &errorNumber) else {
            if count < 0 && errorNumber == EINTR {
                rnnlab_el_end_interrupted_line(editor)
                rnnlab_el_reset(editor)
                return .interrupted
            }
            // Ctrl-D leaves the cursor after the prompt: end the line so the shell's
            // prompt starts on its own line.
            rnnlab_write_stdout("\n")
            rnnlab_flush()
            return .endOfInput
        }
        lineNumber += 1
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds a line to the history and to the history file.
    public func remember(_ line: String) {
        guard let editor, !line.allSatisfy(\.isWhitespace) else { return }
        rnnlab_history_enter(editor, line)
        if let historyFile {
            _ = rnnlab_history_add_to_file(editor, historyFile, line)
        }
    }

    /// Completes the word at the cursor; called by libedit on Tab.
    fileprivate func complete(line: String, cursorByte: Int) -> Int32 {
        guard let editor else { return Int32(RNNLAB_CC_ERROR) }
        let bytes = Array(line.utf8)
        let before = String(decoding: bytes[..<min(max(cursorByte, 0), bytes.count)], as: UTF8.self)
        let candidates = completion(line, before.count)
        let word = CompletionStep.currentWord(before)
        switch CompletionStep.decide(word: word, candidates: candidates) {
        case .nothing:
            return Int32(RNNLAB_CC_ERROR)
        case .insert(let text):
            _ = rnnlab_el_insertstr(editor, text)
            return Int32(RNNLAB_CC_REFRESH)
        case .replace(let count, let text):
            rnnlab_el_deletestr(editor, Int32(count))
            _ = rnnlab_el_insertstr(editor, text)
            return Int32(RNNLAB_CC_REFRESH)
        case .list(let choices):
            rnnlab_write_stdout("\n" + CompletionStep.columns(choices, width: width()))
            rnnlab_flush()
            return Int32(RNNLAB_CC_REDISPLAY)
        }
    }
}

/// The C callback libedit calls on Tab; `context` is the editor.
private func libEditComplete(
    _ context: UnsafeMutableRawPointer?, _ line: UnsafePointer<CChar>?, _ cursor: Int32
) -> Int32 {
    guard let context, let line else { return Int32(RNNLAB_CC_ERROR) }
    let editor = Unmanaged<LibEditLineEditor>.fromOpaque(context).takeUnretainedValue()
    return editor.complete(line: String(cString: line), cursorByte: Int(cursor))
}
