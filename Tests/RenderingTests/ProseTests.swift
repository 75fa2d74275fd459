import Rendering
import Testing

@Suite struct ProseTests {
    func render(_ block: Block, width: Int = 80, color: Bool = false, unicode: Bool = true) -> String {
        Renderer(caps: TerminalCaps(width: width, color: color, unicode: unicode)).render(block)
    }

    @Test func markupIsStyledWithColorAndStrippedWithout() {
        let text = "the **forget** gate *keeps* `c_t`"
        #expect(render(.prose(text)) == "the forget gate keeps c_t\n")
        let colored = render(.prose(text), color: true)
        #expect(colored.contains("\u{1B}[1mforget\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[3mkeeps\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[36mc_t\u{1B}[0m"))
    }

    @Test("a line never ends or begins with a lone operator: 1 − z stays together")
    func operatorsStayWithTheirOperands() {
        let text = "the new state takes weight 1 − z of the candidate and z of the old, and the bound is (1 − h²) · |W|"
        for width in 30...70 {  // (narrower, a run over half the line may break)
            let lines = render(.prose(text), width: width).split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("−") || $0.hasPrefix("·") || $0.hasSuffix(" −") || $0.hasSuffix(" ·") },
                    "width \(width): \(lines)")
            #expect(lines.allSatisfy { $0.count <= width })
        }
        // a run of operators longer than half a line still breaks
        let long = "a + b + c + d + e + f + g + h + i + j + k + l + m"
        #expect(render(.prose(long), width: 20).split(separator: "\n").allSatisfy { $0.count <= 20 })
    }

    @Test func definitionTextsWrapBesideTheirTermsOrUnderThemWhenNarrow() {
        let list = DefinitionList(title: "options:", items: [
            DefinitionList.Item(term: "--clip TEXT", text: "gradient clipping: norm:X, value:X or none (default: norm:1)"),
            DefinitionList.Item(term: "--lr X", text: "the learning rate"),
        ])
        #expect(render(.definitions(list), width: 40) == """
            options:
              --clip TEXT  gradient clipping:
                           norm:X, value:X or none
                           (default: norm:1)
              --lr X       the learning rate

            """)
        #expect(render(.definitions(list), width: 28) == """
            options:
              --clip TEXT
                  gradient clipping:
                  norm:X, value:X or
                  none (default: norm:1)
              --lr X
                  the learning rate

            """)
    }

    @Test func aLetteredOptionWrapsUnderItsText() {
        #expect(render(.prose("   b) an option long enough to need a second line here"), width: 30) == """
               b) an option long enough to
                  need a second line here

            """)
    }

    @Test func literalAsterisksStay() {
        #expect(render(.prose("2 * 3 and a*b*c")) == "2 * 3 and a*b*c\n")
    }

    @Test func mathTokensBecomeSubscripts() {
        #expect(render(.prose("h_t and c_{t-1} and W_hh and x^2 and forget_bias")) ==
                "hₜ and cₜ₋₁ and W_hh and x² and forget_bias\n")
        #expect(render(.prose("h_t and c_{t-1} and W_hh and 10^{-3} and σ ⊙ ‖∂L‖ → ≤"), unicode: false) ==
                "h_t and c_(t-1) and W_hh and 10^(-3) and sigma * ||dL|| -> <=\n")
        // two-character symbols are math; longer words are names and paths, kept as typed
        #expect(render(.prose("dh_3 and Loaded ckpt_10 from run_t.safetensors (epoch_2)")) ==
                "dh₃ and Loaded ckpt_10 from run_t.safetensors (epoch_2)\n")
        // a superscript after a subscript ends it: W_hhᵀ reads as W_hh does, transposed
        #expect(render(.prose("h_tᵀ and h_t²")) == "hₜᵀ and hₜ²\n")
    }

    @Test func listItemsHangUnderTheirText() {
        let text = "- first item with enough words to wrap around\n12. second"
        #expect(render(.prose(text), width: 24) == """
            - first item with enough
              words to wrap around
            12. second

            """)
    }

    @Test func messagesHaveDistinctPrefixes() {
        #expect(render(.note("n")) == "note: n\n")
        #expect(render(.warning("w")) == "warning: w\n")
        #expect(render(.error("unknown command 'shw' — did you mean 'show'?"), unicode: false) ==
                "error: unknown command 'shw' -- did you mean 'show'?\n")
        #expect(render(.error("e"), color: true).hasPrefix("\u{1B}[1m\u{1B}[31merror: \u{1B}[0m"))
    }

    @Test func preformattedKeepsSpacingAndBreaksLongLinesAtSpaces() {
        #expect(render(.preformatted("a  b\n  c"), width: 20) == "a  b\n  c\n")
        #expect(render(.preformatted(String(repeating: "x", count: 30)), width: 20) ==
                String(repeating: "x", count: 20) + "\n    " + String(repeating: "x", count: 10) + "\n")
        // a command echoed after the prompt hangs under the command, as a usage line does
        #expect(render(.preformatted("rnnlab> race rnn lstm gru adding 30 --seed 2"), width: 30) ==
                "rnnlab> race rnn lstm gru\n        adding 30 --seed 2\n")
        #expect(render(.preformatted("usage: model KIND [--name TEXT] [--hidden N]"), width: 30) ==
                "usage: model KIND [--name\n       TEXT] [--hidden N]\n")
        #expect(render(.preformatted("escape \u{1B}[31mred"), width: 40) == "escape [31mred\n")
        // a broken line keeps the runs of spaces that align its columns
        #expect(render(.preformatted("    a = b + c      d   e f g h"), width: 24) == "    a = b + c      d\n        e f g h\n")
        // a column (after three spaces or more) that fits on a line moves there whole
        #expect(render(.preformatted("    p_t = softmax(z_t)      p_t[k] = exp(z_t[k]) / Σ_j exp(z_t[j])"), width: 50) ==
                "    p_t = softmax(z_t)\n        p_t[k] = exp(z_t[k]) / Σ_j exp(z_t[j])\n")
        #expect(render(.preformatted("    h_t = tanh(a_t)                       h_0 = 0"), width: 46) ==
                "    h_t = tanh(a_t)\n        h_0 = 0\n")
        // one too wide for any line is still broken at its spaces
        #expect(render(.preformatted("x   one two three four five six"), width: 16) == "x   one two\n    three four\n    five six\n")
    }

    @Test func unknownGlyphsBecomeQuestionMarks() {
        #expect(render(.prose("naïve 日本 😀 Ωmega"), unicode: false) == "naive ?? ? Omegamega\n")
    }
}

@Suite struct TransliterationTests {
    @Test func everyScalarBecomesASCII() {
        let renderer = Renderer(caps: TerminalCaps(width: 1000, color: false, unicode: false))
        var text = ""
        for value in stride(from: 0x80, through: 0x2FFFF, by: 1) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            text.unicodeScalars.append(scalar)
            if text.unicodeScalars.count == 400 {
                #expect(renderer.render(.preformatted(text)).utf8.allSatisfy { $0 < 0x80 })
                text = ""
            }
        }
        #expect(renderer.render(.preformatted(text)).utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func symbolsHaveReadableSpellings() {
        let renderer = Renderer(caps: TerminalCaps(width: 200, color: false, unicode: false))
        #expect(renderer.render(.preformatted("σ ⊙ ‖ ∂ → ≤ ≥ × − … — α Ω cₜ₋₁ hₜ x² ▁█ ┌─┐ ⣿")) ==
                "sigma * || d -> <= >= x - ... -- alpha Omega c_(t-1) h_t x^2 _# +-+ *\n")
    }
}
