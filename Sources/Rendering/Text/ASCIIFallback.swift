/// Replaces every non-ASCII character with readable ASCII.
///
/// Greek letters become their names (`σ` → `sigma`), operators their usual ASCII spelling
/// (`⊙` → `*`, `‖` → `||`, `∂` → `d`, `→` → `->`, `≤` → `<=`), runs of subscripts and
/// superscripts become `_t`, `_(t-1)`, `^2`, `^(-3)`, box drawing becomes `-`, `|` and `+`,
/// block elements become the ASCII sparkline ramp, braille dots become `*`, a few accented
/// Latin letters lose their accent, and anything else becomes `?`.
enum ASCIIFallback {
    /// The ASCII spelling of text.
    static func transliterate(_ text: String) -> String {
        var output = ""
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.first {
            if scalar.isASCII {
                output.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst()
                continue
            }
            if let run = script(scalars, table: subscripts, marker: "_") {
                output += run.text
                scalars = scalars.dropFirst(run.length)
                continue
            }
            if let run = script(scalars, table: superscripts, marker: "^") {
                output += run.text
                scalars = scalars.dropFirst(run.length)
                continue
            }
            output += spelling(of: scalar)
            scalars = scalars.dropFirst()
        }
        return output
    }

    /// A run of subscript or superscript characters, spelled `_x` or `_(xyz)`.
    private static func script(
        _ scalars: ArraySlice<Unicode.Scalar>, table: [Unicode.Scalar: Character], marker: String
    ) -> (text: String, length: Int)? {
        var run = ""
        for scalar in scalars {
            guard let plain = table[scalar] else { break }
            run.append(plain)
        }
        guard !run.isEmpty else { return nil }
        let text = run.count == 1 ? marker + run : marker + "(" + run + ")"
        return (text, run.unicodeScalars.count)
    }

    /// The ASCII spelling of one non-ASCII scalar.
    static func spelling(of scalar: Unicode.Scalar) -> String {
        if let name = symbols[scalar] { return name }
        let v = scalar.value
        switch v {
        case 0x2800: return " "
        case 0x2801...0x28FF: return "*"
        case 0x2500...0x257F: return boxDrawing(v)
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return ""
        default: return "?"
        }
    }

    private static func boxDrawing(_ v: UInt32) -> String {
        switch v {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2574, 0x2576, 0x2578, 0x257A:
            return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2575, 0x2577, 0x2579, 0x257B:
            return "|"
        case 0x2550: return "="
        case 0x2551: return "|"
        default: return "+"
        }
    }

    static let subscripts: [Unicode.Scalar: Character] = [
        "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7",
        "₈": "8", "₉": "9", "₊": "+", "₋": "-", "₌": "=", "₍": "(", "₎": ")",
        "ₐ": "a", "ₑ": "e", "ₕ": "h", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₗ": "l", "ₘ": "m",
        "ₙ": "n", "ₒ": "o", "ₚ": "p", "ᵣ": "r", "ₛ": "s", "ₜ": "t", "ᵤ": "u", "ᵥ": "v",
        "ₓ": "x",
    ]

    static let superscripts: [Unicode.Scalar: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
        "⁸": "8", "⁹": "9", "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")",
        "ⁿ": "n", "ⁱ": "i", "ᵀ": "T",
    ]

    private static let symbols: [Unicode.Scalar: String] = [
        // Greek, lower case.
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
        "ζ": "zeta", "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda",
        "μ": "mu", "ν": "nu", "ξ": "xi", "ο": "o", "π": "pi", "ρ": "rho", "σ": "sigma",
        "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi",
        "ψ": "psi", "ω": "omega",
        // Greek, upper case.
        "Α": "Alpha", "Β": "Beta", "Γ": "Gamma", "Δ": "Delta", "Ε": "Epsilon", "Ζ": "Zeta",
        "Η": "Eta", "Θ": "Theta", "Ι": "Iota", "Κ": "Kappa", "Λ": "Lambda", "Μ": "Mu",
        "Ν": "Nu", "Ξ": "Xi", "Ο": "O", "Π": "Pi", "Ρ": "Rho", "Σ": "Sigma", "Τ": "Tau",
        "Υ": "Upsilon", "Φ": "Phi", "Χ": "Chi", "Ψ": "Psi", "Ω": "Omega",
        // Operators and relations.
        "⊙": "*", "∘": "o", "·": "*", "⋅": "*", "×": "x", "÷": "/", "−": "-", "±": "+-",
        "∂": "d", "∇": "grad", "‖": "||", "∑": "sum", "∏": "prod", "√": "sqrt", "∞": "inf",
        "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~=", "≡": "==", "∈": "in", "∝": "~",
        "⊤": "T", "ᵗ": "t", "°": "deg", "∅": "{}",
        // Arrows.
        "→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "⇐": "<=", "⇔": "<=>", "↦": "|->",
        "↑": "^", "↓": "v", "▲": "^", "▼": "v", "►": ">", "◄": "<", "▶": ">", "◀": "<",
        // Punctuation.
        "…": "...", "—": "--", "–": "-", "‐": "-", "‑": "-", "‘": "'", "’": "'", "‚": ",",
        "“": "\"", "”": "\"", "„": "\"", "«": "<<", "»": ">>", "•": "*", "◦": "o",
        "\u{00A0}": " ", "\u{2009}": " ", "\u{202F}": " ", "✓": "ok", "✔": "ok", "✗": "x",
        "✘": "x", "○": "o", "●": "*", "◆": "*", "◇": "o", "■": "#", "□": "o",
        // Block elements: the same ramp as ASCII sparklines.
        "▁": "_", "▂": ",", "▃": "-", "▄": "~", "▅": "=", "▆": "+", "▇": "*", "█": "#",
        "▀": "\"", "▌": "|", "▐": "|", "░": ".", "▒": ":", "▓": "#",
        "▏": "|", "▎": "|", "▍": "|", "▋": "#", "▊": "#", "▉": "#",
        // Latin letters with accents.
        "à": "a", "á": "a", "â": "a", "ä": "a", "ã": "a", "å": "a", "ç": "c", "è": "e",
        "é": "e", "ê": "e", "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i", "ñ": "n",
        "ò": "o", "ó": "o", "ô": "o", "ö": "o", "õ": "o", "ù": "u", "ú": "u", "û": "u",
        "ü": "u", "ý": "y", "ÿ": "y", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe",
        "À": "A", "Á": "A", "Â": "A", "Ä": "A", "Ç": "C", "È": "E", "É": "E", "Ê": "E",
        "Ö": "O", "Ü": "U", "Ñ": "N", "Ø": "O", "Å": "A", "Æ": "AE",
    ]
}
