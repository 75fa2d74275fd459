import Lessons
import Rendering

/// Lesson prose turned into the markup the renderer's prose reads, with legible math.
public enum LessonProse {
    /// An empty line between pieces of lesson output.
    public static let blankLine = Block.preformatted("")

    /// Rewrites lesson prose: paragraphs separated by blank lines, `- ` items, `###`
    /// headings in bold, and math outside code written legibly (`W_hh` → `Wₕₕ`).
    public static func markup(_ text: String) -> String {
        var parts: [String] = []
        var previousWasItem = false
        for block in LessonMarkup.blocks(text, legibleMath: true) {
            switch block {
            case .paragraph(let spans):
                parts.append((parts.isEmpty ? "" : "\n\n") + serialize(spans))
                previousWasItem = false
            case .listItem(let marker, let spans):
                let item = (marker == "-" ? "- " : marker + " ") + serialize(spans)
                parts.append((parts.isEmpty ? "" : previousWasItem ? "\n" : "\n\n") + item)
                previousWasItem = true
            case .heading(let spans):
                parts.append((parts.isEmpty ? "" : "\n\n") + "**" + plainText(spans) + "**")
                previousWasItem = false
            }
        }
        return parts.joined()
    }

    static func serialize(_ spans: [LessonMarkup.Span]) -> String {
        spans.map { span in
            switch span {
            case .plain(let text): text
            case .strong(let text): "**" + text + "**"
            case .emphasis(let text): "*" + text + "*"
            case .code(let text): "`" + text + "`"
            }
        }.joined()
    }

    static func plainText(_ spans: [LessonMarkup.Span]) -> String {
        spans.map { span in
            switch span {
            case .plain(let text), .strong(let text), .emphasis(let text), .code(let text): text
            }
        }.joined()
    }
}
