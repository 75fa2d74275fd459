// swift-tools-version: 6.0
//
// rnnlab: a terminal lab for learning recurrent neural networks.
// The module graph follows the architecture: the engine and the renderer know nothing of
// each other; the lab joins them; the executable only parses arguments and wires things up.

import PackageDescription

let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The engine is compiled for x86-64-v3 (AVX2, FMA, BMI2: every x86-64 CPU since 2013–2015,
/// and the machines rnnlab is built and used on), so its SIMD kernels run four doubles per
/// instruction instead of two and fused multiply–adds are single instructions (without FMA
/// hardware each one would be a C library call). An explicit level rather than
/// -march=native, so the binary does not depend on the CPU it was built on; debug and
/// release alike, so both compute the same numbers.
#if arch(x86_64)
let engineSettings: [SwiftSetting] = strictSwift + [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])]
#else
let engineSettings = strictSwift
#endif

/// The engine's hottest kernels again, eight doubles to a vector, for x86-64-v4 (AVX-512);
/// the engine calls them only once it has checked that the processor runs them.
#if arch(x86_64)
let wideKernelSettings: [SwiftSetting] = strictSwift + [.unsafeFlags(["-Xcc", "-march=x86-64-v4"])]
#else
let wideKernelSettings = strictSwift
#endif

let package = Package(
    name: "rnnlab",
    products: [
        .executable(name: "rnnlab", targets: ["rnnlab"]),
        .library(name: "RNNEngine", targets: ["RNNEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: - Public API

        /// Vectors, cells, networks, traces, BPTT, losses, optimizers, safetensors.
        .target(name: "RNNEngine", dependencies: ["WideKernels", "CCPUFeatures"], swiftSettings: engineSettings),

        /// Tables, sparklines, heat strips, plots and the blocks commands return.
        .target(name: "Rendering", swiftSettings: strictSwift),

        /// Lesson files: model, parser, linter, runner state machine, progress store.
        .target(name: "Lessons", swiftSettings: strictSwift),

        /// The command grammar, session state and every command of the lab.
        .target(
            name: "Lab",
            dependencies: ["RNNEngine", "Rendering", "Lessons"],
            swiftSettings: strictSwift
        ),

        /// The line editor: libedit on a terminal, plain lines otherwise.
        .target(
            name: "LineEditing",
            dependencies: ["CLineEditShim"],
            swiftSettings: strictSwift
        ),

        /// The `rnnlab` command: argument parsing and wiring.
        .executableTarget(
            name: "rnnlab",
            dependencies: [
                "RNNEngine", "Rendering", "Lessons", "Lab", "LineEditing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: - Implementation details

        /// libedit, found through pkg-config.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        /// Non-variadic wrappers around libedit and the C stdio globals Swift 6 cannot touch.
        .target(name: "CLineEditShim", dependencies: ["CLibEdit"]),

        /// The engine's matrix products, activations and Adam for AVX-512, bit for bit the
        /// engine's own; see `LaneWidth` in RNNEngine.
        .target(name: "WideKernels", swiftSettings: wideKernelSettings),

        /// What the processor runs, read with CPUID and XGETBV (which Swift cannot issue).
        .target(name: "CCPUFeatures"),

        // MARK: - Tests

        /// What more than one test target builds its inputs with.
        .target(name: "TestSupport", dependencies: ["RNNEngine"], path: "Tests/TestSupport", swiftSettings: strictSwift),
        .testTarget(name: "RNNEngineTests", dependencies: ["RNNEngine"],
                    resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"],
                    resources: [.copy("Golden")], swiftSettings: strictSwift),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons"], swiftSettings: strictSwift),
        .testTarget(name: "LabTests", dependencies: ["Lab", "RNNEngine", "Rendering", "Lessons", "LineEditing", "TestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing"], swiftSettings: strictSwift),
        .testTarget(name: "EndToEndTests", dependencies: ["rnnlab", "RNNEngine", "TestSupport"],
                    resources: [.copy("Transcripts")], swiftSettings: strictSwift),
    ]
)
