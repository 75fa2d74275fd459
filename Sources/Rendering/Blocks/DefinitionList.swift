/// Terms and what they mean, such as a command's options: each text wraps under itself,
/// to the right of the longest term, so nothing is cut at any width.
public struct DefinitionList: Sendable, Equatable {
    /// One term and its text.
    public struct Item: Sendable, Equatable {
        /// What is defined, shown as written: `--steps N`.
        public var term: String
        /// What it means, in light markup like prose.
        public var text: String

        /// Creates an item.
        public init(term: String, text: String) {
            self.term = term
            self.text = text
        }
    }

    /// A line above the items.
    public var title: String?
    /// The items, in order.
    public var items: [Item]

    /// Creates a list.
    public init(title: String? = nil, items: [Item]) {
        self.title = title
        self.items = items
    }
}
