import Testing

@Test func placeholderRendering() { #expect(1 + 1 == 2) }
