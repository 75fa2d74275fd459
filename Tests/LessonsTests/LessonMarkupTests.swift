import Testing
@testable import Lessons

@Suite("Lesson markup")
struct LessonMarkupTests {
    @Test("inline spans: strong, emphasis, code; unclosed markers stay plain")
    func spans() {
        #expect(LessonMarkup.spans("a **cell state** and *h* with `show c`") == [
            .plain("a "), .strong("cell state"), .plain(" and "), .emphasis("h"), .plain(" with "), .code("show c"),
        ])
        #expect(LessonMarkup.spans("2 * 3 and `open") == [.plain("2 * 3 and `open")])
        #expect(LessonMarkup.spans("") == [])
    }

    @Test("blocks: paragraphs joined, list items with continuations, headings")
    func blocks() {
        let text = "First line\nsecond line.\n\n- one\n  more\n- two\n1. numbered\n\n### Aside\nEnd."
        #expect(LessonMarkup.blocks(text) == [
            .paragraph([.plain("First line second line.")]),
            .listItem(marker: "-", [.plain("one more")]),
            .listItem(marker: "-", [.plain("two")]),
            .listItem(marker: "1.", [.plain("numbered")]),
            .heading([.plain("Aside")]),
            .paragraph([.plain("End.")]),
        ])
    }

    @Test("legible math: subscripts where every character has one, code untouched", arguments: [
        ("h_t", "hₜ"), ("c_{t-1}", "cₜ₋₁"), ("c_{t−1}", "cₜ₋₁"), ("W_hh x_3", "Wₕₕ x₃"),
        ("b_if", "b_if"), ("forget_gate", "forget_gate"), ("f_t ⊙ c_{t-1}", "fₜ ⊙ cₜ₋₁"), ("x_", "x_"),
        ("c_{t-1", "c_{t-1"), ("W_hhᵀ · dh", "Wₕₕᵀ · dh"), ("h_3²", "h₃²"),
    ])
    func legible(text: String, expected: String) {
        #expect(LessonMarkup.legible(text) == expected)
    }

    @Test("legible math is applied to plain text only")
    func codeUntouched() {
        #expect(LessonMarkup.spans("h_t and `h_t`", legibleMath: true) == [.plain("hₜ and "), .code("h_t")])
    }
}
