import Testing

@Test func placeholderLab() { #expect(1 + 1 == 2) }
